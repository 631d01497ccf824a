/** Reply policy per service desk and request type: modes, delay, limits, footer, handoff rules. */
package com.jsmai.plugin.policy;

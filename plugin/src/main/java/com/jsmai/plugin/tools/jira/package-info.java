/** The built-in Jira tools, each bound to the ticket being answered and its reporter. */
package com.jsmai.plugin.tools.jira;

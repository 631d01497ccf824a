/**
 * Admin-configured HTTP tools: YAML definitions, URL templates, secrets, field extraction,
 * ownership binding, result cache, and a client that reaches only allowed hosts at allowed
 * addresses.
 */
package com.jsmai.plugin.tools.http;

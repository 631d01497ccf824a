/**
 * The agent side panel: proven identity (Forge token on Cloud, Jira OAuth 2.0 with PKCE on Data
 * Center), ticket brief, streamed suggestions with their tool calls, insert and feedback.
 */
package com.jsmai.plugin.panel;

package com.jsmai.plugin.panel;

/**
 * An agent whose identity the panel has proven for one issue.
 *
 * @param id Jira user name (Data Center) or Atlassian account id (Cloud)
 * @param displayName the name to show
 * @param via how it was proven: {@code oauth}, {@code forge} or {@code local}
 * @param csrf the session's CSRF token, or null for token-authenticated calls (no cookie, no CSRF)
 */
public record PanelUser(String id, String displayName, String via, String csrf) {}

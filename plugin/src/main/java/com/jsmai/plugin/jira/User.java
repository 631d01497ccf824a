package com.jsmai.plugin.jira;

import java.util.Objects;

/**
 * A Jira account.
 *
 * @param accountId Cloud account id, or the Data Center user key
 * @param displayName name shown in Jira
 * @param email address, or null when Jira hides it
 * @param type {@code customer} (portal customer), {@code atlassian} (agent or licensed user) or
 *     {@code app}
 */
public record User(String accountId, String displayName, String email, String type) {
  public User {
    Objects.requireNonNull(accountId, "accountId");
  }

  public boolean isCustomer() {
    return "customer".equals(type);
  }
}

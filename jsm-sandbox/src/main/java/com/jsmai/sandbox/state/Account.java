package com.jsmai.sandbox.state;

import com.jsmai.sandbox.Flavor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A seeded Jira account with its credentials. The credentials are deterministic test values, never
 * real secrets: Cloud uses {@code email:apiToken} Basic auth, Data Center a personal access token
 * ({@code Bearer pat}) or {@code username:password} Basic auth.
 *
 * @param accountId Cloud account id (also the sandbox's internal id)
 * @param username Data Center user name ({@code name})
 * @param userKey Data Center user key ({@code key}, for example {@code JIRAUSER10100})
 * @param displayName name shown in Jira
 * @param email email address (also the Cloud login)
 * @param type atlassian, app or customer
 * @param admin true for Jira administrators (may register webhooks)
 * @param apiToken Cloud API token
 * @param pat Data Center personal access token
 * @param password Data Center password
 * @param timeZone IANA time zone
 */
public record Account(
    String accountId,
    String username,
    String userKey,
    String displayName,
    String email,
    AccountType type,
    boolean admin,
    String apiToken,
    String pat,
    String password,
    String timeZone) {

  public Account {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(type, "type");
    if (accountId.isBlank() || username.isBlank()) {
      throw new IllegalArgumentException("blank accountId or username: '" + accountId + "'");
    }
  }

  /** True for portal customers: they see public comments only and may not post internal ones. */
  public boolean isCustomer() {
    return type == AccountType.CUSTOMER;
  }

  /** True for licensed users and app accounts (agents). */
  public boolean isAgent() {
    return type != AccountType.CUSTOMER;
  }

  /**
   * The {@code Authorization} header this account sends in {@code flavor}: Basic {@code
   * email:apiToken} on Cloud, {@code Bearer pat} on Data Center.
   */
  public String authorization(Flavor flavor) {
    return flavor.isCloud()
        ? "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8))
        : "Bearer " + pat;
  }
}

package com.jsmai.sandbox;

import com.jsmai.sandbox.state.Account;

/**
 * A seeded account as tests see it, with ready-made credentials. These are fixed test values of the
 * sandbox, never real secrets.
 *
 * @param accountId Cloud account id
 * @param username Data Center user name
 * @param userKey Data Center user key
 * @param displayName display name
 * @param email email address (the Cloud login)
 * @param accountType {@code atlassian}, {@code app} or {@code customer}
 * @param admin Jira administrator
 * @param apiToken Cloud API token
 * @param pat Data Center personal access token
 * @param password Data Center password
 * @param authorization the {@code Authorization} header for this sandbox's flavour
 */
public record SandboxAccount(
    String accountId,
    String username,
    String userKey,
    String displayName,
    String email,
    String accountType,
    boolean admin,
    String apiToken,
    String pat,
    String password,
    String authorization) {

  static SandboxAccount of(Account a, Flavor flavor) {
    return new SandboxAccount(
        a.accountId(),
        a.username(),
        a.userKey(),
        a.displayName(),
        a.email(),
        a.type().wire(),
        a.admin(),
        a.apiToken(),
        a.pat(),
        a.password(),
        a.authorization(flavor));
  }

  /**
   * The id Jira uses for this account in this flavour: the accountId on Cloud, the user name on
   * Data Center (for example in {@code raiseOnBehalfOf}).
   */
  public String idFor(Flavor flavor) {
    return flavor.isCloud() ? accountId : username;
  }

  public boolean isCustomer() {
    return "customer".equals(accountType);
  }
}

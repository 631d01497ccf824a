package com.jsmai.plugin.web;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser: who it is and what it may do. Sessions live on the server only; the cookie
 * holds a random id.
 *
 * @param id the opaque cookie value (256 random bits)
 * @param user who signed in (Jira account id or local admin name)
 * @param displayName the name to show
 * @param admin may use the admin screens
 * @param jiraAccessToken the agent's OAuth access token on Data Center, or null; used to check that
 *     the agent can see an issue, never sent to the browser
 * @param csrf the token every form and state-changing request must carry
 * @param expires when the session ends
 */
public record Session(
    String id,
    String user,
    String displayName,
    boolean admin,
    String jiraAccessToken,
    String csrf,
    Instant expires) {
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(csrf, "csrf");
    Objects.requireNonNull(expires, "expires");
  }

  @Override
  public String toString() {
    return "Session[user=" + user + ", admin=" + admin + ", expires=" + expires + "]";
  }
}

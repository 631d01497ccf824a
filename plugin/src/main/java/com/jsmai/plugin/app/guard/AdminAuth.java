package com.jsmai.plugin.app.guard;

import io.javalin.http.Context;

/**
 * Decides whether a request to the admin audit endpoints comes from a Jira administrator. The admin
 * UI implements it with its session or Atlassian Connect/Forge token check; until then {@link
 * #DENY_ALL} refuses every request (security by default: audit exports are plaintext).
 */
@FunctionalInterface
public interface AdminAuth {
  AdminAuth DENY_ALL = ctx -> false;

  /** True when the request may read and export the audit log. Must not throw. */
  boolean isAdmin(Context ctx);
}

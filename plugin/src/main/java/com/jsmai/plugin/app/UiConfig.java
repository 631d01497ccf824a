package com.jsmai.plugin.app;

import com.jsmai.plugin.cloud.ForgeSite;
import com.jsmai.plugin.config.Secret;
import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code ui} section: the agent panel and admin screens served next to the webhook.
 *
 * @param enabled serve {@code /panel} and {@code /admin} (default true)
 * @param settingsFile SQLite file of the versioned live settings, seeded once from this config file
 *     (null: {@code jsmai-settings.db} next to {@code inbox.file})
 * @param feedbackFile SQLite file of agents' suggestion feedback (null: {@code jsmai-feedback.db}
 *     next to {@code inbox.file})
 * @param settingsKey base64 AES key that seals secrets in the settings file; when absent a key is
 *     generated once into {@code <settingsFile>.key} (owner-only) so a demo starts without setup
 * @param adminUser local admin user name (null: no local sign-in)
 * @param adminPasswordHash that admin's hash from {@code plugin.jar hash-password}; when absent a
 *     one-time password is generated at startup and printed once on stderr
 * @param publicBaseUrl the URL browsers use to reach this service (OAuth callback, secure cookies
 *     when https)
 * @param frameAncestors CSP {@code frame-ancestors} for the panel: the Jira origin that embeds it
 * @param allowLocalAdmins lets the signed-in local admin open the panel (standalone demo only)
 * @param jiraOAuthClientId Jira Data Center OAuth 2.0 client (incoming link) for agent and admin
 *     sign-in through Jira, or null
 * @param jiraOAuthClientSecret its secret ({@code ${env:...}})
 * @param jiraOAuthBaseUrl where Jira's OAuth endpoints are (null: {@code jira.baseUrl})
 * @param forgeAppId the Forge app id whose invocation tokens the panel accepts (Cloud), or null
 * @param forgeJwksUrl the JWKS URL of Forge invocation tokens
 * @param forgeCloudId the one Cloud site whose Forge calls {@code POST /forge/panel} serves (a
 *     valid token alone does not say which site's tickets it may read); required with {@code
 *     forgeAppId}
 * @param forgeInstallationId that site's app installation, or null for any installation there
 * @param forgeApiBaseUrl where product calls for the site go (null: Atlassian's gateway for the
 *     cloud id)
 * @param connectionsFromFile at every start, write this file's {@code jira} connection and {@code
 *     model} endpoint over the saved ones (as a new settings version by {@code config-file}) when
 *     they differ; default false: after the first start the admin screens own them
 */
public record UiConfig(
    Boolean enabled,
    Path settingsFile,
    Path feedbackFile,
    Secret settingsKey,
    String adminUser,
    String adminPasswordHash,
    URI publicBaseUrl,
    String frameAncestors,
    Boolean allowLocalAdmins,
    String jiraOAuthClientId,
    Secret jiraOAuthClientSecret,
    URI jiraOAuthBaseUrl,
    String forgeAppId,
    URI forgeJwksUrl,
    String forgeCloudId,
    String forgeInstallationId,
    URI forgeApiBaseUrl,
    Boolean connectionsFromFile) {
  public UiConfig {
    connectionsFromFile = connectionsFromFile != null && connectionsFromFile;
    enabled = enabled == null || enabled;
    allowLocalAdmins = allowLocalAdmins != null && allowLocalAdmins;
    if (adminUser != null && !adminUser.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException(
          "ui.adminUser must be 1-64 letters, digits or ._@-, was: " + adminUser);
    }
    if (adminPasswordHash != null && adminPasswordHash.isBlank()) adminPasswordHash = null;
    if (jiraOAuthClientId != null && jiraOAuthClientId.isBlank()) jiraOAuthClientId = null;
    if (jiraOAuthClientId != null && (jiraOAuthClientSecret == null || publicBaseUrl == null)) {
      throw new IllegalArgumentException(
          "ui.jiraOAuthClientId is set: ui.jiraOAuthClientSecret and ui.publicBaseUrl (for the"
              + " callback URL) are required too");
    }
    if (forgeAppId != null && forgeAppId.isBlank()) forgeAppId = null;
    if (forgeAppId != null && forgeJwksUrl == null) {
      throw new IllegalArgumentException("ui.forgeAppId is set: ui.forgeJwksUrl is required too");
    }
    if (forgeCloudId != null && forgeCloudId.isBlank()) forgeCloudId = null;
    if (forgeAppId != null && forgeCloudId == null) {
      throw new IllegalArgumentException(
          "ui.forgeAppId is set: ui.forgeCloudId is required too (the site whose tokens to accept,"
              + " from https://<site>.atlassian.net/_edge/tenant_info)");
    }
    if (forgeAppId == null && (forgeCloudId != null || forgeInstallationId != null)) {
      throw new IllegalArgumentException(
          "ui.forgeCloudId and ui.forgeInstallationId need ui.forgeAppId");
    }
    if (publicBaseUrl != null
        && !("http".equals(publicBaseUrl.getScheme())
            || "https".equals(publicBaseUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "ui.publicBaseUrl must be an http(s) URL, was: " + publicBaseUrl);
    }
  }

  /** The Cloud site Forge calls are checked against, or null when Forge is not configured. */
  public ForgeSite forgeSite() {
    return forgeAppId == null
        ? null
        : new ForgeSite(forgeCloudId, forgeInstallationId, forgeApiBaseUrl);
  }
}

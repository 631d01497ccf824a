package com.jsmai.plugin.cloud;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The one Jira Cloud site (and, optionally, the one installation of our Forge app) whose Forge
 * Invocation Tokens the plugin serves. A FIT signed by Atlassian for the right app but another site
 * (another customer who installed the same app) must not reach this site's tickets, so the FIT's
 * {@code context.cloudId}, {@code app.installationId} and {@code app.apiBaseUrl} are compared with
 * these values.
 *
 * @param cloudId the site's cloud id ({@code https://<site>.atlassian.net/_edge/tenant_info})
 * @param installationId the app installation ({@code ari:cloud:ecosystem::installation/...}), or
 *     null to accept any installation on this site
 * @param apiBaseUrl where product calls for this site go; null means Atlassian's gateway {@code
 *     https://api.atlassian.com/ex/jira/<cloudId>} (tests point it at the sandbox)
 */
public record ForgeSite(String cloudId, String installationId, URI apiBaseUrl) {
  private static final Pattern CLOUD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  public ForgeSite {
    if (cloudId == null || !CLOUD_ID.matcher(cloudId).matches()) {
      throw new IllegalArgumentException("forge cloudId is not a cloud id: " + cloudId);
    }
    if (installationId != null && installationId.isBlank()) installationId = null;
    if (installationId != null
        && !installationId.startsWith("ari:cloud:ecosystem::installation/")) {
      throw new IllegalArgumentException(
          "forge installationId must start with ari:cloud:ecosystem::installation/: "
              + installationId);
    }
    if (apiBaseUrl == null) apiBaseUrl = URI.create("https://api.atlassian.com/ex/jira/" + cloudId);
    String scheme = apiBaseUrl.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("forge apiBaseUrl must be http(s): " + apiBaseUrl);
    }
  }

  /** Null when the invocation belongs to this site, else why not (safe to show). */
  public String mismatch(ForgeInvocation inv) {
    if (!cloudId.equals(inv.cloudId())) return "the token is for another site";
    if (installationId != null && !installationId.equals(inv.installationId())) {
      return "the token is for another installation";
    }
    if (inv.apiBaseUrl() == null || !same(apiBaseUrl, inv.apiBaseUrl())) {
      return "the token names another API base URL";
    }
    return null;
  }

  private static boolean same(URI expected, String given) {
    String a = expected.toString();
    String b = given;
    if (a.endsWith("/")) a = a.substring(0, a.length() - 1);
    if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
    return a.equals(b);
  }
}

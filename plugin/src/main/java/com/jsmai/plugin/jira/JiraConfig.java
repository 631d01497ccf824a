package com.jsmai.plugin.jira;

import com.jsmai.plugin.config.Checks;
import com.jsmai.plugin.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * How to reach Jira.
 *
 * @param flavor {@code cloud} (REST v3, ADF, Basic email + API token) or {@code datacenter} (REST
 *     v2, wiki markup, Bearer personal access token)
 * @param baseUrl the site, for example {@code https://example.atlassian.net}
 * @param email Cloud account email for Basic auth
 * @param apiToken Cloud API token
 * @param personalAccessToken Data Center personal access token
 * @param connectTimeout TCP connect timeout
 * @param readTimeout whole-call timeout of one HTTP request
 * @param maxRetries retries after 429/503 or a connection failure
 * @param maxRetryWait the longest single wait the client accepts (a longer {@code Retry-After}
 *     fails the call instead of blocking a worker)
 */
public record JiraConfig(
    Flavor flavor,
    URI baseUrl,
    String email,
    Secret apiToken,
    Secret personalAccessToken,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    Duration maxRetryWait) {

  /** Which Jira deployment the plugin talks to. */
  public enum Flavor {
    CLOUD,
    DATACENTER
  }

  public JiraConfig {
    if (flavor == null) {
      throw new IllegalArgumentException("jira.flavor must be cloud or datacenter");
    }
    baseUrl = Checks.httpUrl("jira.baseUrl", baseUrl);
    connectTimeout = Checks.positive("jira.connectTimeout", connectTimeout, Duration.ofSeconds(5));
    readTimeout = Checks.positive("jira.readTimeout", readTimeout, Duration.ofSeconds(30));
    maxRetryWait = Checks.positive("jira.maxRetryWait", maxRetryWait, Duration.ofSeconds(60));
    Checks.range("jira.maxRetries", maxRetries, 0, 20);
    if (email != null && email.isBlank()) {
      email = null;
    }
  }

  /** True when the credentials the flavour needs are present. */
  public boolean hasCredentials() {
    return flavor == Flavor.CLOUD ? email != null && apiToken != null : personalAccessToken != null;
  }

  /**
   * The {@code Authorization} header value for the flavour: Basic {@code email:apiToken} (UTF-8)
   * for Cloud, Bearer personal access token for Data Center. It holds the secret: never log it.
   *
   * @throws IllegalStateException when the credentials are missing ({@link #hasCredentials})
   */
  public String authorization() {
    if (!hasCredentials()) {
      throw new IllegalStateException("no Jira credentials configured for flavor " + flavor);
    }
    return flavor == Flavor.CLOUD
        ? "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken.reveal()).getBytes(StandardCharsets.UTF_8))
        : "Bearer " + personalAccessToken.reveal();
  }
}

package com.jsmai.plugin.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.http.ClientPools;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;

/** Factories for the REST {@link JiraClient}: Cloud or Data Center, from config or explicitly. */
public final class JiraClients {
  /** How long an idle connection to Jira stays in the pool: see {@link ClientPools}. */
  static final Duration IDLE_CONNECTION_KEEP_ALIVE = ClientPools.IDLE_KEEP_ALIVE;

  private JiraClients() {}

  /** A client for {@code config.flavor()}; fails when the flavour's credentials are missing. */
  public static JiraClient create(JiraConfig config) {
    return create(config, Sleeper.SYSTEM, Clock.systemUTC());
  }

  /** Cloud: REST v3 with ADF, Basic {@code email:apiToken}. Default timeouts and retries. */
  public static JiraClient cloud(URI baseUrl, String email, Secret apiToken) {
    return create(
        new JiraConfig(
            JiraConfig.Flavor.CLOUD, baseUrl, email, apiToken, null, null, null, 4, null));
  }

  /** Data Center: REST v2 with wiki markup, Bearer personal access token. */
  public static JiraClient dataCenter(URI baseUrl, Secret personalAccessToken) {
    return create(
        new JiraConfig(
            JiraConfig.Flavor.DATACENTER,
            baseUrl,
            null,
            null,
            personalAccessToken,
            null,
            null,
            4,
            null));
  }

  /** With an explicit sleeper and clock (tests record waits instead of sleeping). */
  public static JiraClient create(JiraConfig config, Sleeper sleeper, Clock clock) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.readTimeout().plus(config.connectTimeout()))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .connectionPool(ClientPools.shortIdle())
            .build();
    RetryPolicy retry =
        new RetryPolicy(
            clock,
            Duration.ofSeconds(1),
            config.maxRetryWait(),
            bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    return new RestJiraClient(config, http, new ObjectMapper(), retry, sleeper);
  }
}

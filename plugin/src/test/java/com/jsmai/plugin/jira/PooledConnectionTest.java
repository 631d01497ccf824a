package com.jsmai.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.testing.IdleClosingServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Kept-alive connections and servers that close idle ones. */
class PooledConnectionTest {
  @Test
  void get_afterTheServerClosedTheIdleConnection_answersWithoutAFailedAttempt() throws Exception {
    // A Node.js-like server: idle connections closed after 5 s, longer than our pool keeps them.
    try (IdleClosingServer server =
        new IdleClosingServer(Duration.ofSeconds(5), "{\"key\":\"k\",\"value\":{\"n\":1}}")) {
      RecordingSleeper sleeper = new RecordingSleeper();
      JiraClient jira =
          JiraClients.create(
              new JiraConfig(
                  JiraConfig.Flavor.CLOUD,
                  URI.create(server.base()),
                  "bot@example.com",
                  Secret.of("api-token"),
                  null,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5),
                  3,
                  Duration.ofSeconds(60)),
              sleeper,
              Clock.systemUTC());
      assertThat(jira.getIssueProperty("SD-1", "p")).isPresent();

      Thread.sleep(JiraClients.IDLE_CONNECTION_KEEP_ALIVE.plusSeconds(2).toMillis());

      assertThat(jira.getIssueProperty("SD-1", "p")).isPresent();
      // Before: the pooled connection was reused after the server had closed it, the call failed
      // with "unexpected end of stream" and was retried after a backoff.
      assertThat(sleeper.waits).isEmpty();
      assertThat(server.requests()).isEqualTo(2);
      assertThat(server.connections()).isEqualTo(2);
    }
  }
}

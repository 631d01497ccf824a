package com.jsmai.plugin.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.testing.IdleClosingServer;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

/** A tool's kept-alive connection and a service that closes idle ones. */
class PooledConnectionToolTest {
  @Test
  void execute_afterTheServiceClosedTheIdleConnection_stillAnswers() throws Exception {
    // A Node.js-like order service: idle connections closed after 5 s.
    try (IdleClosingServer server =
        new IdleClosingServer(Duration.ofSeconds(5), "{\"status\":\"shipped\"}")) {
      AddressPolicy loopback =
          new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.1/32")));
      Secrets secrets = new Secrets(SecretResolver.of(Map.of()));
      HttpTools tools = new HttpTools(loopback, secrets, Dns.SYSTEM, new FakeTicker());
      HttpToolDefinition definition =
          HttpToolTest.definition(
              """
              name: order_status
              description: the status of an order
              parameters:
                type: object
                properties:
                  id: {type: string}
              request:
                url: "%s/orders/{id}"
              result:
                fields:
                  status: $.status
              """
                  .formatted(server.base()));
      try (ToolExecutor executor =
          new ToolExecutor(
              ToolRegistry.of(tools.create(definition)),
              new InMemoryToolCallRecorder(),
              secrets,
              Duration.ofSeconds(10),
              4,
              Clock.systemUTC())) {
        CallResult first = executor.execute(call("1"), HttpToolTest.contextFor(HttpToolTest.ANA));
        assertThat(first.result().outcome()).isEqualTo(Outcome.OK);

        Thread.sleep(HttpTools.IDLE_CONNECTION_KEEP_ALIVE.plusSeconds(2).toMillis());

        // Before: the pooled connection was reused after the service had closed it, and the
        // customer's order lookup failed with "the service could not be reached".
        CallResult second = executor.execute(call("2"), HttpToolTest.contextFor(HttpToolTest.ANA));
        assertThat(second.result().outcome()).isEqualTo(Outcome.OK);
        assertThat(second.result().data().get("status").asText()).isEqualTo("shipped");
        assertThat(server.connections()).isEqualTo(2);
      }
    }
  }

  private static ToolCall call(String id) {
    return new ToolCall("c" + id, "order_status", "{\"id\":\"" + id + "\"}");
  }
}

package com.jsmai.plugin.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ownership binding over the real retail-orders data set (tau-bench): every order served with
 * its owner's email, asked for by its owner and by other customers.
 */
class RetailOrdersOwnershipTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path dataset() {
    String root = System.getProperty("jsmai.repo.root", ".");
    Path dir = Path.of(root, "..", "shared", "datasets", "retail-orders").normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("orders.json")),
        "retail-orders data set not found at " + dir + "; skipping");
    return dir;
  }

  @Test
  void execute_ordersOfTheDataSet_onlyTheirOwnersSeeThem() throws IOException {
    Path dir = dataset();
    JsonNode users = JSON.readTree(dir.resolve("users.json").toFile());
    JsonNode orders = JSON.readTree(dir.resolve("orders.json").toFile());
    Map<String, ObjectNode> served = new HashMap<>();
    List<String> ids = new ArrayList<>();
    orders
        .fields()
        .forEachRemaining(
            e -> {
              ObjectNode order = (ObjectNode) e.getValue().deepCopy();
              order.put("email", users.get(order.get("user_id").asText()).get("email").asText());
              served.put(e.getKey(), order);
              ids.add(e.getKey());
            });
    ids.sort(null);

    Secrets secrets =
        new Secrets(SecretResolver.of(Map.of("ORDERS_API_KEY", LoopbackOrderServer.API_KEY)));
    try (LoopbackOrderServer server = new LoopbackOrderServer(served);
        InputStream in = getClass().getResourceAsStream("/tools/query_order_status.yaml")) {
      HttpToolDefinition example =
          HttpToolTest.definition(
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .replace("http://127.0.0.1:8480", server.base()));
      HttpTools http =
          new HttpTools(
              new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.1/32"))), secrets);
      try (ToolExecutor executor =
          new ToolExecutor(
              ToolRegistry.of(http.create(example)),
              new InMemoryToolCallRecorder(),
              secrets,
              Duration.ofSeconds(10),
              4,
              Clock.systemUTC())) {
        Random random = new Random(42);
        int own = 0;
        int foreign = 0;
        for (int i = 0; i < 90; i++) {
          ObjectNode order = served.get(ids.get(random.nextInt(ids.size())));
          boolean asOwner = i % 3 == 0;
          String email =
              asOwner
                  ? order.get("email").asText()
                  : served.get(ids.get(random.nextInt(ids.size()))).get("email").asText();
          User reporter = new User("acc-" + i, "customer " + i, email, "customer");
          String args =
              JSON.createObjectNode().put("order_id", order.get("order_id").asText()).toString();

          CallResult result =
              executor.execute(
                  new ToolCall("c" + i, "query_order_status", args),
                  HttpToolTest.contextFor(reporter));

          if (email.equalsIgnoreCase(order.get("email").asText())) {
            own++;
            assertThat(result.result().outcome()).isEqualTo(Outcome.OK);
            assertThat(result.result().data().get("status").asText())
                .isEqualTo(order.get("status").asText());
          } else {
            foreign++;
            assertThat(result.result().outcome())
                .as("order %s for %s", order.get("order_id"), email)
                .isEqualTo(Outcome.NOT_OWNER);
            assertThat(result.result().data()).isNull();
          }
        }
        assertThat(own).isGreaterThan(25);
        assertThat(foreign).isGreaterThan(45);
      }
    }
  }
}

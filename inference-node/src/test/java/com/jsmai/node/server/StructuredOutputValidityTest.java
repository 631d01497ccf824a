package com.jsmai.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.node.engine.EngineConfig;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The guarantee, end to end: 200 sampled generations of the random-weight tiny checkpoint through
 * the real server (16 at a time, so through the batching scheduler), with {@code response_format:
 * json_schema} and with {@code tool_choice} required or named, every one parsed strictly and
 * validated by networknt against its schema.
 */
@Tag("slow")
class StructuredOutputValidityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

  static {
    SCHEMAS.put(
        "order",
        "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\","
            + "\"pattern\":\"^#W[0-9]{7}$\"},\"quantity\":{\"type\":\"integer\",\"minimum\":1,"
            + "\"maximum\":9}},\"required\":[\"order_id\",\"quantity\"],"
            + "\"additionalProperties\":false}");
    SCHEMAS.put(
        "ticket",
        "{\"type\":\"object\",\"properties\":{\"category\":{\"enum\":[\"refund\",\"shipping\","
            + "\"password\",\"other\"]},\"priority\":{\"type\":\"integer\",\"minimum\":1,"
            + "\"maximum\":4},\"summary\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":60},"
            + "\"escalate\":{\"type\":\"boolean\"}},\"required\":[\"category\",\"priority\","
            + "\"summary\",\"escalate\"],\"additionalProperties\":false}");
    SCHEMAS.put(
        "items",
        "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"minItems\":1,"
            + "\"maxItems\":3,\"items\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":"
            + "\"string\",\"maxLength\":12},\"price\":{\"type\":\"number\",\"minimum\":0,"
            + "\"maximum\":1000}},\"required\":[\"sku\",\"price\"],\"additionalProperties\":false}}},"
            + "\"required\":[\"items\"],\"additionalProperties\":false}");
    SCHEMAS.put(
        "reply",
        "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\",\"maxLength\":80},"
            + "\"confidence\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"tags\":{\"type\":"
            + "\"array\",\"items\":{\"type\":\"string\",\"maxLength\":10},\"maxItems\":4}},"
            + "\"required\":[\"answer\",\"confidence\"]}");
    SCHEMAS.put(
        "nullable",
        "{\"type\":\"object\",\"properties\":{\"email\":{\"anyOf\":[{\"type\":\"string\","
            + "\"maxLength\":30},{\"type\":\"null\"}]},\"count\":{\"type\":\"integer\"}},"
            + "\"required\":[\"email\",\"count\"],\"additionalProperties\":false}");
  }

  private record Case(String kind, String name, String body) {}

  @Test
  void chat_200ConstrainedGenerations_everyOutputParsesAndValidates() throws Exception {
    List<Case> cases = new ArrayList<>();
    int[] budgets = {40, 64, 100, 160};
    List<String> names = new ArrayList<>(SCHEMAS.keySet());
    for (int i = 0; i < 150; i++) {
      String name = names.get(i % names.size());
      ObjectNode body = base(i, budgets[i % budgets.length]);
      body.putObject("response_format")
          .put("type", "json_schema")
          .putObject("json_schema")
          .put("name", name)
          .set("schema", JSON.readTree(SCHEMAS.get(name)));
      cases.add(new Case("schema", name, body.toString()));
    }
    for (int i = 0; i < 50; i++) {
      ObjectNode body = base(1000 + i, budgets[i % budgets.length] + 20);
      ArrayNode tools = body.putArray("tools");
      for (String name : List.of("order", "ticket")) {
        tools
            .addObject()
            .put("type", "function")
            .putObject("function")
            .put("name", "submit_" + name)
            .set("parameters", JSON.readTree(SCHEMAS.get(name)));
      }
      if (i % 2 == 0) {
        body.put("tool_choice", "required");
      } else {
        body.putObject("tool_choice")
            .put("type", "function")
            .putObject("function")
            .put("name", "submit_ticket");
      }
      cases.add(new Case(i % 2 == 0 ? "required" : "named", null, body.toString()));
    }

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try (ServingStack stack =
        TestStacks.start(
            EngineConfig.defaults(256L << 20), ServerConfig.loopback(0, TestStacks.MODEL))) {
      URI uri = URI.create("http://127.0.0.1:" + stack.port() + "/v1/chat/completions");
      int valid = 0;
      for (int from = 0; from < cases.size(); from += 16) {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        List<Case> wave = cases.subList(from, Math.min(cases.size(), from + 16));
        for (Case c : wave) {
          inFlight.add(
              http.sendAsync(
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(c.body()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < wave.size(); i++) {
          HttpResponse<String> r = inFlight.get(i).get(10, TimeUnit.MINUTES);
          check(wave.get(i), r);
          valid++;
        }
      }
      assertThat(valid).isEqualTo(200);
    }
  }

  private static ObjectNode base(int seed, int maxTokens) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", TestStacks.MODEL);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "Answer in JSON.");
    messages.addObject().put("role", "user").put("content", "Case " + seed + ": fill the form.");
    body.put("temperature", seed % 5 == 0 ? 0.0 : 1.0);
    body.put("seed", seed);
    body.put("max_tokens", maxTokens);
    return body;
  }

  private static void check(Case c, HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode choice = JSON.readTree(r.body()).get("choices").get(0);
    String schema;
    String json;
    if (c.kind().equals("schema")) {
      schema = SCHEMAS.get(c.name());
      json = choice.get("message").get("content").asText();
    } else {
      // OpenAI: a forced named function finishes with "stop", a required/auto call "tool_calls".
      assertThat(choice.get("finish_reason").asText())
          .as(r.body())
          .isEqualTo(c.kind().equals("named") ? "stop" : "tool_calls");
      JsonNode calls = choice.get("message").get("tool_calls");
      assertThat(calls).as(r.body()).hasSize(1);
      String name = calls.get(0).get("function").get("name").asText();
      if (c.kind().equals("named")) {
        assertThat(name).isEqualTo("submit_ticket");
      }
      assertThat(name).isIn("submit_order", "submit_ticket");
      schema = SCHEMAS.get(name.substring("submit_".length()));
      json = calls.get(0).get("function").get("arguments").asText();
    }
    JsonNode value;
    try {
      value = STRICT.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(c.kind() + " " + c.name() + ": output does not parse: " + json, e);
    }
    JsonSchema s = FACTORY.getSchema(schema);
    assertThat(s.validate(value)).as(c.kind() + " " + c.name() + ": " + json).isEmpty();
  }
}

package com.jsmai.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw HTTP against the real server: errors, auth, limits, tokenize, metrics. */
class ServerHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ServingStack stack;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() {
    stack = TestStacks.standard();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static HttpResponse<String> post(int port, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return post(stack.port(), path, body, TestStacks.KEY);
  }

  static HttpResponse<String> get(int port, String path, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static ObjectNode chat(String user, int maxTokens) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", TestStacks.MODEL);
    body.putArray("messages").addObject().put("role", "user").put("content", user);
    body.put("max_tokens", maxTokens);
    body.put("temperature", 0);
    return body;
  }

  private static JsonNode error(HttpResponse<String> r) throws Exception {
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertThat(e).as(r.body()).isNotNull();
    assertThat(e.get("message").asText()).isNotEmpty();
    assertThat(e.has("type")).isTrue();
    return e;
  }

  @Test
  void chat_noKeyOrWrongKey_401WithOpenAiError() throws Exception {
    HttpResponse<String> none =
        post(stack.port(), "/v1/chat/completions", chat("hi", 2).toString(), null);
    HttpResponse<String> wrong =
        post(stack.port(), "/v1/chat/completions", chat("hi", 2).toString(), "nope");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(error(none).get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(get(stack.port(), "/metrics", "nope").statusCode()).isEqualTo(401);
  }

  @Test
  void healthAndReady_noKeyNeeded_200() throws Exception {
    assertThat(get(stack.port(), "/health", null).statusCode()).isEqualTo(200);
    assertThat(get(stack.port(), "/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void chat_unknownModel_400NamingTheModel() throws Exception {
    ObjectNode body = chat("hi", 2).put("model", "gpt-9");

    HttpResponse<String> r = post("/v1/chat/completions", body.toString());

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = error(r);
    assertThat(e.get("message").asText()).contains("gpt-9");
    assertThat(e.get("param").asText()).isEqualTo("model");
  }

  @Test
  void chat_promptLongerThanContext_400WithTokenCounts() throws Exception {
    HttpResponse<String> r =
        post("/v1/chat/completions", chat("hello ".repeat(5000), 2).toString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("message").asText()).contains("maximum context length is 4096");
  }

  @Test
  void chat_invalidSchema_400() throws Exception {
    ObjectNode body = chat("hi", 20);
    body.putObject("response_format")
        .put("type", "json_schema")
        .putObject("json_schema")
        .put("name", "x")
        .putObject("schema")
        .put("type", "no-such-type");

    HttpResponse<String> r = post("/v1/chat/completions", body.toString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("message").asText()).contains("schema");
  }

  @Test
  void chat_malformedJsonOrBadField_400AndServerKeepsServing() throws Exception {
    HttpResponse<String> broken = post("/v1/chat/completions", "{\"messages\": [");
    HttpResponse<String> badTemp =
        post("/v1/chat/completions", chat("hi", 2).put("temperature", "hot").toString());
    HttpResponse<String> badMessages =
        post("/v1/chat/completions", "{\"messages\": [{\"content\": 3}]}");
    HttpResponse<String> badChoice =
        post("/v1/chat/completions", chat("hi", 2).put("tool_choice", "required").toString());

    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(error(broken).get("message").asText()).contains("not valid JSON");
    assertThat(badTemp.statusCode()).isEqualTo(400);
    assertThat(error(badTemp).get("param").asText()).isEqualTo("temperature");
    assertThat(badMessages.statusCode()).isEqualTo(400);
    assertThat(badChoice.statusCode()).isEqualTo(400);
    assertThat(post("/v1/chat/completions", chat("hi", 2).toString()).statusCode()).isEqualTo(200);
  }

  @Test
  void chat_bodyOverLimit_413() throws Exception {
    HttpResponse<String> r =
        post("/v1/chat/completions", chat("x".repeat(300 << 10), 2).toString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(error(r).get("code").asText()).isEqualTo("request_too_large");
  }

  @Test
  void unknownRoute_404InOpenAiShape() throws Exception {
    HttpResponse<String> r = get(stack.port(), "/v1/nothing", TestStacks.KEY);

    assertThat(r.statusCode()).isEqualTo(404);
    error(r);
  }

  @Test
  void tokenize_promptAndMessages_vllmShapeAndDetokenizeRoundTrips() throws Exception {
    HttpResponse<String> t =
        post(
            "/tokenize",
            "{\"model\":\"tiny-qwen2\",\"prompt\":\"Hello world\",\"return_token_strs\":true}");
    JsonNode tj = JSON.readTree(t.body());
    HttpResponse<String> chatCount =
        post("/tokenize", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"}]}");
    JsonNode cj = JSON.readTree(chatCount.body());

    assertThat(t.statusCode()).isEqualTo(200);
    assertThat(tj.get("count").asInt()).isEqualTo(2).isEqualTo(tj.get("tokens").size());
    assertThat(tj.get("max_model_len").asInt()).isEqualTo(4096);
    assertThat(tj.get("token_strs").get(1).asText()).isEqualTo("Ġworld");
    assertThat(cj.get("count").asInt()).isGreaterThan(5);
    assertThat(cj.get("token_strs").isNull()).isTrue();

    HttpResponse<String> d = post("/detokenize", "{\"tokens\":" + cj.get("tokens") + "}");
    assertThat(JSON.readTree(d.body()).get("prompt").asText())
        .startsWith("<|im_start|>user\nHello world<|im_end|>");

    HttpResponse<String> bad = post("/detokenize", "{\"tokens\":[-1]}");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void chat_usagePromptTokens_matchesTokenizeCount() throws Exception {
    ObjectNode body = chat("Count me exactly", 3);
    int counted = JSON.readTree(post("/tokenize", body.toString()).body()).get("count").asInt();

    JsonNode r = JSON.readTree(post("/v1/chat/completions", body.toString()).body());

    assertThat(r.get("usage").get("prompt_tokens").asInt()).isEqualTo(counted);
  }

  @Test
  void metrics_afterARequest_prometheusTextWithEngineSeries() throws Exception {
    post("/v1/chat/completions", chat("metrics please", 3).toString());

    HttpResponse<String> m = get(stack.port(), "/metrics", TestStacks.KEY);

    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body())
        .contains("jsmai_http_requests_total{path=\"/v1/chat/completions\",status=\"200\"}")
        .contains("jsmai_queue_depth ")
        .contains("jsmai_running_sequences ")
        .contains("jsmai_kv_cache_used_bytes ")
        .contains("jsmai_time_to_first_token_seconds_bucket{le=\"+Inf\"}")
        .contains("jsmai_inter_token_latency_seconds_count")
        .contains("jsmai_generated_tokens_total");
  }

  /** Reads SSE lines of a streamed response until {@code n} data lines were seen. */
  static BufferedReader readEvents(InputStream in, int n) throws Exception {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int seen = 0;
    while (seen < n) {
      String line = reader.readLine();
      if (line == null) {
        throw new AssertionError("stream ended after " + seen + " events");
      }
      if (line.startsWith("data: ")) {
        seen++;
      }
    }
    return reader;
  }
}

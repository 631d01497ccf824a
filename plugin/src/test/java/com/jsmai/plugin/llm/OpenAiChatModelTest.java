package com.jsmai.plugin.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link OpenAiChatModel} against a real loopback HTTP server speaking the OpenAI wire format. */
class OpenAiChatModelTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final MockWebServer server = new MockWebServer();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  OpenAiChatModel model(int attempts, int breakerThreshold) {
    return new OpenAiChatModel(
        new OpenAiChatModel.Config(
            server.url("/").toString(),
            "qwen2.5-0.5b-instruct",
            "sk-test-secret",
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            attempts,
            Duration.ofMillis(5),
            Duration.ofMillis(50),
            breakerThreshold,
            Duration.ofSeconds(30)),
        clock);
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  static final String COMPLETION =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"q",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello Ana"},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":21,"completion_tokens":3,"total_tokens":24}}""";

  @Test
  void complete_plainRequest_mapsRequestAndResponse() throws Exception {
    server.enqueue(json(COMPLETION));
    ChatRequest request =
        new ChatRequest(
            List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")),
            List.of(),
            ToolChoice.AUTO,
            0.2,
            0.9,
            64,
            42L,
            JSON.readTree("{\"type\":\"json_object\"}"));

    ChatResponse response = model(1, 5).complete(request);

    assertThat(response.message().content()).isEqualTo("Hello Ana");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.promptTokens()).isEqualTo(21);
    assertThat(response.completionTokens()).isEqualTo(3);
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer sk-test-secret");
    JsonNode body = JSON.readTree(recorded.getBody().readUtf8());
    assertThat(body.path("model").asText()).isEqualTo("qwen2.5-0.5b-instruct");
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("hi");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
    assertThat(body.path("seed").asLong()).isEqualTo(42L);
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void complete_withToolsAndNamedChoice_sendsThemAndParsesToolCalls() throws Exception {
    server.enqueue(
        json(
            """
        {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
          "content":null,"tool_calls":[{"id":"call_7","type":"function","function":
          {"name":"get_order","arguments":"{\\"order_id\\":\\"#W2378156\\"}"}}]}}]}"""));
    ToolSpec spec =
        new ToolSpec(
            "get_order",
            "Look up an order",
            JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}}}"));
    List<ChatMessage> history =
        List.of(
            ChatMessage.user("where is #W2378156"),
            ChatMessage.assistantCalls(null, List.of(new ToolCall("call_1", "get_order", "{}"))),
            ChatMessage.tool("call_1", "{\"status\":\"shipped\"}"));
    ChatRequest request =
        ChatRequest.of(history).withTools(List.of(spec), ToolChoice.function("get_order"));

    ChatResponse response = model(1, 5).complete(request);

    assertThat(response.hasToolCalls()).isTrue();
    assertThat(response.message().toolCalls())
        .containsExactly(new ToolCall("call_7", "get_order", "{\"order_id\":\"#W2378156\"}"));
    assertThat(response.finishReason()).isEqualTo("tool_calls");
    JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.path("tools").get(0).path("type").asText()).isEqualTo("function");
    assertThat(body.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_order");
    assertThat(body.path("tools").get(0).path("function").path("parameters").path("type").asText())
        .isEqualTo("object");
    assertThat(body.path("tool_choice").path("function").path("name").asText())
        .isEqualTo("get_order");
    JsonNode assistantTurn = body.path("messages").get(1);
    assertThat(assistantTurn.path("content").isNull()).isTrue();
    assertThat(assistantTurn.path("tool_calls").get(0).path("function").path("arguments").asText())
        .isEqualTo("{}");
    assertThat(body.path("messages").get(2).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(body.path("messages").get(2).path("role").asText()).isEqualTo("tool");
  }

  @Test
  void complete_toolChoiceRequired_sentAsString() throws Exception {
    server.enqueue(json(COMPLETION));
    ToolSpec spec = new ToolSpec("handoff", "", JSON.readTree("{\"type\":\"object\"}"));
    model(1, 5)
        .complete(
            ChatRequest.of(List.of(ChatMessage.user("x")))
                .withTools(List.of(spec), ToolChoice.REQUIRED));

    JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.path("tool_choice").asText()).isEqualTo("required");
  }

  @Test
  void complete_choiceNoneWithoutTools_omitsToolChoice() throws Exception {
    server.enqueue(json(COMPLETION));
    model(1, 5)
        .complete(
            new ChatRequest(
                List.of(ChatMessage.user("x")), List.of(), ToolChoice.NONE, 0, 1, 8, null, null));

    JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void stream_sseChunks_deliversDeltasAndAssemblesAnswer() throws Exception {
    String sse =
        """
        data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

        data: {"choices":[{"index":0,"delta":{"content":"你好"}}]}

        : keep-alive comment

        data: {"choices":[{"index":0,"delta":{"content":", Ana"}}]}

        data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}}

        data: [DONE]

        """;
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    List<String> deltas = new ArrayList<>();

    ChatResponse response =
        model(1, 5).stream(ChatRequest.of(List.of(ChatMessage.user("hi"))), deltas::add);

    assertThat(deltas).containsExactly("你好", ", Ana");
    assertThat(response.message().content()).isEqualTo("你好, Ana");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.promptTokens()).isEqualTo(9);
    assertThat(response.completionTokens()).isEqualTo(4);
    JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void stream_toolCallDeltas_areJoinedByIndex() {
    String sse =
        """
        data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_order","arguments":""}}]}}]}

        data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"order_id\\":"}}]}}]}

        data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"#W1\\"}"}}]}}]}

        data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"handoff","arguments":"{}"}}]}}]}

        data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

        data: [DONE]

        """;
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    List<String> deltas = new ArrayList<>();

    ChatResponse response =
        model(1, 5).stream(ChatRequest.of(List.of(ChatMessage.user("hi"))), deltas::add);

    assertThat(deltas).isEmpty();
    assertThat(response.message().content()).isNull();
    assertThat(response.message().toolCalls())
        .containsExactly(
            new ToolCall("call_a", "get_order", "{\"order_id\":\"#W1\"}"),
            new ToolCall("call_b", "handoff", "{}"));
    assertThat(response.finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void complete_serverErrorsThenSuccess_retriesAndSucceeds() {
    server.enqueue(new MockResponse().setResponseCode(503).setBody("warming up"));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(json(COMPLETION));

    ChatResponse response = model(3, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi"))));

    assertThat(response.message().content()).isEqualTo("Hello Ana");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void complete_tooManyRequestsWithRetryAfter_waitsThenSucceeds() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "0"));
    server.enqueue(json(COMPLETION));

    ChatResponse response = model(2, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi"))));

    assertThat(response.message().content()).isEqualTo("Hello Ana");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void complete_alwaysFailing_throwsModelUnavailableWithoutLeakingKey() {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setResponseCode(502));

    assertThatThrownBy(() -> model(3, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi")))))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("502")
        .hasMessageNotContaining("sk-test-secret");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void complete_readTimeout_throwsModelUnavailable() {
    server.enqueue(json(COMPLETION).setHeadersDelay(2, TimeUnit.SECONDS));

    assertThatThrownBy(() -> model(1, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi")))))
        .isInstanceOf(ModelUnavailableException.class);
  }

  @Test
  void complete_connectionDropped_retriesOnNextAttempt() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    server.enqueue(json(COMPLETION));

    ChatResponse response = model(2, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi"))));

    assertThat(response.message().content()).isEqualTo("Hello Ana");
  }

  @Test
  void complete_badRequest_throwsModelRequestExceptionWithoutRetry() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(400)
            .setBody("{\"error\":{\"message\":\"context length exceeded\"}}"));

    assertThatThrownBy(() -> model(3, 5).complete(ChatRequest.of(List.of(ChatMessage.user("hi")))))
        .isInstanceOf(ModelRequestException.class)
        .hasMessageContaining("context length exceeded");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void complete_breakerOpensAfterFailures_failsFastThenHalfOpensAfterWait() {
    OpenAiChatModel model = model(1, 2);
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(500));
    ChatRequest request = ChatRequest.of(List.of(ChatMessage.user("hi")));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> model.complete(request))
          .isInstanceOf(ModelUnavailableException.class);
    }

    assertThatThrownBy(() -> model.complete(request))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("circuit breaker is open");
    assertThat(server.getRequestCount()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json(COMPLETION));
    assertThat(model.complete(request).message().content()).isEqualTo("Hello Ana");
    assertThat(model.breaker().isOpen()).isFalse();
  }

  @Test
  void stream_failureAfterText_isNotRetried() {
    // The body ends mid-event: text was delivered, so a retry would repeat it.
    String sse =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {bro";
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    server.enqueue(json(COMPLETION));
    List<String> deltas = new ArrayList<>();

    assertThatThrownBy(
            () -> model(3, 5).stream(ChatRequest.of(List.of(ChatMessage.user("hi"))), deltas::add))
        .isInstanceOf(ModelUnavailableException.class);
    assertThat(deltas).containsExactly("Hel");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void config_toString_hidesApiKey() {
    assertThat(OpenAiChatModel.Config.of("http://127.0.0.1:1", "m", "sk-very-secret").toString())
        .doesNotContain("sk-very-secret");
  }

  @Test
  void config_badUrl_isRejectedWithTheValue() {
    assertThatThrownBy(() -> OpenAiChatModel.Config.of("not a url", "m", null))
        .hasMessageContaining("not a url");
  }
}

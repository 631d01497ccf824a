package com.jsmai.plugin.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteTokenCounterTest {
  final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  RemoteTokenCounter counter() {
    return new RemoteTokenCounter(server.url("/").toString(), "qwen", null, Duration.ofSeconds(2));
  }

  @Test
  void count_messages_postsVllmShapeAndReadsCountAndContextLength() throws Exception {
    server.enqueue(
        new MockResponse().setBody("{\"count\":17,\"tokens\":[1,2],\"max_model_len\":32768}"));
    RemoteTokenCounter counter = counter();

    int n = counter.count(List.of(ChatMessage.system("s"), ChatMessage.user("你好")));

    assertThat(n).isEqualTo(17);
    assertThat(counter.maxModelLen()).hasValue(32768);
    var recorded = server.takeRequest();
    assertThat(recorded.getPath()).isEqualTo("/tokenize");
    JsonNode body = new ObjectMapper().readTree(recorded.getBody().readUtf8());
    assertThat(body.path("model").asText()).isEqualTo("qwen");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("你好");
    assertThat(body.path("add_generation_prompt").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1); // max_model_len was cached
  }

  @Test
  void count_text_sendsPrompt() throws Exception {
    server.enqueue(
        new MockResponse().setBody("{\"count\":3,\"tokens\":[1,2,3],\"max_model_len\":4096}"));

    assertThat(counter().count("hello there")).isEqualTo(3);
    JsonNode body = new ObjectMapper().readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.path("prompt").asText()).isEqualTo("hello there");
  }

  @Test
  void withFallback_serverDown_usesEstimate() {
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(500));
    TokenCounter counter = TokenCounter.withFallback(counter(), new EstimatingTokenCounter(8192));

    assertThat(counter.count("abcdef")).isEqualTo(3);
    assertThat(counter.maxModelLen()).hasValue(8192);
  }

  @Test
  void count_serverError_throwsModelUnavailable() {
    server.enqueue(new MockResponse().setResponseCode(404));

    assertThatThrownBy(() -> counter().count("x"))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("404");
  }

  @Test
  void estimate_rules_countDigitsLettersAndCjk() {
    EstimatingTokenCounter estimate = new EstimatingTokenCounter(null);

    assertThat(estimate.count("我的订单在哪里")).isEqualTo(16); // 7 x 2, +10%
    assertThat(estimate.count("where is it")).isEqualTo(5); // 2 + 1 + 1, +10%
    assertThat(estimate.count("SO-20240915-8812"))
        .isEqualTo(17); // 15, +10% // digits are one token each
    assertThat(estimate.count(List.of(ChatMessage.user("where is it"))))
        .isEqualTo(
            5
                + EstimatingTokenCounter.PER_MESSAGE_OVERHEAD
                + EstimatingTokenCounter.GENERATION_PROMPT);
    assertThat(estimate.maxModelLen()).isEmpty();
  }
}

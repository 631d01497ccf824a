package com.jsmai.plugin.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.EstimatingTokenCounter;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.OpenAiChatModel;
import com.jsmai.plugin.llm.RemoteTokenCounter;
import com.jsmai.plugin.llm.TokenCounter;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.ManualScheduler;
import com.jsmai.plugin.testing.MutableClock;
import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline with the real HTTP model client and {@code /tokenize} counter against a loopback
 * server that speaks the OpenAI and vLLM wire formats: what production wiring does, minus Jira.
 */
class ReplyOverHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final User ANA = new User("acc-ana", "Ana", null, "customer");
  static final User BOB = new User("acc-bob", "Bob", null, "atlassian");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  final FakeJira jira = new FakeJira(clock);
  final MockWebServer server = new MockWebServer();
  final List<JsonNode> chatBodies = new CopyOnWriteArrayList<>();
  volatile boolean down;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              JsonNode body = JSON.readTree(request.getBody().readUtf8());
              if (down) return new MockResponse().setResponseCode(503);
              if ("/tokenize".equals(request.getPath())) {
                // A stand-in tokenizer: one token per 3 characters of the JSON payload.
                int count = body.toString().length() / 3;
                return new MockResponse()
                    .setBody("{\"count\":" + count + ",\"tokens\":[],\"max_model_len\":4096}");
              }
              chatBodies.add(body);
              String system = body.path("messages").get(0).path("content").asText();
              String answer =
                  system.startsWith("You summarise") ? "Earlier: parcel late." : "It ships today.";
              return new MockResponse()
                  .setBody(
                      "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
                          + "{\"role\":\"assistant\",\"content\":\""
                          + answer
                          + "\"}}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":4}}");
            } catch (Exception e) {
              return new MockResponse().setResponseCode(400);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  ReplyOrchestrator orchestrator() {
    String base = server.url("/").toString();
    OpenAiChatModel model =
        new OpenAiChatModel(
            new OpenAiChatModel.Config(
                base,
                "qwen",
                null,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                2,
                Duration.ofMillis(5),
                Duration.ofMillis(20),
                5,
                Duration.ofSeconds(30)),
            clock);
    TokenCounter tokens =
        TokenCounter.withFallback(
            new RemoteTokenCounter(base, "qwen", null, Duration.ofSeconds(2)),
            new EstimatingTokenCounter(8192));
    return ReplyOrchestrator.builder(jira, model)
        .tokenCounter(tokens)
        .clock(clock)
        .scheduler(new ManualScheduler())
        .config(
            ReplyConfig.defaults()
                .withPolicies(Scoped.of(ReplyPolicy.defaults().withMode(ReplyMode.AUTO))))
        .build();
  }

  @Test
  void process_longThreadOverHttp_postsReplyAndSendsMemoryButNoInternalNotes() {
    jira.createTicket("SD-7", ANA, "Late parcel", "Order #W2378156 is late", Map.of());
    jira.agentComment("SD-7", BOB, "internal: warehouse code WH-SECRET-9", false);
    for (int i = 0; i < 10; i++) jira.customerComment("SD-7", ANA, "Still waiting, day " + i);
    Comment last = jira.customerComment("SD-7", ANA, "Please tell me when it ships.");
    JiraEvent event =
        new JiraEvent(
            "d-1",
            JiraEvent.Kind.COMMENT_CREATED,
            "SD-7",
            null,
            last.id(),
            ANA.accountId(),
            "customer",
            clock.millis(),
            "{}");

    var outcome = orchestrator().process(event);

    assertThat(outcome).isEqualTo(ReplyOrchestrator.Outcome.PUBLIC_REPLY);
    assertThat(jira.assistantComments("SD-7").get(0).body()).startsWith("It ships today.");
    assertThat(chatBodies).hasSizeGreaterThanOrEqualTo(2); // a summary and the reply
    JsonNode reply = chatBodies.get(chatBodies.size() - 1);
    assertThat(reply.path("messages").get(0).path("content").asText())
        .contains("[MEMORY] order number: #W2378156")
        .contains("Earlier: parcel late.");
    assertThat(chatBodies.toString()).doesNotContain("WH-SECRET-9");
  }

  @Test
  void process_modelServerDown_throwsSoTheInboxRetries() {
    jira.createTicket("SD-8", ANA, "Late parcel", "Order #W2378156 is late", Map.of());
    down = true;
    JiraEvent event =
        new JiraEvent(
            "d-2",
            JiraEvent.Kind.ISSUE_CREATED,
            "SD-8",
            null,
            null,
            ANA.accountId(),
            "customer",
            clock.millis(),
            "{}");

    assertThatThrownBy(() -> orchestrator().process(event))
        .isInstanceOf(ModelUnavailableException.class);
    assertThat(jira.assistantComments("SD-8")).isEmpty();
  }
}

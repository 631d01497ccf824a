package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.audit.AuditEvent;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.reply.Assistant;
import com.jsmai.plugin.reply.ReplyOrchestrator.Outcome;
import com.jsmai.plugin.tools.LoopSettings;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolLoop;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import com.jsmai.plugin.tools.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail of a tool-using reply, secrets kept out of it, and rate limits never dropping.
 */
class GuardAuditAndLimitsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_KEY = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  static final String BASIC = "Basic YWRtaW5AYWNtZS5jb206QVRBVFQzeEZmR0Y=";

  @TempDir Path dir;

  /** A read tool whose result text carries an Authorization header, as a careless API might. */
  static final class OrderStatusTool implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec(
          "order_status",
          "Order status by order id",
          JSON.createObjectNode()
              .put("type", "object")
              .set(
                  "properties",
                  JSON.createObjectNode()
                      .set("orderId", JSON.createObjectNode().put("type", "string"))));
    }

    @Override
    public Effect effect() {
      return Effect.READ;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
      return ToolResult.ok(
          "order "
              + arguments.path("orderId").asText()
              + " shipped; upstream request had Authorization: "
              + BASIC);
    }
  }

  @Test
  void process_toolUsingReply_auditHoldsPromptResponseToolCallDecisionAndNoSecret()
      throws Exception {
    ToolExecutor[] executor = new ToolExecutor[1];
    GuardHarness[] self = new GuardHarness[1];
    try (GuardHarness h =
        new GuardHarness(
            dir,
            "faq:\n  fallbackBot: false\n",
            b -> b,
            model ->
                request -> {
                  // The tool loop as the integration wires it, recording through the guard rails.
                  executor[0] =
                      new ToolExecutor(
                          ToolRegistry.of(new OrderStatusTool()),
                          self[0].guard.recorder(),
                          Secrets.none(),
                          Duration.ofSeconds(5),
                          2,
                          Clock.systemUTC());
                  var result =
                      new ToolLoop(model, executor[0], LoopSettings.DEFAULTS)
                          .run(
                              request.chat(),
                              new ToolContext(request.ticket(), ToolPolicy.readOnly()));
                  return Assistant.Answer.reply(result.finalMessage().content());
                })) {
      self[0] = h;
      h.jira.createTicket(
          "SD-20",
          GuardHarness.ANA,
          "Order #W100",
          "Where is order #W100? My old API key " + API_KEY + " stopped working too.",
          Map.of());
      h.model
          .thenCall("order_status", "{\"orderId\":\"W100\"}")
          .thenReply("Order W100 has shipped.");

      Outcome outcome = h.orchestrator.process(h.created("SD-20", GuardHarness.ANA));

      assertThat(outcome).isEqualTo(Outcome.PUBLIC_REPLY);
      var entries = h.guard.auditLog().byTicket("SD-20");
      assertThat(entries.stream().map(e -> e.event().kind()))
          .contains(
              AuditEvent.Kind.CONVERSATION_TURN,
              AuditEvent.Kind.PROMPT,
              AuditEvent.Kind.MODEL_RESPONSE,
              AuditEvent.Kind.TOOL_CALL,
              AuditEvent.Kind.POLICY_DECISION);
      String decrypted =
          String.join(
              "\n",
              entries.stream().map(e -> e.event().actor() + " " + e.event().payload()).toList());
      assertThat(decrypted)
          .contains("order_status")
          .contains("W100")
          .contains("Order W100 has shipped.");
      assertThat(decrypted)
          .doesNotContain(API_KEY)
          .doesNotContain(BASIC)
          .doesNotContain("YWRtaW5A");
      // On disk: neither the secrets nor even the conversation in clear (content is encrypted).
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f :
            files.filter(p -> p.getFileName().toString().startsWith("audit.db")).toList()) {
          String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertThat(raw)
              .doesNotContain(API_KEY)
              .doesNotContain("YWRtaW5A")
              .doesNotContain("Where is order");
        }
      }
      assertThat(h.guard.metrics().scrape())
          .contains("jsmai_tool_calls_total{tool=\"order_status\",outcome=\"ok\"} 1")
          .contains("jsmai_replies_total{mode=\"auto\"} 1");
      assertThat(h.guard.auditFailures()).isZero();
    } finally {
      if (executor[0] != null) executor[0].close();
    }
  }

  @Test
  void handle_overReplyLimitWithQueue_throwsForRetryThenHandsOffOnLastAttempt() throws Exception {
    String yaml =
        "faq:\n  fallbackBot: false\ninbox:\n  maxAttempts: 3\n"
            + "ratelimit:\n  customerReplies: 1\n  overLimit: QUEUE\n";
    try (GuardHarness h = new GuardHarness(dir, yaml)) {
      h.jira.createTicket("SD-21", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      h.handler.handle(h.created("SD-21", GuardHarness.ANA));
      assertThat(h.publicReplies("SD-21")).isEqualTo(1);

      h.jira.createTicket(
          "SD-22", GuardHarness.ANA, "Invoice", "Please send my invoice.", Map.of());
      var event = h.created("SD-22", GuardHarness.ANA);
      for (int attempt = 1; attempt <= 2; attempt++) {
        assertThatThrownBy(() -> h.handler.handle(event))
            .isInstanceOf(RateLimitedException.class)
            .isInstanceOf(ModelUnavailableException.class) // so the inbox keeps it pending
            .hasMessageContaining("customer_replies");
        assertThat(h.jira.assistantComments("SD-22")).isEmpty();
      }

      h.handler.handle(event); // the inbox's last attempt: handed off, not dropped

      // The internal note, then (auto mode) the customer's public handoff notice.
      List<Comment> notes =
          h.jira.assistantComments("SD-22").stream().filter(c -> !c.isPublic()).toList();
      assertThat(notes).hasSize(1);
      assertThat(h.handoffNotices("SD-22")).isEqualTo(1);
      assertThat(notes.get(0).isPublic()).isFalse();
      assertThat(notes.get(0).body()).contains("rate limit customer_replies");
      assertThat(h.guard.metrics().scrape())
          .contains("jsmai_rate_limited_total{limit=\"customer_replies\",action=\"queue\"} 2")
          .contains("jsmai_rate_limited_total{limit=\"customer_replies\",action=\"handoff\"} 1")
          .contains("jsmai_handoffs_total{reason=\"rate_limit\"} 1");
      assertThat(
              h.guard.auditLog().byTicket("SD-22").stream()
                  .filter(e -> e.event().payload().contains("\"queued\"")))
          .hasSize(2);
    }
  }

  @Test
  void handle_overReplyLimitWithHandoff_handsOffAtOnceAndOtherCustomersStillServed()
      throws Exception {
    String yaml =
        "faq:\n  fallbackBot: false\nratelimit:\n  customerReplies: 1\n  overLimit: HANDOFF\n";
    try (GuardHarness h = new GuardHarness(dir, yaml)) {
      h.jira.createTicket("SD-23", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      h.jira.createTicket(
          "SD-24", GuardHarness.ANA, "Invoice", "Please send my invoice.", Map.of());
      h.jira.createTicket(
          "SD-25", GuardHarness.BEA, "Invoice", "Please send my invoice.", Map.of());

      h.handler.handle(h.created("SD-23", GuardHarness.ANA));
      h.handler.handle(h.created("SD-24", GuardHarness.ANA));
      h.handler.handle(h.created("SD-25", GuardHarness.BEA));

      assertThat(h.publicReplies("SD-23")).isEqualTo(1);
      assertThat(h.publicReplies("SD-24")).isZero();
      assertThat(h.handoffNotices("SD-24")).isEqualTo(1);
      assertThat(h.jira.assistantComments("SD-24").get(0).body()).contains("rate limit");
      assertThat(h.publicReplies("SD-25")).isEqualTo(1);
    }
  }

  @Test
  void handle_overModelCallLimit_queuesWithoutCallingTheModel() throws Exception {
    String yaml =
        "faq:\n  fallbackBot: false\ninbox:\n  maxAttempts: 5\n"
            + "ratelimit:\n  customerModelCalls: 1\n";
    try (GuardHarness h = new GuardHarness(dir, yaml)) {
      h.jira.createTicket("SD-26", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      h.jira.createTicket(
          "SD-27", GuardHarness.ANA, "Invoice", "Please send my invoice.", Map.of());
      h.handler.handle(h.created("SD-26", GuardHarness.ANA));
      int calls = h.model.requests().size();

      assertThatThrownBy(() -> h.handler.handle(h.created("SD-27", GuardHarness.ANA)))
          .isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("customer_model_calls");
      assertThat(h.model.requests()).hasSize(calls);
      assertThat(h.jira.assistantComments("SD-27")).isEmpty();
    }
  }

  @Test
  void handle_retryAfterModelOutage_doesNotSpendASecondReplyToken() throws Exception {
    String yaml = "faq:\n  fallbackBot: false\nratelimit:\n  customerReplies: 1\n";
    try (GuardHarness h = new GuardHarness(dir, yaml)) {
      h.jira.createTicket("SD-28", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      var event = h.created("SD-28", GuardHarness.ANA);
      h.model.setDown(true);
      assertThatThrownBy(() -> h.handler.handle(event))
          .isInstanceOf(ModelUnavailableException.class)
          .isNotInstanceOf(RateLimitedException.class);

      h.model.setDown(false);
      h.handler.handle(event);

      assertThat(h.publicReplies("SD-28")).isEqualTo(1);
      assertThat(h.guard.metrics().scrape()).doesNotContain("jsmai_rate_limited_total{");
    }
  }
}

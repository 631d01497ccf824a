package com.jsmai.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecorderTest {
  @TempDir Path dir;

  @Test
  void recorder_eachPipelineStep_storedAsOneEventWithJsonPayload() throws Exception {
    AuditKeyRing keys = new AuditKeyRing(Map.of("k1", new byte[32]), "k1");
    try (AuditLog log =
        new AuditLog(
            new AuditLog.Config(dir.resolve("a.db"), null, keys),
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      AuditRecorder audit = new AuditRecorder(log);
      ToolCall call = new ToolCall("call-1", "lookup_order", "{\"order_id\":\"#W1\"}");

      audit.turn("SD-1", "c-1", true, "Where is #W1?");
      audit.prompt(
          "SD-1",
          ChatRequest.of(List.of(ChatMessage.system("sys"), ChatMessage.user("Where is #W1?"))));
      audit.response(
          "SD-1",
          new ChatResponse(ChatMessage.assistantCalls(null, List.of(call)), "tool_calls", 50, 9),
          Duration.ofMillis(420));
      audit.toolCall("SD-1", call, "ok", "{\"status\":\"shipped\"}");
      audit.decision("SD-1", "output-guard", "passed", "passed");

      List<AuditLog.Entry> entries = log.byTicket("SD-1");
      assertThat(entries)
          .extracting(e -> e.event().kind())
          .containsExactly(
              AuditEvent.Kind.CONVERSATION_TURN,
              AuditEvent.Kind.PROMPT,
              AuditEvent.Kind.MODEL_RESPONSE,
              AuditEvent.Kind.TOOL_CALL,
              AuditEvent.Kind.POLICY_DECISION);
      JsonNode prompt = new ObjectMapper().readTree(entries.get(1).event().payload());
      assertThat(prompt.path("messages").get(1).path("content").asText())
          .isEqualTo("Where is #W1?");
      JsonNode response = new ObjectMapper().readTree(entries.get(2).event().payload());
      assertThat(response.path("toolCalls").get(0).path("name").asText()).isEqualTo("lookup_order");
      assertThat(response.path("latencyMs").asLong()).isEqualTo(420);
      assertThat(entries.get(3).event().actor()).isEqualTo("lookup_order");
    }
  }
}

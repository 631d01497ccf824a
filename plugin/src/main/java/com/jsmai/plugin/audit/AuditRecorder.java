package com.jsmai.plugin.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import java.time.Duration;
import java.util.Objects;

/**
 * What the reply pipeline calls to audit a ticket's processing, in the shared {@code llm} records'
 * terms: each method turns one step into an {@link AuditEvent} with a JSON payload (secrets are
 * redacted by {@link AuditLog}). Thread-safe.
 */
public final class AuditRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AuditLog log;

  public AuditRecorder(AuditLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  /** A customer's or agent's message on the ticket. */
  public void turn(String ticketKey, String authorAccountId, boolean isPublic, String text) {
    ObjectNode p = JSON.createObjectNode().put("public", isPublic).put("text", text);
    log.append(ticketKey, AuditEvent.Kind.CONVERSATION_TURN, authorAccountId, p.toString());
  }

  /** The full prompt sent to the model: every message and the offered tools' names. */
  public void prompt(String ticketKey, ChatRequest request) {
    ObjectNode p = JSON.createObjectNode();
    ArrayNode messages = p.putArray("messages");
    for (ChatMessage m : request.messages()) messages.add(message(m));
    ArrayNode tools = p.putArray("tools");
    request.tools().forEach(t -> tools.add(t.name()));
    p.put("temperature", request.temperature()).put("maxTokens", request.maxTokens());
    log.append(ticketKey, AuditEvent.Kind.PROMPT, "pipeline", p.toString());
  }

  /** The model's answer and how long it took. */
  public void response(String ticketKey, ChatResponse response, Duration latency) {
    ObjectNode p = message(response.message());
    p.put("finishReason", response.finishReason())
        .put("promptTokens", response.promptTokens())
        .put("completionTokens", response.completionTokens())
        .put("latencyMs", latency.toMillis());
    log.append(ticketKey, AuditEvent.Kind.MODEL_RESPONSE, "model", p.toString());
  }

  /** One tool call, its outcome ({@code ok}, {@code error}, {@code rejected}) and result text. */
  public void toolCall(String ticketKey, ToolCall call, String outcome, String result) {
    ObjectNode p =
        JSON.createObjectNode()
            .put("id", call.id())
            .put("arguments", call.argumentsJson())
            .put("outcome", outcome)
            .put("result", result);
    log.append(ticketKey, AuditEvent.Kind.TOOL_CALL, call.name(), p.toString());
  }

  /**
   * A policy decision: which check ({@code input-guard}, {@code output-guard}, {@code rate-limit},
   * {@code reply-mode}, …), what it decided and why.
   */
  public void decision(String ticketKey, String check, String decision, String reason) {
    ObjectNode p = JSON.createObjectNode().put("decision", decision).put("reason", reason);
    log.append(ticketKey, AuditEvent.Kind.POLICY_DECISION, check, p.toString());
  }

  private static ObjectNode message(ChatMessage m) {
    ObjectNode n =
        JSON.createObjectNode().put("role", m.role().wireName()).put("content", m.content());
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = n.putArray("toolCalls");
      for (ToolCall c : m.toolCalls()) {
        calls
            .addObject()
            .put("id", c.id())
            .put("name", c.name())
            .put("arguments", c.argumentsJson());
      }
    }
    if (m.toolCallId() != null) n.put("toolCallId", m.toolCallId());
    return n;
  }
}

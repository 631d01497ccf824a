package com.jsmai.plugin.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited fact.
 *
 * @param time when it happened
 * @param ticketKey the ticket it concerns, for example {@code SD-12}; {@code -} when none
 * @param kind what it is
 * @param actor who or what acted: a customer or agent account id, {@code model}, a tool name
 * @param payload the content (a prompt, a reply, tool arguments and result, a decision and its
 *     reason); secrets are redacted before it is stored
 */
public record AuditEvent(Instant time, String ticketKey, Kind kind, String actor, String payload) {

  public enum Kind {
    CONVERSATION_TURN,
    PROMPT,
    MODEL_RESPONSE,
    TOOL_CALL,
    POLICY_DECISION
  }

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    ticketKey = ticketKey == null || ticketKey.isBlank() ? "-" : ticketKey;
    actor = actor == null ? "" : actor;
    payload = payload == null ? "" : payload;
  }
}

package com.jsmai.plugin.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one tool call. Secret values are already scrubbed from every field.
 *
 * @param at when the call started
 * @param ticketKey the ticket it was made for
 * @param callId the model's call id
 * @param tool the tool name as the model wrote it (possibly an unknown one)
 * @param arguments the arguments as the model wrote them, at most {@value #MAX_TEXT} characters
 * @param outcome how it ended
 * @param summary a short description of the result (data or error), at most {@value #MAX_TEXT}
 *     characters
 * @param latency from start to outcome
 */
public record ToolCallRecord(
    Instant at,
    String ticketKey,
    String callId,
    String tool,
    String arguments,
    Outcome outcome,
    String summary,
    Duration latency) {
  public static final int MAX_TEXT = 2000;

  public ToolCallRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(ticketKey, "ticketKey");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(latency, "latency");
    arguments = clip(arguments);
    summary = clip(summary);
  }

  static String clip(String text) {
    if (text == null) return "";
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}

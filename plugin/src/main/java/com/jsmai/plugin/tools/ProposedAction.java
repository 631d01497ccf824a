package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A write the model asked for in {@code suggest} mode: validated and authorised in principle, but
 * waiting for an agent. Approve it with {@link ToolExecutor#executeApproved}.
 *
 * @param id unique id of the proposal (for the agent panel)
 * @param ticketKey the ticket it acts on
 * @param toolCallId the model's call id
 * @param tool the tool name
 * @param arguments the schema-valid arguments
 * @param proposedAt when the model asked for it
 */
public record ProposedAction(
    String id,
    String ticketKey,
    String toolCallId,
    String tool,
    JsonNode arguments,
    Instant proposedAt) {
  public ProposedAction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ticketKey, "ticketKey");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(proposedAt, "proposedAt");
    arguments = arguments.deepCopy();
  }
}

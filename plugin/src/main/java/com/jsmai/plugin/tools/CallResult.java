package com.jsmai.plugin.tools;

import com.jsmai.plugin.llm.ToolCall;
import java.util.Objects;
import java.util.Optional;

/**
 * One executed (or refused, or proposed) call.
 *
 * @param call the model's call
 * @param result what goes back to the model
 * @param proposal the proposed action when the outcome is {@link Outcome#PROPOSED}, else null
 * @param record what was recorded
 */
public record CallResult(
    ToolCall call, ToolResult result, ProposedAction proposal, ToolCallRecord record) {
  public CallResult {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(record, "record");
    if ((proposal != null) != (result.outcome() == Outcome.PROPOSED)) {
      throw new IllegalArgumentException("a proposal comes with, and only with, outcome proposed");
    }
  }

  public Optional<ProposedAction> proposed() {
    return Optional.ofNullable(proposal);
  }
}

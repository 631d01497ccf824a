package com.jsmai.plugin.tools;

import com.jsmai.plugin.llm.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the tool loop produced.
 *
 * @param finalMessage the model's last message: its answer when {@code stopReason} is {@code
 *     ANSWERED}; with {@code MAX_STEPS}, the last turn (which still asked for tools)
 * @param stopReason why the loop stopped
 * @param steps model calls made
 * @param calls the record of every tool call, in the order the model made them
 * @param proposals write actions waiting for an agent ({@code suggest} mode)
 * @param transcript the whole conversation as last sent to the model, plus its final message
 */
public record LoopResult(
    ChatMessage finalMessage,
    StopReason stopReason,
    int steps,
    List<ToolCallRecord> calls,
    List<ProposedAction> proposals,
    List<ChatMessage> transcript) {

  public enum StopReason {
    /** The model answered in text. */
    ANSWERED,
    /** The step limit was reached while the model still wanted tools: hand over to a human. */
    MAX_STEPS
  }

  public LoopResult {
    Objects.requireNonNull(finalMessage, "finalMessage");
    Objects.requireNonNull(stopReason, "stopReason");
    calls = List.copyOf(calls);
    proposals = List.copyOf(proposals);
    transcript = List.copyOf(transcript);
  }

  /** The answer text, present only when the model answered. */
  public Optional<String> answer() {
    if (stopReason != StopReason.ANSWERED) return Optional.empty();
    return Optional.ofNullable(finalMessage.content()).filter(s -> !s.isBlank());
  }
}

package com.jsmai.plugin.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When and how the assistant hands a ticket to a human. A handoff always writes an internal note
 * with the reason and pauses the assistant on the ticket; it may also transition the issue and add
 * labels.
 *
 * @param transitionName transition to run (for example "Escalate"), or null for none
 * @param labels labels to add, for example {@code ai-handoff} (agents filter their queue on it)
 * @param onRepeatedQuestion hand off when the customer asks the same thing again after an answer
 * @param maxModelFailures model answers in a row that are refused, empty or broken before handoff
 * @param modelDeadline how long after the event an unreachable model turns into a handoff note
 * @param extraHumanPhrases more phrases (lower case) that mean "I want a person"
 */
public record HandoffPolicy(
    String transitionName,
    List<String> labels,
    boolean onRepeatedQuestion,
    int maxModelFailures,
    Duration modelDeadline,
    List<String> extraHumanPhrases) {
  public HandoffPolicy {
    labels = List.copyOf(labels);
    extraHumanPhrases = List.copyOf(extraHumanPhrases);
    if (maxModelFailures < 1) {
      throw new IllegalArgumentException("maxModelFailures < 1: " + maxModelFailures);
    }
    Objects.requireNonNull(modelDeadline, "modelDeadline");
    if (modelDeadline.isNegative() || modelDeadline.isZero()) {
      throw new IllegalArgumentException("modelDeadline must be positive: " + modelDeadline);
    }
  }

  /** Label {@code ai-handoff}, no transition, repeated questions on, 3 failures, 15 minutes. */
  public static HandoffPolicy defaults() {
    return new HandoffPolicy(
        null, List.of("ai-handoff"), true, 3, Duration.ofMinutes(15), List.of());
  }
}

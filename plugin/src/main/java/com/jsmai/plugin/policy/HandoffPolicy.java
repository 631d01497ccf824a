package com.jsmai.plugin.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * @param customerNotice in auto mode, also tell the customer publicly that a person will reply (a
 *     fixed text: never the reason or anything else from the internal note); suggest and off modes
 *     never post it, agents answer there
 * @param customerNoticeText the notice's text per language ({@code en}, {@code zh}) where an admin
 *     wrote one; a language not in the map gets the built-in text
 */
public record HandoffPolicy(
    String transitionName,
    List<String> labels,
    boolean onRepeatedQuestion,
    int maxModelFailures,
    Duration modelDeadline,
    List<String> extraHumanPhrases,
    boolean customerNotice,
    Map<String, String> customerNoticeText) {
  /** The languages a custom notice text may be given for. */
  public static final Set<String> NOTICE_LANGUAGES = Set.of("en", "zh");

  /** Longest custom notice: it is an acknowledgement, not a place for instructions. */
  public static final int MAX_NOTICE_CHARS = 500;

  public HandoffPolicy {
    labels = List.copyOf(labels);
    extraHumanPhrases = List.copyOf(extraHumanPhrases);
    customerNoticeText = customerNoticeText == null ? Map.of() : Map.copyOf(customerNoticeText);
    for (Map.Entry<String, String> e : customerNoticeText.entrySet()) {
      if (!NOTICE_LANGUAGES.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "customerNoticeText: unknown language '" + e.getKey() + "' (use en or zh)");
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("customerNoticeText." + e.getKey() + " is blank");
      }
      if (e.getValue().length() > MAX_NOTICE_CHARS) {
        throw new IllegalArgumentException(
            "customerNoticeText."
                + e.getKey()
                + " is "
                + e.getValue().length()
                + " characters, more than "
                + MAX_NOTICE_CHARS);
      }
    }
    if (maxModelFailures < 1) {
      throw new IllegalArgumentException("maxModelFailures < 1: " + maxModelFailures);
    }
    Objects.requireNonNull(modelDeadline, "modelDeadline");
    if (modelDeadline.isNegative() || modelDeadline.isZero()) {
      throw new IllegalArgumentException("modelDeadline must be positive: " + modelDeadline);
    }
  }

  /** The rules without a customer-notice choice: the notice is on, with the built-in text. */
  public HandoffPolicy(
      String transitionName,
      List<String> labels,
      boolean onRepeatedQuestion,
      int maxModelFailures,
      Duration modelDeadline,
      List<String> extraHumanPhrases) {
    this(
        transitionName,
        labels,
        onRepeatedQuestion,
        maxModelFailures,
        modelDeadline,
        extraHumanPhrases,
        true,
        Map.of());
  }

  /**
   * Label {@code ai-handoff}, no transition, repeated questions on, 3 failures, 15 minutes, a
   * public notice to the customer (auto mode only) with the built-in text.
   */
  public static HandoffPolicy defaults() {
    return new HandoffPolicy(
        null, List.of("ai-handoff"), true, 3, Duration.ofMinutes(15), List.of());
  }

  public HandoffPolicy withCustomerNotice(boolean on, Map<String, String> text) {
    return new HandoffPolicy(
        transitionName,
        labels,
        onRepeatedQuestion,
        maxModelFailures,
        modelDeadline,
        extraHumanPhrases,
        on,
        text);
  }
}

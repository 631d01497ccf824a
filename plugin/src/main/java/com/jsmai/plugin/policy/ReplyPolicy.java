package com.jsmai.plugin.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How the assistant answers on one service desk / request type.
 *
 * @param mode off, suggest (internal draft) or auto (public reply)
 * @param delay wait before an automatic public reply; a human public reply in the meantime cancels
 *     it, a newer customer message restarts it. Zero for none; at most 1 hour
 * @param maxAutoReplies public replies the assistant may post on one ticket; the next trigger hands
 *     off instead
 * @param footer appended to every AI-written public reply (blank for none)
 * @param handoff handoff rules
 */
public record ReplyPolicy(
    ReplyMode mode, Duration delay, int maxAutoReplies, String footer, HandoffPolicy handoff) {
  public static final String DEFAULT_FOOTER =
      "— Automated answer from our AI assistant. Reply \"human\" (or \"转人工\") to reach a person.";

  public ReplyPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("delay must be between 0 and 1 hour: " + delay);
    }
    if (maxAutoReplies < 1) {
      throw new IllegalArgumentException("maxAutoReplies < 1: " + maxAutoReplies);
    }
    footer = footer == null ? "" : footer.strip();
    Objects.requireNonNull(handoff, "handoff");
  }

  /** Suggest mode (the safe default), no delay, 5 replies, the default footer and handoff. */
  public static ReplyPolicy defaults() {
    return new ReplyPolicy(
        ReplyMode.SUGGEST, Duration.ZERO, 5, DEFAULT_FOOTER, HandoffPolicy.defaults());
  }

  public ReplyPolicy withMode(ReplyMode newMode) {
    return new ReplyPolicy(newMode, delay, maxAutoReplies, footer, handoff);
  }

  public ReplyPolicy withDelay(Duration newDelay) {
    return new ReplyPolicy(mode, newDelay, maxAutoReplies, footer, handoff);
  }

  public ReplyPolicy withMaxAutoReplies(int max) {
    return new ReplyPolicy(mode, delay, max, footer, handoff);
  }

  public ReplyPolicy withHandoff(HandoffPolicy newHandoff) {
    return new ReplyPolicy(mode, delay, maxAutoReplies, footer, newHandoff);
  }
}

package com.jsmai.plugin.policy;

import com.jsmai.plugin.conversation.Language;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the assistant answers on one service desk / request type.
 *
 * @param mode off, suggest (internal draft) or auto (public reply)
 * @param delay wait before an automatic public reply; a human public reply in the meantime cancels
 *     it, a newer customer message restarts it. Zero for none; at most 1 hour
 * @param maxAutoReplies public replies the assistant may post on one ticket; the next trigger hands
 *     off instead
 * @param footer appended to every AI-written public reply (blank for none); the built-in default
 *     goes out in the customer's language where we have a translation ({@link #footerFor}), a
 *     footer an admin wrote is theirs and goes out as written
 * @param handoff handoff rules
 */
public record ReplyPolicy(
    ReplyMode mode, Duration delay, int maxAutoReplies, String footer, HandoffPolicy handoff) {
  public static final String DEFAULT_FOOTER =
      "— Automated answer from our AI assistant. Reply \"human\" (or \"转人工\") to reach a person.";

  /** {@link #DEFAULT_FOOTER} in Simplified Chinese, with the same two handoff words. */
  public static final String DEFAULT_FOOTER_ZH = "—— 此回复由 AI 助手自动生成。回复“转人工”（或 \"human\"）即可联系人工客服。";

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

  /**
   * The footer to append for a customer writing in {@code language}: only the built-in default is
   * translated (a Chinese customer used to get a Chinese answer under an English footer).
   */
  public String footerFor(Language language) {
    return language == Language.CHINESE && DEFAULT_FOOTER.equals(footer)
        ? DEFAULT_FOOTER_ZH
        : footer;
  }

  /** Every form the footer can take in a posted reply (to strip from the transcript). */
  public List<String> footerForms() {
    return DEFAULT_FOOTER.equals(footer) ? List.of(footer, DEFAULT_FOOTER_ZH) : List.of(footer);
  }
}

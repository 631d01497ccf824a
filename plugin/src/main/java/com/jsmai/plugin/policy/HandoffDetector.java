package com.jsmai.plugin.policy;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a customer's messages for reasons to hand off before the model is asked: an explicit
 * request for a person (English and Chinese phrases) or the same question asked again after the
 * assistant already answered it.
 *
 * <p>Stateless and thread-safe.
 */
public final class HandoffDetector {
  /** Lower-case phrases; matched as substrings of the lower-cased, whitespace-squeezed text. */
  static final List<String> HUMAN_PHRASES =
      List.of(
          "talk to a human",
          "speak to a human",
          "talk to a person",
          "speak to a person",
          "talk to someone",
          "speak to someone",
          "real person",
          "human agent",
          "live agent",
          "real agent",
          "talk to an agent",
          "speak to an agent",
          "speak with an agent",
          "talk with an agent",
          "speak with a human",
          "talk with a human",
          "customer service rep",
          "representative",
          "want a human",
          "need a human",
          "get me a human",
          "transfer me",
          "escalate",
          "not a bot",
          "stop the bot",
          "转人工",
          "人工客服",
          "人工服务",
          "找人工",
          "真人",
          "客服经理",
          "投诉");

  /** Character-bigram Jaccard similarity at or above which two questions are "the same". */
  static final double REPEAT_SIMILARITY = 0.8;

  private final List<String> phrases;

  public HandoffDetector(List<String> extraPhrases) {
    this.phrases =
        java.util.stream.Stream.concat(HUMAN_PHRASES.stream(), extraPhrases.stream())
            .map(p -> p.toLowerCase(Locale.ROOT))
            .toList();
  }

  /** The phrase that asks for a person, if the text has one. */
  public Optional<String> asksForHuman(String customerText) {
    String text = squeeze(customerText);
    // "human" alone is a full message in our footer's instructions.
    if (text.equals("human") || text.equals("agent") || text.equals("person")) {
      return Optional.of(text);
    }
    for (String phrase : phrases) {
      if (text.contains(phrase)) return Optional.of(phrase);
    }
    return Optional.empty();
  }

  /**
   * True when {@code latest} repeats one of {@code earlierAnswered}: customer messages that the
   * assistant or an agent already answered.
   */
  public boolean repeats(String latest, List<String> earlierAnswered) {
    Set<String> now = bigrams(latest);
    if (now.size() < 4) return false; // "ok", "thanks" repeat harmlessly
    for (String earlier : earlierAnswered) {
      if (jaccard(now, bigrams(earlier)) >= REPEAT_SIMILARITY) return true;
    }
    return false;
  }

  private static String squeeze(String text) {
    String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC);
    return folded.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Punct}，。！？、]+", " ").strip();
  }

  static Set<String> bigrams(String text) {
    String s = squeeze(text).replace(" ", "");
    Set<String> grams = new HashSet<>();
    for (int i = 0; i + 2 <= s.length(); i++) grams.add(s.substring(i, i + 2));
    return grams;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) return 0;
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }
}

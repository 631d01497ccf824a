package com.jsmai.plugin.faq;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cache key of a question: what two customers asking "the same thing" type identically. NFKC
 * (full-width to half-width), lower case, punctuation (Latin and CJK) and extra spaces removed,
 * leading greetings and trailing thanks dropped. "Hi! How do I RETURN an item?? Thanks" and "how do
 * i return an item" share a key.
 */
public final class QuestionNormalizer {
  private QuestionNormalizer() {}

  private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200F\\u2060\\uFEFF]");
  private static final Pattern PUNCT = Pattern.compile("[\\p{P}\\p{S}]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern GREETING =
      Pattern.compile(
          "^(?:(?:hi|hello|hey|dear (?:support|team)|good (?:morning|afternoon|evening)"
              + "|您好|你好|请问)\\s*)+");
  private static final Pattern THANKS =
      Pattern.compile(
          "(?:\\s*(?:thanks?(?: you)?(?: in advance)?|thx|cheers|regards|谢谢(?:你|您)?|多谢))+$");

  public static String normalize(String question) {
    if (question == null) return "";
    String s = Normalizer.normalize(question, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = INVISIBLE.matcher(s).replaceAll("");
    s = PUNCT.matcher(s).replaceAll(" ");
    s = SPACES.matcher(s).replaceAll(" ").trim();
    s = GREETING.matcher(s).replaceFirst("");
    s = THANKS.matcher(s).replaceFirst("");
    return s.trim();
  }
}

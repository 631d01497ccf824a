package com.jsmai.plugin.safety;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds the tricks that hide words from a pattern matcher: compatibility forms (full-width letters,
 * ligatures), zero-width and bidi control characters, Cyrillic and Greek look-alikes, and leetspeak
 * inside words. Detection runs on the folded text; evidence is quoted from it too.
 */
final class TextNormalizer {
  private TextNormalizer() {}

  // Zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi embeddings and isolates.
  private static final Pattern INVISIBLE =
      Pattern.compile(
          "[\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]");
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u3000]+");

  // Cyrillic and Greek letters that render like Latin ones (the usual homoglyph substitutions).
  private static final Map<Character, Character> HOMOGLYPHS =
      Map.ofEntries(
          Map.entry('а', 'a'),
          Map.entry('е', 'e'),
          Map.entry('о', 'o'),
          Map.entry('р', 'p'),
          Map.entry('с', 'c'),
          Map.entry('у', 'y'),
          Map.entry('х', 'x'),
          Map.entry('і', 'i'),
          Map.entry('ј', 'j'),
          Map.entry('ѕ', 's'),
          Map.entry('ԁ', 'd'),
          Map.entry('ɡ', 'g'),
          Map.entry('α', 'a'),
          Map.entry('ο', 'o'),
          Map.entry('ι', 'i'),
          Map.entry('ν', 'v'),
          Map.entry('τ', 't'),
          Map.entry('κ', 'k'));

  // A token that mixes letters with digits or symbols commonly used as letters: "1gn0re", "pr0mpt".
  private static final Pattern LEET_TOKEN =
      // Starts only at a token's start: a match inside a token implies one from its start (the
      // lookaheads see a superset), so this finds the same tokens without retrying every
      // position of every ordinary word.
      Pattern.compile(
          "(?<![a-z0-9@$|!])(?=[a-z0-9@$|!]*[a-z])(?=[a-z0-9@$|!]*[0-9@$|!])[a-z0-9@$|!]{3,}");

  /** Lower-cased, NFKC-folded text with invisible characters removed and homoglyphs mapped. */
  static String fold(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = INVISIBLE.matcher(s).replaceAll("");
    StringBuilder out = new StringBuilder(s.length());
    boolean latinNeighbour = s.chars().anyMatch(c -> c < 128 && Character.isLetter(c));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // Every look-alike is non-ASCII: ASCII skips the map lookup (and the boxing).
      Character mapped =
          latinNeighbour && c >= 128 ? HOMOGLYPHS.get(Character.toLowerCase(c)) : null;
      out.append(mapped != null ? mapped.charValue() : c);
    }
    return SPACES.matcher(out.toString().toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
  }

  /** {@link #fold} with leetspeak inside mixed tokens undone ("1gn0r3" becomes "ignore"). */
  static String unleet(String folded) {
    Matcher m = LEET_TOKEN.matcher(folded);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String token = m.group();
      // Pure numbers with a unit ("5kg", "3rd") are not leetspeak; require two or more letters.
      if (token.chars().filter(Character::isLetter).count() < 2) continue;
      StringBuilder t = new StringBuilder(token.length());
      for (char c : token.toCharArray()) {
        t.append(
            switch (c) {
              case '0' -> 'o';
              case '1', '!', '|' -> 'i';
              case '3' -> 'e';
              case '4', '@' -> 'a';
              case '5', '$' -> 's';
              case '7' -> 't';
              case '8' -> 'b';
              default -> c;
            });
      }
      m.appendReplacement(out, Matcher.quoteReplacement(t.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }
}

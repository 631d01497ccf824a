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
    return fold(text, true);
  }

  /**
   * {@link #fold}; {@code loops} false removes invisibles and collapses whitespace with the regular
   * expressions {@link #INVISIBLE} and {@link #SPACES}, as before the fourth round (the reference
   * the equivalence tests compare with); true does the same with character loops.
   */
  static String fold(String text, boolean loops) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = loops ? removeInvisible(s) : INVISIBLE.matcher(s).replaceAll("");
    StringBuilder out = new StringBuilder(s.length());
    boolean latinNeighbour = s.chars().anyMatch(c -> c < 128 && Character.isLetter(c));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // Every look-alike is non-ASCII: ASCII skips the map lookup (and the boxing).
      Character mapped =
          latinNeighbour && c >= 128 ? HOMOGLYPHS.get(Character.toLowerCase(c)) : null;
      out.append(mapped != null ? mapped.charValue() : c);
    }
    String lower = out.toString().toLowerCase(Locale.ROOT);
    return (loops ? collapseSpaces(lower) : SPACES.matcher(lower).replaceAll(" ")).trim();
  }

  /** The characters {@link #INVISIBLE} matches. */
  static boolean isInvisible(char c) {
    return c == '\u00AD'
        || (c >= '\u200B' && c <= '\u200F')
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2060' && c <= '\u2064')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\uFEFF';
  }

  /** The characters {@link #SPACES} matches: Java's \s, no-break space, ideographic space. */
  static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == 0x0B
        || c == '\f'
        || c == '\r'
        || c == '\u00A0'
        || c == '\u3000';
  }

  private static String removeInvisible(String s) {
    int i = 0;
    while (i < s.length() && !isInvisible(s.charAt(i))) i++;
    if (i == s.length()) return s;
    StringBuilder b = new StringBuilder(s.length());
    b.append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isInvisible(c)) b.append(c);
    }
    return b.toString();
  }

  /** Each run of {@link #isSpace} characters replaced by one space, as SPACES.replaceAll(" "). */
  private static String collapseSpaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean inRun = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (!inRun) b.append(' ');
        inRun = true;
      } else {
        b.append(c);
        inRun = false;
      }
    }
    return b.toString();
  }

  /** {@link #fold} with leetspeak inside mixed tokens undone ("1gn0r3" becomes "ignore"). */
  static String unleet(String folded) {
    return unleet(folded, true);
  }

  /**
   * {@link #unleet}; {@code loops} false finds the tokens with {@link #LEET_TOKEN}, as before the
   * fourth round (the reference for the equivalence tests). A {@code LEET_TOKEN} match is exactly a
   * maximal run of {@code [a-z0-9@$|!]} of three or more characters holding a letter and a digit or
   * symbol (the lookbehind allows only a run's start, the lookaheads see the whole run, the greedy
   * repetition takes all of it), which is what the loop looks for.
   */
  static String unleet(String folded, boolean loops) {
    if (loops) return unleetRuns(folded);
    Matcher m = LEET_TOKEN.matcher(folded);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String token = m.group();
      // Pure numbers with a unit ("5kg", "3rd") are not leetspeak; require two or more letters.
      if (token.chars().filter(Character::isLetter).count() < 2) continue;
      StringBuilder t = new StringBuilder(token.length());
      for (char c : token.toCharArray()) {
        t.append(unleetChar(c));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(t.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The letter a leetspeak digit or symbol stands for; any other character as it is. */
  private static char unleetChar(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', '!', '|' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      case '8' -> 'b';
      default -> c;
    };
  }

  private static boolean isLeetMember(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '@'
        || c == '$'
        || c == '|'
        || c == '!';
  }

  private static String unleetRuns(String folded) {
    char[] out = null;
    int n = folded.length();
    int i = 0;
    while (i < n) {
      if (!isLeetMember(folded.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int letters = 0;
      int others = 0;
      while (i < n && isLeetMember(folded.charAt(i))) {
        if (folded.charAt(i) >= 'a' && folded.charAt(i) <= 'z') letters++;
        else others++;
        i++;
      }
      // Three or more characters, a digit or symbol, and (as unleet requires) two letters.
      if (i - start < 3 || others == 0 || letters < 2) continue;
      if (out == null) out = folded.toCharArray();
      for (int k = start; k < i; k++) {
        out[k] = unleetChar(out[k]);
      }
    }
    return out == null ? folded : new String(out);
  }
}

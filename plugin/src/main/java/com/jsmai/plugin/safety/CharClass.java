package com.jsmai.plugin.safety;

import java.util.regex.Pattern;

/**
 * Membership in a one-character regex class, decided by the regex engine itself (so it agrees with
 * the pattern the class was taken from) and cached for ASCII, since the prefilters ask once per
 * character of a text. Shared by {@link PayloadDecoder}'s run check and {@link LiteralPrefilter}'s
 * runs before a literal. Immutable and thread-safe.
 */
final class CharClass {
  private final Pattern pattern;
  private final boolean[] ascii = new boolean[128];

  /**
   * @param source a regex matching exactly one character, for example {@code [A-Za-z0-9+/]}
   */
  CharClass(String source) {
    pattern = Pattern.compile(source);
    for (char c = 0; c < 128; c++) ascii[c] = pattern.matcher(String.valueOf(c)).matches();
  }

  /** The class as a pattern that matches one character. */
  Pattern pattern() {
    return pattern;
  }

  /** Whether {@code c} is an ASCII member: the table alone, never the regex engine. */
  boolean containsAscii(char c) {
    return c < 128 && ascii[c];
  }

  boolean contains(int codePoint) {
    if (codePoint < 128) return ascii[codePoint];
    return pattern.matcher(Character.toString(codePoint)).matches();
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}

package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-character class the decoder's run check and the literal prefilter share: the cached ASCII
 * table and the regex engine must give the same answers.
 */
class CharClassTest {

  @Test
  void contains_everyAsciiCharacter_sameAsTheRegexEngine() {
    for (String source : new String[] {"[A-Za-z0-9+/]", "[.\\-/\\s]", "[^ ]", "\\w", "[a-z]"}) {
      CharClass c = new CharClass(source);
      Pattern p = Pattern.compile(source);
      for (char ch = 0; ch < 128; ch++) {
        boolean expected = p.matcher(String.valueOf(ch)).matches();
        assertThat(c.contains(ch)).as(source + " U+" + (int) ch).isEqualTo(expected);
        assertThat(c.containsAscii(ch)).as(source + " U+" + (int) ch).isEqualTo(expected);
      }
    }
  }

  @Test
  void contains_nonAsciiMember_decidedByTheRegexButNotByTheAsciiTable() {
    CharClass letters = new CharClass("\\p{L}");

    assertThat(letters.contains("é".codePointAt(0))).isTrue();
    assertThat(letters.contains("订".codePointAt(0))).isTrue();
    assertThat(letters.contains("😀".codePointAt(0))).isFalse();
    assertThat(letters.containsAscii('é')).isFalse(); // the run check's classes are ASCII-only
    assertThat(letters.containsAscii('a')).isTrue();
  }

  @Test
  void toString_isThePatternSource() {
    assertThat(new CharClass("[01]")).hasToString("[01]");
  }
}

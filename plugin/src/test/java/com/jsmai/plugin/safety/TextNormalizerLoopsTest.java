package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

// fold and unleet with character loops against the regular expressions they replaced, on random
// strings over the characters that matter (the equivalence tests also compare them on every text).
class TextNormalizerLoopsTest {
  private static final String ALPHABET =
      "aAbeEiIoOsStTlLzZ0134578@$|!.,-_ \t\n\r\u000B\f\u00A0\u3000\u2003"
          + "\u00AD\u200B\u200D\u200F\u202A\u202E\u2060\u2064\u2066\u2069\uFEFF\u2065\u2029"
          + "аеорсхуαοιΙİßﬁＡｂ１２忽略　😀";

  private static String random(Random r, int n) {
    StringBuilder b = new StringBuilder();
    while (b.length() < n) {
      int cp =
          ALPHABET.codePointAt(
              ALPHABET.offsetByCodePoints(
                  0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  @Test
  void foldAndUnleet_loops_sameAsRegexVersions() {
    Random r = new Random(11);
    int changed = 0;
    for (int i = 0; i < 20_000; i++) {
      String text = random(r, r.nextInt(40));
      String folded = TextNormalizer.fold(text, false);
      assertThat(TextNormalizer.fold(text, true)).as("fold of %s", text).isEqualTo(folded);
      String unleeted = TextNormalizer.unleet(folded, false);
      assertThat(TextNormalizer.unleet(folded, true))
          .as("unleet of %s", folded)
          .isEqualTo(unleeted);
      if (!unleeted.equals(folded)) changed++;
    }
    // The comparison covers tokens that unleet rewrites, not only ones it leaves alone.
    assertThat(changed).isGreaterThan(1_000);
  }

  @Test
  void unleet_mixedToken_rewritten() {
    assertThat(TextNormalizer.unleet("pl3453 1gn0r3 @ll, w2378156 ok"))
        .isEqualTo("please ignore all, w2378156 ok");
  }
}

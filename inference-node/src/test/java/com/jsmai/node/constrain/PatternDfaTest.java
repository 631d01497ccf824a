package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pattern automaton must agree with java.util.regex (the validator's engine) on find(). */
class PatternDfaTest {
  private static final String[] PATTERNS = {
    "^#W[0-9]{7}$", "ab+", "^a|b$".replace("|b$", "(b|c)*$"), "^[a-z]{2,4}$", "x?y{2}", "^(ab|a)c$",
    "\\d+\\.\\d{2}", "^[^a-c]+$", "^.{3}$", "^\\w+@\\w+\\.com$", "colou?r",
        "^(?:[A-Z][a-z]*\\s?)+$",
    "^\\s*$", "订单\\d", "^[\\u4e00-\\u9fff]{1,3}$",
  };
  private static final String ALPHABET = "abcxyW#0129.@ \n订单中AZ_-";

  private static boolean dfaMatches(PatternDfa dfa, String s) {
    int q = dfa.start;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      q = dfa.step(q, cp);
      if (q < 0) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return dfa.accepting[q];
  }

  @Test
  void compile_randomStrings_agreeWithJavaRegexFind() {
    Random rnd = new Random(42);
    for (String p : PATTERNS) {
      PatternDfa dfa = PatternDfa.compile(p);
      Pattern java = Pattern.compile(p);
      for (int i = 0; i < 3000; i++) {
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(12);
        for (int k = 0; k < len; k++) {
          sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        String s = sb.toString();
        boolean expected = java.matcher(s).find();
        // Java's $ also matches before a final line terminator; ours is strict (a subset)
        if (expected && p.endsWith("$") && s.endsWith("\n") && !dfaMatches(dfa, s)) {
          continue;
        }
        assertThat(dfaMatches(dfa, s)).as(p + " on '" + s + "'").isEqualTo(expected);
      }
      for (String s :
          new String[] {"#W1234567", "abb", "订单7", "Hello World", "中文", "colour", "ab"}) {
        boolean expected = java.matcher(s).find();
        assertThat(dfaMatches(dfa, s)).as(p + " on '" + s + "'").isEqualTo(expected);
      }
    }
  }

  @Test
  void stringWithPatternAndLength_everyAcceptedPrefixCompletes() {
    String[] schemas = {
      "{\"type\":\"string\",\"pattern\":\"^#W[0-9]{7}$\"}",
      "{\"type\":\"string\",\"pattern\":\"b+c\",\"minLength\":3,\"maxLength\":5}",
      "{\"type\":\"string\",\"pattern\":\"^(ab)*$\",\"maxLength\":5}",
      "{\"type\":\"string\",\"pattern\":\"^[\\u4e00-\\u9fff]{2}$\"}",
      "{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}",
    };
    String alphabet = "\"abc#W01\\u中";
    Random rnd = new Random(1);
    for (String schema : schemas) {
      int live = 0;
      for (int i = 0; i < 4000; i++) {
        StringBuilder sb = new StringBuilder("\"");
        int len = rnd.nextInt(9);
        for (int k = 0; k < len; k++) {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // also cut inside a multi-byte character
        bytes =
            java.util.Arrays.copyOf(bytes, bytes.length - rnd.nextInt(Math.min(2, bytes.length)));
        ParseStack s = Bytes.feed(Bytes.start(schema), bytes);
        if (s == null) {
          continue;
        }
        live++;
        ParseStack done = Bytes.feed(s, Grammar.completion(s));
        assertThat(done).as(schema + " after " + sb).isNotNull();
        assertThat(Grammar.accepting(done)).as(schema + " after " + sb).isTrue();
      }
      assertThat(live).as(schema).isGreaterThan(10);
    }
  }
}

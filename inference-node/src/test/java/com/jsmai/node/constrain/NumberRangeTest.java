package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exhaustive checks of number bounds over every short number text. */
class NumberRangeTest {
  private static final String CHARS = "-0123456789.";

  private static List<String> allTexts(int maxLen) {
    List<String> out = new ArrayList<>();
    List<String> frontier = List.of("");
    for (int len = 1; len <= maxLen; len++) {
      List<String> next = new ArrayList<>();
      for (String f : frontier) {
        for (char c : CHARS.toCharArray()) {
          next.add(f + c);
        }
      }
      out.addAll(next);
      frontier = next;
    }
    return out;
  }

  private static boolean inRange(
      BigDecimal v, Double min, Double max, boolean exMin, boolean exMax) {
    if (min != null) {
      int c = v.compareTo(BigDecimal.valueOf(min));
      if (c < 0 || (c == 0 && exMin)) {
        return false;
      }
    }
    if (max != null) {
      int c = v.compareTo(BigDecimal.valueOf(max));
      return c < 0 || (c == 0 && !exMax);
    }
    return true;
  }

  @Test
  void bounds_randomRanges_acceptExactlyTheInRangeNumbersAndEveryPrefixCompletes() {
    Random rnd = new Random(3);
    List<String> texts = allTexts(4);
    for (int round = 0; round < 24; round++) {
      boolean integer = rnd.nextBoolean();
      Double min = rnd.nextInt(4) == 0 ? null : (rnd.nextInt(400) - 200) / (integer ? 1.0 : 4.0);
      Double max = rnd.nextInt(4) == 0 ? null : (min == null ? 0 : min) + rnd.nextInt(300) / 2.0;
      boolean exMin = rnd.nextBoolean();
      boolean exMax = rnd.nextBoolean();
      StringBuilder schema =
          new StringBuilder("{\"type\":\"" + (integer ? "integer" : "number") + "\"");
      if (min != null) {
        schema.append(exMin ? ",\"exclusiveMinimum\":" : ",\"minimum\":").append(min);
      }
      if (max != null) {
        schema.append(exMax ? ",\"exclusiveMaximum\":" : ",\"maximum\":").append(max);
      }
      schema.append('}');
      String s = schema.toString();
      ParseStack start;
      try {
        start = Bytes.start(s);
      } catch (InvalidConstraintException empty) {
        continue; // e.g. an empty integer range
      }
      String syntax = integer ? "-?(0|[1-9][0-9]*)" : "-?(0|[1-9][0-9]*)(\\.[0-9]+)?";
      for (String t : texts) {
        ParseStack st = Bytes.feed(start, t);
        boolean expected =
            t.matches(syntax)
                && !t.equals("-0")
                && inRange(new BigDecimal(t), min, max, min != null && exMin, max != null && exMax);
        boolean accepted = st != null && Grammar.accepting(st);
        assertThat(accepted).as(s + " on " + t).isEqualTo(expected);
        if (st != null) {
          String done =
              t + new String(Grammar.completion(st), java.nio.charset.StandardCharsets.US_ASCII);
          assertThat(done).as(s + " completes " + t).matches(syntax);
          assertThat(
                  inRange(
                      new BigDecimal(done), min, max, min != null && exMin, max != null && exMax))
              .as(s + " completion " + done)
              .isTrue();
        }
      }
    }
  }
}

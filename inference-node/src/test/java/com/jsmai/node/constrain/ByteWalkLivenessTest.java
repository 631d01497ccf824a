package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Liveness at byte level, independent of any vocabulary: random walks that take a random accepted
 * byte at each step (all 256 are tried) must, from every state reached, have a shortest completion
 * that the recogniser accepts and that networknt validates.
 */
class ByteWalkLivenessTest {

  @Test
  void randomByteWalks_everyReachedStateCompletesToAValidDocument() {
    Random rnd = new Random(11);
    int checked = 0;
    for (Map.Entry<String, String> e : Schemas.all().entrySet()) {
      ParseStack start = Bytes.start(e.getValue());
      for (int walk = 0; walk < 40; walk++) {
        ParseStack s = start;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int length = rnd.nextInt(60);
        for (int step = 0; step < length; step++) {
          List<Integer> next = new ArrayList<>();
          for (int b = 0; b < 256; b++) {
            if (s.step(b) != null) {
              next.add(b);
            }
          }
          if (next.isEmpty()) {
            assertThat(Grammar.finished(s)).as(e.getKey() + " dead end after " + text).isTrue();
            break;
          }
          // prefer structure now and then so walks get past the first string
          int b = next.get(rnd.nextInt(next.size()));
          if (rnd.nextInt(4) == 0 && next.contains((int) '"')) {
            b = '"';
          }
          s = s.step(b);
          text.write(b);
          byte[] rest = Grammar.completion(s);
          ParseStack done = Bytes.feed(s, rest);
          String ctx = e.getKey() + " after " + text.toString(StandardCharsets.UTF_8);
          assertThat(done).as(ctx).isNotNull();
          assertThat(Grammar.accepting(done)).as(ctx).isTrue();
          byte[] all = concat(text.toByteArray(), rest);
          GenerationValidity.assertValid(
              e.getValue(), GenerationValidity.parse(new String(all, StandardCharsets.UTF_8)), ctx);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

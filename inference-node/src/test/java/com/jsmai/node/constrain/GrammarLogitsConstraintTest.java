package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GrammarLogitsConstraintTest {
  @Test
  void fill_randomMasks_exactlyTheDisallowedLogitsBecomeNegativeInfinity() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      int n = 1 + rnd.nextInt(2000);
      BitSet mask = new BitSet();
      double density = rnd.nextDouble();
      for (int i = 0; i < n + 5; i++) { // bits beyond the row must not matter
        if (rnd.nextDouble() < density) {
          mask.set(i);
        }
      }
      float[] logits = new float[n];
      for (int i = 0; i < n; i++) {
        logits[i] = i;
      }

      GrammarLogitsConstraint.fill(mask, logits);

      for (int i = 0; i < n; i++) {
        assertThat(logits[i])
            .as("row %d of %d", i, n)
            .isEqualTo(mask.get(i) ? (float) i : Float.NEGATIVE_INFINITY);
      }
    }
  }
}

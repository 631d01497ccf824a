package com.jsmai.node.constrain;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/** The sampler loop of the {@link LogitsConstraint} contract, as the serving engine runs it. */
final class ConstrainedGenerator {
  record Generation(int[] tokens, boolean endedByConstraint, int maxTokens) {}

  private ConstrainedGenerator() {}

  /**
   * Generates at most {@code maxTokens} tokens. With {@code fastPath}, samples from the raw logits
   * first and masks only when the pick is rejected; also cross-checks {@code allows} with the mask.
   */
  static Generation generate(
      Grammar g, TokenSource source, int maxTokens, long seed, boolean fastPath) {
    Random rnd = new Random(seed);
    source.reset(seed);
    GrammarLogitsConstraint c = (GrammarLogitsConstraint) g.newLogitsConstraint(maxTokens);
    int[] out = new int[maxTokens];
    int n = 0;
    while (n < maxTokens && !c.done() && !c.state().ended()) {
      int remaining = maxTokens - n;
      float[] logits = source.logits(out, n);
      int tok = -1;
      if (fastPath) {
        tok = sample(logits, rnd);
        boolean allowed = c.allows(tok, remaining);
        BitSet mask = c.state().allowedTokens(remaining);
        if (allowed != mask.get(tok)) {
          throw new AssertionError(
              "fast path says " + allowed + " for token " + tok + " but mask disagrees");
        }
        if (!allowed) {
          tok = -1;
        }
      }
      if (tok < 0 && seed % 2 == 0) {
        c.apply(logits, remaining);
        tok = sample(logits, rnd);
      } else if (tok < 0) {
        // the sampler hook's way: the constraint tracks the budget itself
        BitSet allowed = c.allowedTokens();
        for (int i = allowed.nextClearBit(0); i < logits.length; i = allowed.nextClearBit(i + 1)) {
          logits[i] = Float.NEGATIVE_INFINITY;
        }
        tok = sample(logits, rnd);
      }
      c.accept(tok);
      out[n++] = tok;
    }
    if (!c.state().canEnd()) {
      throw new AssertionError(
          "generation stopped in a state that cannot end after " + n + " tokens");
    }
    return new Generation(Arrays.copyOf(out, n), c.done() || c.state().ended(), maxTokens);
  }

  /** Samples from softmax(logits) over the finite entries. */
  static int sample(float[] logits, Random rnd) {
    float max = Float.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      throw new AssertionError("every token masked");
    }
    double total = 0;
    double[] w = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] != Float.NEGATIVE_INFINITY) {
        w[i] = Math.exp(logits[i] - max);
        total += w[i];
      }
    }
    double r = rnd.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < logits.length; i++) {
      if (w[i] > 0) {
        last = i;
        r -= w[i];
        if (r <= 0) {
          return i;
        }
      }
    }
    return last;
  }
}

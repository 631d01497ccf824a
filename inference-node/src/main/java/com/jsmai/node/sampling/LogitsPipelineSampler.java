package com.jsmai.node.sampling;

import com.jsmai.node.constrain.LogitsConstraint;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The standard sampler: padding mask → constraint mask → repetition / presence / frequency
 * penalties → greedy, or temperature → top-k → top-p → min-p → draw from a seeded generator.
 *
 * <p>For speed on a 152k vocabulary only tokens within 30 nats of the best (after temperature) are
 * ranked; the rest together hold less than 152k·e⁻³⁰ ≈ 1.4e-8 of the probability and are treated as
 * zero.
 */
final class LogitsPipelineSampler implements Sampler {
  private static final double CANDIDATE_WINDOW = 30.0;

  private final SamplingParams params;
  private final int vocabSize;
  private final LogitsConstraint constraint;
  private final SplittableRandom random;

  LogitsPipelineSampler(SamplingParams params, int vocabSize, LogitsConstraint constraint) {
    if (vocabSize < 1) {
      throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
    }
    this.params = params;
    this.vocabSize = vocabSize;
    this.constraint = constraint == null ? LogitsConstraint.NONE : constraint;
    this.random =
        params.seed() == null ? new SplittableRandom() : new SplittableRandom(params.seed());
  }

  @Override
  public int sample(float[] logits, TokenHistory history) {
    return sample(logits, history, Math.max(1, params.maxTokens() - history.generatedCount()));
  }

  @Override
  public int sample(float[] logits, TokenHistory history, int remainingBudget) {
    int n = Math.min(vocabSize, logits.length);
    // Padded embedding rows (ids >= tokenizer size) are never candidates: loops stop at n.
    applyPenalties(logits, history, n);
    int token;
    if (params.isGreedy() && constraint != LogitsConstraint.NONE) {
      // Fast path of the constraint contract: the unmasked argmax is the masked argmax whenever
      // the constraint allows it, so the mask is computed only on rejection.
      token = argMax(logits, n);
      if (!constraint.allows(token, remainingBudget)) {
        token = -1;
      }
    } else {
      token = -1;
    }
    if (token < 0) {
      constraint.apply(logits, remainingBudget);
      if (constraint != LogitsConstraint.NONE && !anyFinite(logits, n)) {
        throw new IllegalStateException("the logits constraint allows no token at this step");
      }
      token = params.isGreedy() ? argMax(logits, n) : draw(logits, n);
    }
    constraint.accept(token);
    return token;
  }

  private static boolean anyFinite(float[] logits, int n) {
    for (int i = 0; i < n; i++) {
      if (logits[i] != Float.NEGATIVE_INFINITY) {
        return true;
      }
    }
    return false;
  }

  private void applyPenalties(float[] logits, TokenHistory history, int n) {
    double rep = params.repetitionPenalty();
    if (rep != 1.0) {
      BitSet seen = new BitSet(n);
      for (int i = 0; i < history.size(); i++) {
        int t = history.get(i);
        if (t < n && !seen.get(t)) {
          seen.set(t);
          float l = logits[t];
          logits[t] = (float) (l > 0 ? l / rep : l * rep);
        }
      }
    }
    double presence = params.presencePenalty();
    double frequency = params.frequencyPenalty();
    if (presence != 0 || frequency != 0) {
      Map<Integer, Integer> counts = new HashMap<>();
      for (int i = history.promptLength(); i < history.size(); i++) {
        counts.merge(history.get(i), 1, Integer::sum);
      }
      for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
        int t = e.getKey();
        if (t < n) {
          logits[t] -= (float) (presence + frequency * e.getValue());
        }
      }
    }
  }

  private static int argMax(float[] logits, int n) {
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (logits[i] > bestValue) {
        bestValue = logits[i];
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalStateException("no finite logit to choose from");
    }
    return best;
  }

  private int draw(float[] logits, int n) {
    double invTemp = 1.0 / params.temperature();
    int best = argMax(logits, n);
    double maxScaled = logits[best] * invTemp;
    // Rank candidates by logit, descending: key = order-preserving bits << 32 | id.
    long[] keys = new long[64];
    int count = 0;
    for (int i = 0; i < n; i++) {
      float l = logits[i];
      if (l * invTemp >= maxScaled - CANDIDATE_WINDOW) {
        if (count == keys.length) {
          keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[count++] = ((long) sortable(l) << 32) | i;
      }
    }
    Arrays.sort(keys, 0, count);
    int k = params.topK() > 0 ? Math.min(params.topK(), count) : count;
    int[] ids = new int[k];
    double[] probs = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      ids[j] = (int) keys[count - 1 - j]; // low 32 bits
      probs[j] = Math.exp(logits[ids[j]] * invTemp - maxScaled);
      sum += probs[j];
    }
    // top-p: the smallest prefix whose mass reaches top_p (at least one token).
    int keep = k;
    if (params.topP() < 1.0) {
      double cumulative = 0;
      for (int j = 0; j < k; j++) {
        cumulative += probs[j] / sum;
        if (cumulative >= params.topP()) {
          keep = j + 1;
          break;
        }
      }
    }
    // min-p: drop tokens below min_p × the best token's probability.
    if (params.minP() > 0) {
      double threshold = params.minP() * probs[0];
      int j = 1;
      while (j < keep && probs[j] >= threshold) {
        j++;
      }
      keep = j;
    }
    double total = 0;
    for (int j = 0; j < keep; j++) {
      total += probs[j];
    }
    double r = random.nextDouble() * total;
    for (int j = 0; j < keep; j++) {
      r -= probs[j];
      if (r < 0) {
        return ids[j];
      }
    }
    return ids[keep - 1];
  }

  /** Maps a float to an int whose signed order matches the float order. */
  private static int sortable(float f) {
    int bits = Float.floatToIntBits(f);
    return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
  }
}

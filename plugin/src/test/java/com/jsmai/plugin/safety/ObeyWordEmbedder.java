package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import java.util.List;

/**
 * A two-dimensional encoder for the learned stage's tests: the first axis says whether the text
 * contains "obey", the second whether it does not. Deterministic, so tiers can be tested exactly.
 */
final class ObeyWordEmbedder implements Embedder {
  @Override
  public String name() {
    return "obey-word";
  }

  @Override
  public float[] embed(String text) {
    return text.contains("obey") ? new float[] {1, 0} : new float[] {0, 1};
  }

  /**
   * Weights for this encoder: z = 3·(√2·obey) − 2 + 2·[instruction-override], so "obey" alone gives
   * p ≈ 0.90, the override alone p = 0.5 and neither p ≈ 0.12.
   *
   * @param threshold probability of the strong signal
   * @param weak probability of the weak signal, or null for none
   */
  static InjectionClassifier.Weights weights(double threshold, Double weak) {
    return new InjectionClassifier.Weights(
        "obey-word",
        2,
        List.of("instruction-override"),
        new double[] {3, 0},
        new double[] {2},
        -2,
        threshold,
        weak,
        false,
        1.0,
        "written for the test",
        "none");
  }
}

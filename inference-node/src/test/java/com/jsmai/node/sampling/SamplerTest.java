package com.jsmai.node.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.node.constrain.LogitsConstraint;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final TokenHistory EMPTY = new TokenHistory(new int[] {0});

  private static float[] logits(float... values) {
    return values.clone();
  }

  private static Map<Integer, Integer> histogram(SamplingParams params, float[] base, int draws) {
    Sampler s = Sampler.create(params, base.length, LogitsConstraint.NONE);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < draws; i++) {
      counts.merge(s.sample(base.clone(), EMPTY), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void sample_greedy_picksHighestLogit() {
    Sampler s = Sampler.create(SamplingParams.greedy(1), 4, LogitsConstraint.NONE);

    assertThat(s.sample(logits(1, 5, 3, 2), EMPTY)).isEqualTo(1);
  }

  @Test
  void sample_paddedVocabulary_neverPicksIdsAtOrAboveTokenizerSize() {
    Sampler greedy = Sampler.create(SamplingParams.greedy(1), 3, LogitsConstraint.NONE);
    Sampler hot =
        Sampler.create(
            SamplingParams.builder().temperature(5).seed(1L).build(), 3, LogitsConstraint.NONE);

    assertThat(greedy.sample(logits(1, 2, 3, 100, 100), EMPTY)).isEqualTo(2);
    for (int i = 0; i < 200; i++) {
      assertThat(hot.sample(logits(1, 2, 3, 100, 100), EMPTY)).isLessThan(3);
    }
  }

  @Test
  void sample_sameSeed_sameSequence_differentSeed_differs() {
    float[] base = logits(1, 1.2f, 0.8f, 1.1f, 0.9f, 1.05f);
    SamplingParams a = SamplingParams.builder().temperature(1).seed(7L).build();
    SamplingParams b = SamplingParams.builder().temperature(1).seed(8L).build();
    Sampler s1 = Sampler.create(a, base.length, null);
    Sampler s2 = Sampler.create(a, base.length, null);
    Sampler s3 = Sampler.create(b, base.length, null);
    StringBuilder r1 = new StringBuilder();
    StringBuilder r2 = new StringBuilder();
    StringBuilder r3 = new StringBuilder();

    for (int i = 0; i < 50; i++) {
      r1.append(s1.sample(base.clone(), EMPTY));
      r2.append(s2.sample(base.clone(), EMPTY));
      r3.append(s3.sample(base.clone(), EMPTY));
    }

    assertThat(r1.toString()).isEqualTo(r2.toString());
    assertThat(r1.toString()).isNotEqualTo(r3.toString());
  }

  @Test
  void sample_topK_onlyTheKBestAppear() {
    Map<Integer, Integer> h =
        histogram(
            SamplingParams.builder().temperature(1).topK(2).seed(3L).build(),
            logits(0, 1, 2, 3),
            2000);

    assertThat(h.keySet()).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void sample_topP_keepsSmallestPrefixReachingMass() {
    // probabilities 0.5, 0.3, 0.2 (logits are their logs): top_p 0.7 keeps the first two.
    float[] base = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    Map<Integer, Integer> h =
        histogram(SamplingParams.builder().temperature(1).topP(0.7).seed(3L).build(), base, 3000);

    assertThat(h.keySet()).containsExactlyInAnyOrder(0, 1);
    assertThat(h.get(0) / 3000.0).isBetween(0.55, 0.70); // 0.5 / 0.8 = 0.625
  }

  @Test
  void sample_minP_dropsTokensBelowFractionOfBest() {
    float[] base = {(float) Math.log(0.6), (float) Math.log(0.3), (float) Math.log(0.1)};
    Map<Integer, Integer> h =
        histogram(SamplingParams.builder().temperature(1).minP(0.2).seed(3L).build(), base, 2000);

    assertThat(h.keySet()).containsExactlyInAnyOrder(0, 1); // 0.1 < 0.2 × 0.6
  }

  @Test
  void sample_temperature_lowSharpensHighFlattens() {
    float[] base = logits(0, 1);
    Map<Integer, Integer> cold =
        histogram(SamplingParams.builder().temperature(0.2).seed(1L).build(), base, 2000);
    Map<Integer, Integer> hot =
        histogram(SamplingParams.builder().temperature(5).seed(1L).build(), base, 2000);

    assertThat(cold.getOrDefault(1, 0)).isGreaterThan(1950); // e^5 : 1
    assertThat(hot.getOrDefault(0, 0)).isBetween(750, 1050); // e^0.2 : 1 → 45% for token 0
  }

  @Test
  void sample_repetitionPenalty_demotesSeenTokensLikeHf() {
    TokenHistory h = new TokenHistory(new int[] {0});
    Sampler s =
        Sampler.create(
            SamplingParams.builder().temperature(0).repetitionPenalty(2.0).build(),
            3,
            LogitsConstraint.NONE);
    float[] l = logits(3, 2, -1);

    int chosen = s.sample(l, h);

    assertThat(chosen).isEqualTo(1);
    assertThat(l[0]).isEqualTo(1.5f); // positive: divided
  }

  @Test
  void sample_presenceAndFrequency_subtractFromGeneratedTokensOnly() {
    TokenHistory h = new TokenHistory(new int[] {2});
    h.add(0);
    h.add(0);
    Sampler s =
        Sampler.create(
            SamplingParams.builder()
                .temperature(0)
                .presencePenalty(0.5)
                .frequencyPenalty(1.0)
                .build(),
            3,
            LogitsConstraint.NONE);
    float[] l = logits(3, 1, 2);

    s.sample(l, h);

    assertThat(l[0]).isEqualTo(0.5f); // 3 - 0.5 - 2×1
    assertThat(l[2]).isEqualTo(2f); // prompt tokens are not penalised
  }

  @Test
  void sample_constraint_onlyAllowedTokensChosenAndAcceptSeesChoice() {
    BitSet allowed = new BitSet();
    allowed.set(1);
    allowed.set(3);
    int[] accepted = {-1};
    LogitsConstraint c = new MaskConstraint(allowed, accepted);
    Sampler s = Sampler.create(SamplingParams.greedy(1), 4, c);

    int chosen = s.sample(logits(9, 1, 8, 2), EMPTY);

    assertThat(chosen).isEqualTo(3);
    assertThat(accepted[0]).isEqualTo(3);
  }

  @Test
  void sample_constraintAllowsNothing_failsClearly() {
    LogitsConstraint none = new MaskConstraint(new BitSet(), new int[1]);
    Sampler s = Sampler.create(SamplingParams.greedy(1), 4, none);

    assertThatThrownBy(() -> s.sample(logits(1, 2, 3, 4), EMPTY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allows no token");
  }

  @Test
  void params_outOfRange_messageNamesTheValue() {
    assertThatThrownBy(() -> SamplingParams.builder().topP(1.5).build())
        .hasMessageContaining("top_p")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> SamplingParams.builder().temperature(-1).build())
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> SamplingParams.builder().maxTokens(0).build())
        .hasMessageContaining("max_tokens");
  }

  /** A constraint with a fixed allowed set that records the accepted token. */
  private record MaskConstraint(BitSet allowed, int[] accepted) implements LogitsConstraint {
    @Override
    public void apply(float[] logits, int remainingBudget) {
      for (int i = 0; i < logits.length; i++) {
        if (!allowed.get(i)) {
          logits[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }

    @Override
    public BitSet allowedTokens() {
      return allowed;
    }

    @Override
    public boolean allows(int tokenId, int remainingBudget) {
      return allowed.get(tokenId);
    }

    @Override
    public void accept(int tokenId) {
      accepted[0] = tokenId;
    }

    @Override
    public boolean done() {
      return false;
    }
  }
}

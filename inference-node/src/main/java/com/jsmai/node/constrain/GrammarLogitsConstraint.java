package com.jsmai.node.constrain;

import java.util.Arrays;
import java.util.BitSet;

/**
 * {@link LogitsConstraint} over a {@link Grammar}: holds the current {@link ConstraintState} and
 * counts accepted tokens against {@code maxTokens} for {@link #allowedTokens()}.
 */
public final class GrammarLogitsConstraint implements LogitsConstraint {
  private final int maxTokens;
  private ConstraintState state;
  private int accepted;

  public GrammarLogitsConstraint(ConstraintState start, int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
    this.state = start;
    this.maxTokens = maxTokens;
  }

  @Override
  public BitSet allowedTokens() {
    return state.mask(Math.max(1, maxTokens - accepted));
  }

  @Override
  public void apply(float[] logits, int remainingBudget) {
    fill(state.mask(remainingBudget), logits);
  }

  /**
   * Sets the logits of tokens outside {@code mask} to negative infinity, one run of disallowed ids
   * at a time: a narrow mask (a few allowed tokens out of 151,936) is a couple of array fills, not
   * 150,000 bit lookups.
   */
  static void fill(BitSet mask, float[] logits) {
    int n = logits.length;
    int i = mask.nextClearBit(0);
    while (i < n) {
      int j = mask.nextSetBit(i);
      int end = j < 0 || j > n ? n : j;
      Arrays.fill(logits, i, end, Float.NEGATIVE_INFINITY);
      if (j < 0) {
        break;
      }
      i = mask.nextClearBit(j);
    }
  }

  @Override
  public boolean allows(int tokenId, int remainingBudget) {
    return state.allows(tokenId, remainingBudget);
  }

  @Override
  public void accept(int tokenId) {
    state = state.advance(tokenId);
    accepted++;
  }

  @Override
  public boolean done() {
    return state.isComplete();
  }

  /** The current state (immutable; keep it to roll back). */
  public ConstraintState state() {
    return state;
  }
}

package com.jsmai.node.constrain;

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
    BitSet mask = state.mask(remainingBudget);
    int n = logits.length;
    for (int i = mask.nextClearBit(0); i < n; i = mask.nextClearBit(i + 1)) {
      logits[i] = Float.NEGATIVE_INFINITY;
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

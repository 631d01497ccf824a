package com.jsmai.node.constrain;

import java.util.BitSet;

/** {@link LogitsConstraint} over a {@link Grammar}: holds the current {@link ConstraintState}. */
public final class GrammarLogitsConstraint implements LogitsConstraint {
  private ConstraintState state;

  public GrammarLogitsConstraint(ConstraintState start) {
    this.state = start;
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

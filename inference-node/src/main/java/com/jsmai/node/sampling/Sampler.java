package com.jsmai.node.sampling;

import com.jsmai.node.constrain.LogitsConstraint;

/**
 * Chooses the next token from a logits row. One instance per sequence (it owns that sequence's
 * random state); not thread-safe.
 */
public interface Sampler {
  /**
   * Picks a token id below the tokenizer's vocabulary size. {@code logits} ({@code [V]}, possibly
   * padded past the tokenizer) is used as scratch space and modified.
   */
  int sample(float[] logits, TokenHistory history);

  /**
   * As {@link #sample(float[], TokenHistory)}, with the number of tokens that may still be
   * generated including this one (the constraint steers onto a valid ending within it). The
   * two-argument form uses {@code max_tokens} minus the tokens generated so far.
   */
  int sample(float[] logits, TokenHistory history, int remainingBudget);

  /**
   * The standard pipeline: padding mask, constraint mask, penalties, then greedy or temperature →
   * top-k → top-p → min-p → seeded draw.
   *
   * @param vocabSize tokenizer vocabulary size; logits at or above it are never chosen
   */
  static Sampler create(SamplingParams params, int vocabSize, LogitsConstraint constraint) {
    return new LogitsPipelineSampler(params, vocabSize, constraint);
  }
}

package com.jsmai.node.constrain;

import java.util.BitSet;

/**
 * The hook the sampler consults on every step of one constrained generation (one instance per
 * sequence, not thread-safe). Contract, per step, with {@code remainingBudget} = tokens that may
 * still be generated including this one (first step: {@code max_tokens}):
 *
 * <ol>
 *   <li>If {@link #done()}, stop: the output is complete (finish_reason "stop"); do not sample.
 *   <li>Either call {@link #apply} (or {@link #allowedTokens()}) and sample among the allowed
 *       tokens, or (fast path) sample from the raw logits, check the pick with {@link #allows}, and
 *       only on rejection call {@link #apply} and sample again. Both give the same guarantee; the
 *       fast path skips the mask for a model that mostly agrees with the grammar.
 *   <li>Call {@link #accept} with the chosen token (end-of-sequence tokens included).
 * </ol>
 *
 * <p>Guarantee: following this contract, whatever the logits, the generated text is valid (it
 * parses and validates against the schema, or is a well-formed tool call) by the time the budget is
 * spent or {@link #done()} turns true. Rows of {@code logits} beyond the tokenizer (padding) and
 * special tokens inside JSON are always masked.
 *
 * <p>This is the one constraint hook of the node: {@link com.jsmai.node.sampling.Sampler} applies
 * it (with the sequence's remaining token budget) and the serving engine stops on {@link #done()}.
 */
public interface LogitsConstraint {
  /** No restriction: every token allowed, never done. */
  LogitsConstraint NONE =
      new LogitsConstraint() {
        @Override
        public void apply(float[] logits, int remainingBudget) {}

        @Override
        public BitSet allowedTokens() {
          return null;
        }

        @Override
        public boolean allows(int tokenId, int remainingBudget) {
          return true;
        }

        @Override
        public void accept(int tokenId) {}

        @Override
        public boolean done() {
          return false;
        }
      };

  /**
   * Sets every disallowed entry of {@code logits} to {@link Float#NEGATIVE_INFINITY}; at least one
   * entry stays allowed.
   *
   * @param logits one row of the model's output, length = its vocabulary rows
   * @param remainingBudget tokens that may still be generated including this one, {@code >= 1}
   */
  void apply(float[] logits, int remainingBudget);

  /**
   * The allowed tokens for the budget this constraint tracks itself ({@code max_tokens} given at
   * creation minus the tokens accepted so far), or null when every token is allowed ({@link
   * #NONE}). The caller must not modify the set.
   */
  BitSet allowedTokens();

  /** Whether {@code tokenId} may be generated now (fast path; no mask computed). */
  boolean allows(int tokenId, int remainingBudget);

  /**
   * Advances past the generated token.
   *
   * @throws IllegalArgumentException if the token was not allowed (the state is unchanged)
   */
  void accept(int tokenId);

  /** True once the output is complete and only end-of-sequence could follow. */
  boolean done();
}

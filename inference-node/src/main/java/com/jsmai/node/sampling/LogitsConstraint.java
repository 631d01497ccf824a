package com.jsmai.node.sampling;

import java.util.BitSet;

/**
 * A per-step restriction on which tokens may come next (JSON-schema constrained decoding plugs in
 * here). The sampler asks {@link #allowedTokens()} before choosing, never picks a token outside it,
 * then reports the choice through {@link #accept(int)}. One instance per sequence; not thread-safe.
 */
public interface LogitsConstraint {
  /** No restriction. */
  LogitsConstraint NONE =
      new LogitsConstraint() {
        @Override
        public BitSet allowedTokens() {
          return null;
        }

        @Override
        public void accept(int tokenId) {}
      };

  /**
   * Tokens allowed at this step, indexed by token id; {@code null} means every token is allowed.
   * The sampler does not modify the returned set. An empty set is an error (nothing may follow).
   */
  BitSet allowedTokens();

  /** The token chosen at this step; the constraint advances its state. */
  void accept(int tokenId);
}

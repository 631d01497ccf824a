package com.jsmai.node.constrain;

import java.util.BitSet;

/**
 * Where one generation stands in a {@link Grammar}: immutable, so keeping the previous state is a
 * rollback. {@code remainingBudget} everywhere means the number of tokens that may still be
 * generated including the one being chosen now (for a fresh request: {@code max_tokens}).
 *
 * <p>The budget rule: a token is allowed only if the shortest valid completion after it needs at
 * most {@code remainingBudget - 1} tokens. The shortest completion is a fixed function of the state
 * and its greedy tokenization's tail is the tokenization of its tail, so if the rule held for the
 * previous token, the first token of the current shortest completion always passes: the mask is
 * never empty and generation always ends valid within the budget, steering onto the shortest
 * completion (strings close, numbers end, missing required properties get their shortest values)
 * exactly when the budget gets tight.
 */
public final class ConstraintState {
  static final int OPEN_TAG = 0;
  static final int BYTES = 1;
  static final int CLOSE_TAG = 2;
  static final int END = 3;
  static final int FINISHED = 4;

  private final Grammar g;
  private final int phase;
  private final ParseStack bytes;

  ConstraintState(Grammar g, int phase, ParseStack bytes) {
    this.g = g;
    this.phase = phase;
    this.bytes = bytes;
  }

  /** Tokens the shortest valid completion still needs (0 once complete). */
  public int minTokensToFinish() {
    switch (phase) {
      case OPEN_TAG:
        return 2 + g.finishCost(bytes);
      case BYTES:
        return g.finishCost(bytes) + (g.toolCall ? 1 : 0);
      case CLOSE_TAG:
        return 1;
      default:
        return 0;
    }
  }

  /** A fresh copy of the allowed-token mask (bit i set = token i allowed). */
  public BitSet allowedTokens(int remainingBudget) {
    return (BitSet) mask(remainingBudget).clone();
  }

  /** The mask, possibly shared with the cache: never modify it. */
  BitSet mask(int remainingBudget) {
    if (remainingBudget < 1) {
      throw new IllegalArgumentException("remainingBudget must be >= 1, got " + remainingBudget);
    }
    BitSet out = new BitSet();
    switch (phase) {
      case OPEN_TAG:
        out.set(g.openTag);
        return out;
      case BYTES:
        return g.mask(bytes).allowed(remainingBudget - 1 - (g.toolCall ? 1 : 0));
      case CLOSE_TAG:
        out.set(g.closeTag);
        return out;
      case END:
        for (int e : g.vocab.endTokenIds()) {
          out.set(e);
        }
        return out;
      default:
        return out;
    }
  }

  /**
   * Fast path: whether {@code tokenId} is allowed, without computing the mask (a few byte steps and
   * one cached cost lookup).
   */
  public boolean allows(int tokenId, int remainingBudget) {
    ConstraintState next = tryAdvance(tokenId);
    return next != null && next.minTokensToFinish() <= remainingBudget - 1;
  }

  /**
   * The state after {@code tokenId}.
   *
   * @throws IllegalArgumentException if the token cannot continue a valid output
   */
  public ConstraintState advance(int tokenId) {
    ConstraintState next = tryAdvance(tokenId);
    if (next == null) {
      throw new IllegalArgumentException("token " + tokenId + " is not allowed here");
    }
    return next;
  }

  ConstraintState tryAdvance(int tokenId) {
    switch (phase) {
      case OPEN_TAG:
        return tokenId == g.openTag ? new ConstraintState(g, BYTES, bytes) : null;
      case BYTES:
        {
          if (g.vocab.isEndToken(tokenId)) {
            return !g.toolCall && Grammar.accepting(bytes)
                ? new ConstraintState(g, FINISHED, bytes)
                : null;
          }
          byte[] b = g.vocab.bytes(tokenId);
          if (b == null) {
            return null;
          }
          ParseStack next = Grammar.stepToken(bytes, b);
          if (next == null || g.finishCost(next) < 0) {
            return null;
          }
          boolean closed = g.toolCall && Grammar.finished(next);
          return new ConstraintState(g, closed ? CLOSE_TAG : BYTES, next);
        }
      case CLOSE_TAG:
        return tokenId == g.closeTag ? new ConstraintState(g, END, bytes) : null;
      case END:
        return g.vocab.isEndToken(tokenId) ? new ConstraintState(g, FINISHED, bytes) : null;
      default:
        return null;
    }
  }

  /**
   * Whether the output is complete and nothing but end-of-sequence may follow: the sampler can stop
   * here (finish_reason "stop").
   */
  public boolean isComplete() {
    switch (phase) {
      case BYTES:
        return !g.toolCall && Grammar.finished(bytes);
      case END:
      case FINISHED:
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether stopping here leaves a valid output (true also for a top-level number such as "12" that
   * could still grow).
   */
  public boolean canEnd() {
    switch (phase) {
      case BYTES:
        return !g.toolCall && Grammar.accepting(bytes);
      case END:
      case FINISHED:
        return true;
      default:
        return false;
    }
  }

  /** Whether an end-of-sequence token has been accepted. */
  public boolean ended() {
    return phase == FINISHED;
  }

  ParseStack bytes() {
    return bytes;
  }

  Grammar grammar() {
    return g;
  }
}

package com.jsmai.node.engine;

import com.jsmai.node.constrain.LogitsConstraint;
import com.jsmai.node.sampling.SamplingParams;

/**
 * One generation for the {@link Engine}.
 *
 * @param prompt token ids, non-empty
 * @param params sampling and stopping; {@code maxTokens} is the exact budget
 * @param constraint a fresh per-request constraint, or {@link LogitsConstraint#NONE}
 * @param listener where text and the end go
 */
public record GenerationRequest(
    int[] prompt, SamplingParams params, LogitsConstraint constraint, GenerationListener listener) {
  public GenerationRequest {
    if (prompt == null || prompt.length == 0) {
      throw new IllegalArgumentException("prompt must hold at least one token");
    }
    if (params == null || listener == null) {
      throw new IllegalArgumentException("params and listener are required");
    }
    prompt = prompt.clone();
    constraint = constraint == null ? LogitsConstraint.NONE : constraint;
  }
}

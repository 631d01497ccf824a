package com.jsmai.node.sampling;

/**
 * One finished generation.
 *
 * @param tokens generated token ids, including a final stop token if one ended it
 * @param text decoded text without special tokens, cut before any stop string
 * @param promptTokens prompt length
 * @param prefillNanos time of the prompt forward pass (to first logits)
 * @param decodeNanos time of all later steps (sampling included)
 */
public record GenerationResult(
    int[] tokens,
    String text,
    FinishReason finishReason,
    int promptTokens,
    long prefillNanos,
    long decodeNanos) {
  public GenerationResult {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  /** Decode tokens per second (excluding the first token, which came from the prefill). */
  public double decodeTokensPerSecond() {
    int steps = tokens.length - 1;
    return steps <= 0 || decodeNanos == 0 ? 0 : steps / (decodeNanos / 1e9);
  }
}

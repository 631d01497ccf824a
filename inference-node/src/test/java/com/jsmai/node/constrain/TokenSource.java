package com.jsmai.node.constrain;

/**
 * Where the next-token logits come from in the generation tests: random logits now, the
 * random-weight tiny Qwen checkpoint once the model lands (same harness, same assertions).
 */
interface TokenSource {
  /** Starts a new generation. */
  void reset(long seed);

  /** Logits over the whole vocabulary (length = vocabulary rows) after {@code prefix}. */
  float[] logits(int[] prefix, int length);
}

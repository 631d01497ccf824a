package com.jsmai.node.sampling;

/** Why generation ended, in OpenAI's words. */
public enum FinishReason {
  /** A stop token or stop string. */
  STOP,
  /** max_tokens, or the model's context length. */
  LENGTH
}

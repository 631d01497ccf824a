package com.jsmai.node.engine;

/**
 * Receives one request's output. Called on the scheduler thread: implementations must only hand the
 * event over (e.g. to a queue) and return at once; a slow listener slows every sequence.
 */
public interface GenerationListener {
  /** A token was sampled (stop tokens included) at {@code nanoTime}; for latency measurement. */
  default void onToken(int tokenId, long nanoTime) {}

  /** A piece of final text (never half a character, never the start of a stop string). */
  void onText(String delta);

  /** The request ended normally; no further calls follow. */
  void onComplete(Completion completion);

  /** The request failed (or was cancelled, or the engine shut down); no further calls follow. */
  void onError(RuntimeException error);
}

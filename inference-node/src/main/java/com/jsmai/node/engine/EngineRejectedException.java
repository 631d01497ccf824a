package com.jsmai.node.engine;

/**
 * The engine did not take a request: its queue is full ({@link Reason#QUEUE_FULL}, retry later) or
 * it is shutting down ({@link Reason#SHUTTING_DOWN}). A request it took but could not finish before
 * the shutdown grace ran out fails with {@link Reason#SHUTTING_DOWN} too (via the listener).
 */
public final class EngineRejectedException extends RuntimeException {
  /** Why a request was refused. */
  public enum Reason {
    QUEUE_FULL,
    SHUTTING_DOWN
  }

  private final Reason reason;

  public EngineRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package com.jsmai.plugin.reply;

/**
 * Another worker holds the claim on this event's effect right now. Thrown so the inbox retries
 * later, by when the other worker has finished or its claim has gone stale.
 */
public class EffectInProgressException extends RuntimeException {
  public EffectInProgressException(String message) {
    super(message);
  }
}

package com.jsmai.plugin.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A consecutive-failure circuit breaker: after {@code threshold} failed calls in a row it opens and
 * refuses calls for {@code openFor}; then it lets one trial call through (half-open) and closes on
 * its success or opens again on its failure. It keeps a dead model server from holding every inbox
 * worker for the whole retry budget.
 *
 * <p>Thread-safe (all methods synchronized; the state is three fields).
 */
public final class CircuitBreaker {
  private final int threshold;
  private final Duration openFor;
  private final Clock clock;

  private int consecutiveFailures;
  private Instant openUntil; // null when closed
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
    if (threshold < 1) throw new IllegalArgumentException("threshold < 1: " + threshold);
    if (openFor.isNegative()) throw new IllegalArgumentException("openFor < 0: " + openFor);
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** True when a call may go ahead now; a half-open breaker admits a single trial call. */
  public synchronized boolean tryAcquire() {
    if (openUntil == null) return true;
    if (clock.instant().isBefore(openUntil) || trialInFlight) return false;
    trialInFlight = true;
    return true;
  }

  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    openUntil = null;
    trialInFlight = false;
  }

  public synchronized void onFailure() {
    consecutiveFailures++;
    if (trialInFlight || consecutiveFailures >= threshold) {
      openUntil = clock.instant().plus(openFor);
    }
    trialInFlight = false;
  }

  public synchronized boolean isOpen() {
    return openUntil != null && clock.instant().isBefore(openUntil);
  }
}

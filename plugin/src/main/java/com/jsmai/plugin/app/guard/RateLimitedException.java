package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import java.time.Duration;

/**
 * A customer or desk is over a rate limit and the configured action is to queue. It extends {@link
 * ModelUnavailableException} on purpose: the orchestrator then keeps the ticket's state and
 * rethrows, so the inbox keeps the event pending and retries it later (queued, never dropped). On
 * the inbox's last try {@link GuardedEventHandler} turns it into a handoff instead.
 */
public final class RateLimitedException extends ModelUnavailableException {
  private final String limit;
  private final Duration retryAfter;
  private final ReplyRateLimits.OverLimit action;

  RateLimitedException(String limit, Duration retryAfter, ReplyRateLimits.OverLimit action) {
    super("rate limit " + limit + " reached; retry after " + retryAfter.toSeconds() + " s");
    this.limit = limit;
    this.retryAfter = retryAfter;
    this.action = action;
  }

  /** Which limit refused: {@code customer_replies}, {@code desk_model_calls}, ... */
  public String limit() {
    return limit;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public ReplyRateLimits.OverLimit action() {
    return action;
  }
}

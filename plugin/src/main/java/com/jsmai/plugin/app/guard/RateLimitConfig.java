package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.ratelimit.Limit;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import java.time.Duration;

/**
 * The {@code ratelimit} section: token buckets per customer and per service desk.
 *
 * @param enabled default true
 * @param window the refill window of every bucket; default 1 hour
 * @param customerReplies automatic replies per customer per window; default 10
 * @param deskReplies automatic replies per desk per window; default 600
 * @param customerModelCalls model calls per customer per window; default 40
 * @param deskModelCalls model calls per desk per window; default 2400
 * @param overLimit {@code QUEUE} (default: the event is retried later) or {@code HANDOFF}
 * @param redisUrl {@code redis://host:port} to share buckets between instances; null for local
 *     buckets. A secret: it may carry a password
 */
public record RateLimitConfig(
    Boolean enabled,
    Duration window,
    Integer customerReplies,
    Integer deskReplies,
    Integer customerModelCalls,
    Integer deskModelCalls,
    ReplyRateLimits.OverLimit overLimit,
    Secret redisUrl) {
  public RateLimitConfig {
    enabled = enabled == null || enabled;
    ReplyRateLimits.Config d = ReplyRateLimits.Config.defaults();
    window = window == null ? d.customerReplies().window() : window;
    customerReplies = customerReplies == null ? d.customerReplies().capacity() : customerReplies;
    deskReplies = deskReplies == null ? d.deskReplies().capacity() : deskReplies;
    customerModelCalls =
        customerModelCalls == null ? d.customerModelCalls().capacity() : customerModelCalls;
    deskModelCalls = deskModelCalls == null ? d.deskModelCalls().capacity() : deskModelCalls;
    overLimit = overLimit == null ? d.overLimit() : overLimit;
    try {
      limits(window, customerReplies, deskReplies, customerModelCalls, deskModelCalls, overLimit);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ratelimit: " + e.getMessage(), e);
    }
  }

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(null, null, null, null, null, null, null, null);
  }

  ReplyRateLimits.Config limits() {
    return limits(
        window, customerReplies, deskReplies, customerModelCalls, deskModelCalls, overLimit);
  }

  private static ReplyRateLimits.Config limits(
      Duration window,
      int customerReplies,
      int deskReplies,
      int customerModelCalls,
      int deskModelCalls,
      ReplyRateLimits.OverLimit overLimit) {
    return new ReplyRateLimits.Config(
        new Limit("customer_replies", customerReplies, window),
        new Limit("desk_replies", deskReplies, window),
        new Limit("customer_model_calls", customerModelCalls, window),
        new Limit("desk_model_calls", deskModelCalls, window),
        overLimit);
  }
}

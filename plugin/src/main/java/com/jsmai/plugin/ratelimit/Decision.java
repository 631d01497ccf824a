package com.jsmai.plugin.ratelimit;

import java.time.Duration;

/**
 * The answer of a limiter.
 *
 * @param allowed true when a token was taken
 * @param limit the limit that refused, or null when allowed
 * @param retryAfter how long until a token is back (zero when allowed)
 */
public record Decision(boolean allowed, String limit, Duration retryAfter) {
  public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);

  public static Decision refused(String limit, Duration retryAfter) {
    return new Decision(false, limit, retryAfter);
  }
}

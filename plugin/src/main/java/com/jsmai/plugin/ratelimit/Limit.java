package com.jsmai.plugin.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code capacity} in a burst, refilled evenly so that {@code capacity}
 * tokens come back per {@code window}.
 *
 * @param name the limit's name, used in metrics and reasons ({@code customer_replies})
 * @param capacity burst size, at least 1
 * @param window time to refill a full bucket, at least one millisecond
 */
public record Limit(String name, int capacity, Duration window) {
  public Limit {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9_]{1,40}")) {
      throw new IllegalArgumentException("limit name must match [a-z0-9_]{1,40}: " + name);
    }
    if (capacity < 1) throw new IllegalArgumentException(name + ": capacity < 1: " + capacity);
    Objects.requireNonNull(window, "window");
    if (window.toMillis() < 1)
      throw new IllegalArgumentException(name + ": window < 1 ms: " + window);
  }

  /** Tokens regained per millisecond. */
  double refillPerMilli() {
    return (double) capacity / window.toMillis();
  }
}

package com.jsmai.plugin.ratelimit;

/**
 * Takes one token from the bucket {@code key} of a {@link Limit}. Two implementations: {@link
 * LocalRateLimiter} (one plugin instance) and {@link RedisRateLimiter} (shared by every instance).
 * Thread-safe.
 */
public interface RateLimiter {
  Decision tryAcquire(String key, Limit limit);
}

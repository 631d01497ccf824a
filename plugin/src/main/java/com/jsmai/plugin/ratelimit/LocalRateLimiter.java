package com.jsmai.plugin.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Token buckets in this process. Idle buckets (full again) are evicted after an hour without use,
 * so a flood of distinct reporters cannot grow memory without bound.
 */
public final class LocalRateLimiter implements RateLimiter {
  private static final class Bucket {
    double tokens;
    long updatedNanos;
  }

  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  public LocalRateLimiter(Ticker ticker) {
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterAccess(Duration.ofHours(1))
            .maximumSize(1_000_000)
            .build();
  }

  public LocalRateLimiter() {
    this(Ticker.systemTicker());
  }

  @Override
  public Decision tryAcquire(String key, Limit limit) {
    long now = ticker.read();
    Bucket b =
        buckets.get(
            limit.name() + "|" + key,
            k -> {
              Bucket fresh = new Bucket();
              fresh.tokens = limit.capacity();
              fresh.updatedNanos = now;
              return fresh;
            });
    synchronized (b) {
      double elapsedMillis = (now - b.updatedNanos) / 1e6;
      b.tokens = Math.min(limit.capacity(), b.tokens + elapsedMillis * limit.refillPerMilli());
      b.updatedNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Decision.ALLOWED;
      }
      long waitMillis = (long) Math.ceil((1 - b.tokens) / limit.refillPerMilli());
      return Decision.refused(limit.name(), Duration.ofMillis(waitMillis));
    }
  }
}

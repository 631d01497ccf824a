package com.jsmai.plugin.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine ticker the test moves by hand. */
final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long read() {
    return nanos.get();
  }
}

package com.jsmai.plugin.reply;

import com.jsmai.plugin.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a delayed reply at its time. Tests drive a manual one; production uses {@link #executor}.
 */
@FunctionalInterface
public interface ReplyScheduler {
  void schedule(Instant at, Runnable task);

  /** A single daemon thread that runs tasks at their time on {@code clock}. */
  static ReplyScheduler executor(Clock clock) {
    ScheduledExecutorService pool =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reply-delay"));
    return on(pool, clock);
  }

  /** Runs tasks at their time on {@code clock} in {@code pool}, which the caller shuts down. */
  static ReplyScheduler on(ScheduledExecutorService pool, Clock clock) {
    return (at, task) -> {
      long ms = Math.max(0, Duration.between(clock.instant(), at).toMillis());
      pool.schedule(task, ms, TimeUnit.MILLISECONDS);
    };
  }
}

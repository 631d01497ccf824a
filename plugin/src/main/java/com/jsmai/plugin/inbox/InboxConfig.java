package com.jsmai.plugin.inbox;

import com.jsmai.plugin.config.Checks;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The durable inbox and its workers.
 *
 * @param file the SQLite database file (created with its folder when absent)
 * @param workers how many events are processed at once (never two of the same issue)
 * @param maxAttempts after this many failed attempts an event goes to the dead state
 * @param initialBackoff wait before the first retry; doubles each attempt, with full jitter
 * @param maxBackoff upper bound of one wait
 * @param lease how long a claimed event stays claimed without a heartbeat; a crashed process's
 *     events become pending again after it
 * @param pollInterval how often idle workers look for due retries and expired leases
 */
public record InboxConfig(
    Path file,
    int workers,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration lease,
    Duration pollInterval) {
  public InboxConfig {
    if (file == null) {
      throw new IllegalArgumentException("inbox.file is required");
    }
    Checks.range("inbox.workers", workers, 1, 256);
    Checks.range("inbox.maxAttempts", maxAttempts, 1, 1000);
    initialBackoff = Checks.positive("inbox.initialBackoff", initialBackoff, Duration.ofSeconds(2));
    maxBackoff = Checks.positive("inbox.maxBackoff", maxBackoff, Duration.ofMinutes(10));
    lease = Checks.positive("inbox.lease", lease, Duration.ofMinutes(5));
    pollInterval = Checks.positive("inbox.pollInterval", pollInterval, Duration.ofSeconds(1));
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "inbox.maxBackoff ("
              + maxBackoff
              + ") is below inbox.initialBackoff ("
              + initialBackoff
              + ")");
    }
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("inbox.lease must be at least 1s, was: " + lease);
    }
  }

  /** Defaults for tests and tools: a file, 4 workers, 5 attempts. */
  public static InboxConfig at(Path file) {
    return new InboxConfig(
        file,
        4,
        5,
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(1));
  }
}

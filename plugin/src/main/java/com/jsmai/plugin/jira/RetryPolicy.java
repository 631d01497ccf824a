package com.jsmai.plugin.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * How long to wait before retrying a rate-limited (429) or unavailable (503) answer, in Atlassian's
 * order: {@code Retry-After} (seconds or an HTTP date), then {@code X-RateLimit-Reset} (ISO-8601,
 * for example {@code 2026-11-21T18:05Z}), then exponential backoff with jitter (Jira sometimes
 * sends a 429 with neither header, JRACLOUD-82801).
 */
final class RetryPolicy {
  private final Clock clock;
  private final Duration base;
  private final Duration cap;
  private final LongUnaryOperator jitter;

  /**
   * @param jitter returns a value in [0, bound]
   */
  RetryPolicy(Clock clock, Duration base, Duration cap, LongUnaryOperator jitter) {
    this.clock = clock;
    this.base = base;
    this.cap = cap;
    this.jitter = jitter;
  }

  /** The wait named by the headers, if any (never negative). */
  Optional<Duration> fromHeaders(String retryAfter, String rateLimitReset) {
    if (retryAfter != null && !retryAfter.isBlank()) {
      String v = retryAfter.trim();
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Optional.of(untilNow(at));
        } catch (DateTimeParseException ignored) {
          // fall through to the next header
        }
      }
    }
    if (rateLimitReset != null && !rateLimitReset.isBlank()) {
      try {
        Instant at = OffsetDateTime.parse(rateLimitReset.trim()).toInstant();
        return Optional.of(untilNow(at));
      } catch (DateTimeParseException ignored) {
        // fall through to backoff
      }
    }
    return Optional.empty();
  }

  /**
   * Exponential backoff for retry number {@code attempt} (0 first): base·2^n capped, equal jitter.
   */
  Duration backoff(int attempt) {
    long step = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
    long half = step / 2;
    return Duration.ofMillis(step - half + jitter.applyAsLong(half));
  }

  private Duration untilNow(Instant at) {
    Duration d = Duration.between(clock.instant(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}

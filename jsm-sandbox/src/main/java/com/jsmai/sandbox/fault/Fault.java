package com.jsmai.sandbox.fault;

import java.util.Locale;

/**
 * One injected fault. HTTP faults hit the next {@code times} REST calls whose method and path
 * match; webhook faults hit the next {@code times} deliveries of a matching event.
 *
 * @param id assigned by the plan
 * @param kind what goes wrong
 * @param method HTTP method to match, or null for any (HTTP faults)
 * @param path path glob to match ({@code *} one segment, {@code **} anything), or null for any
 * @param event webhook event to match, or null for any (webhook faults)
 * @param status forced HTTP status ({@link Kind#HTTP_STATUS})
 * @param retryAfterSeconds {@code Retry-After} value, or null to send none
 * @param rateLimitReset true to send {@code X-RateLimit-Reset}
 * @param delayMillis added latency ({@link Kind#HTTP_DELAY}, {@link Kind#WEBHOOK_DELAY})
 * @param copies how many concurrent copies of a delivery ({@link Kind#WEBHOOK_DUPLICATE})
 * @param times how many matches it applies to; -1 for every match until cleared
 */
public record Fault(
    String id,
    Kind kind,
    String method,
    String path,
    String event,
    int status,
    Integer retryAfterSeconds,
    boolean rateLimitReset,
    long delayMillis,
    int copies,
    int times) {

  /** What goes wrong. */
  public enum Kind {
    /** A REST call answers {@code status} (429 and 503 with rate-limit headers). */
    HTTP_STATUS,
    /** A REST call is answered {@code delayMillis} late. */
    HTTP_DELAY,
    /** A webhook delivery is sent {@code copies} times at once, with one identifier. */
    WEBHOOK_DUPLICATE,
    /** A webhook delivery leaves {@code delayMillis} late. */
    WEBHOOK_DELAY,
    /**
     * Cloud comment webhooks claim {@code jsdPublic: true} even for internal notes (a reported
     * Cloud behaviour); the plugin must re-read the comment's {@code public} flag.
     */
    WEBHOOK_JSD_PUBLIC_LIE,
    /**
     * The next matching {@code POST .../comment} stores the opposite visibility of what was asked
     * (an internal note goes out public), as in reported incidents; clients that re-read after
     * writing must notice and fail closed.
     */
    COMMENT_VISIBILITY_FLIP;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "fault kind must be one of " + names() + "; got '" + s + "'");
      }
    }

    /** Every kind's wire name, comma-separated, for error messages that list them. */
    public static String names() {
      return java.util.Arrays.stream(values())
          .map(k -> k.name().toLowerCase(Locale.ROOT))
          .collect(java.util.stream.Collectors.joining(", "));
    }

    public boolean isHttp() {
      return this == HTTP_STATUS || this == HTTP_DELAY || this == COMMENT_VISIBILITY_FLIP;
    }
  }

  public Fault {
    if (kind == null) {
      throw new IllegalArgumentException("fault kind is required");
    }
    if (times == 0 || times < -1) {
      throw new IllegalArgumentException("times must be positive or -1 (always), got " + times);
    }
    if (kind == Kind.HTTP_STATUS && (status < 400 || status > 599)) {
      throw new IllegalArgumentException(
          "http_status needs a status from 400 to 599, got " + status);
    }
    if ((kind == Kind.HTTP_DELAY || kind == Kind.WEBHOOK_DELAY)
        && (delayMillis <= 0 || delayMillis > 600_000)) {
      throw new IllegalArgumentException("delayMillis must be 1..600000, got " + delayMillis);
    }
    if (kind == Kind.WEBHOOK_DUPLICATE && (copies < 2 || copies > 50)) {
      throw new IllegalArgumentException(
          "webhook_duplicate needs copies from 2 to 50, got " + copies);
    }
    if (retryAfterSeconds != null && retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "retryAfterSeconds must be >= 0, got " + retryAfterSeconds);
    }
    if (method != null) {
      method = method.toUpperCase(Locale.ROOT);
    }
  }

  /** A forced status for the next {@code times} calls of {@code method path}. */
  public static Fault httpStatus(
      String method,
      String path,
      int status,
      Integer retryAfterSeconds,
      boolean rateLimitReset,
      int times) {
    return new Fault(
        null,
        Kind.HTTP_STATUS,
        method,
        path,
        null,
        status,
        retryAfterSeconds,
        rateLimitReset,
        0,
        0,
        times);
  }

  public static Fault httpDelay(String method, String path, long delayMillis, int times) {
    return new Fault(
        null, Kind.HTTP_DELAY, method, path, null, 0, null, false, delayMillis, 0, times);
  }

  public static Fault webhookDuplicate(String event, int copies, int times) {
    return new Fault(
        null, Kind.WEBHOOK_DUPLICATE, null, null, event, 0, null, false, 0, copies, times);
  }

  public static Fault webhookDelay(String event, long delayMillis, int times) {
    return new Fault(
        null, Kind.WEBHOOK_DELAY, null, null, event, 0, null, false, delayMillis, 0, times);
  }

  public static Fault webhookJsdPublicLie(int times) {
    return new Fault(
        null,
        Kind.WEBHOOK_JSD_PUBLIC_LIE,
        null,
        null,
        "comment_created",
        0,
        null,
        false,
        0,
        0,
        times);
  }

  /** The next {@code times} comment writes on {@code path} store the opposite visibility. */
  public static Fault commentVisibilityFlip(String path, int times) {
    return new Fault(
        null, Kind.COMMENT_VISIBILITY_FLIP, "POST", path, null, 0, null, false, 0, 0, times);
  }

  Fault withId(String newId) {
    return new Fault(
        newId,
        kind,
        method,
        path,
        event,
        status,
        retryAfterSeconds,
        rateLimitReset,
        delayMillis,
        copies,
        times);
  }

  Fault withTimes(int newTimes) {
    return new Fault(
        id,
        kind,
        method,
        path,
        event,
        status,
        retryAfterSeconds,
        rateLimitReset,
        delayMillis,
        copies,
        newTimes);
  }
}

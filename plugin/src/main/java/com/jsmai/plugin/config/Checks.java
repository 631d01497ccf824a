package com.jsmai.plugin.config;

import java.net.URI;
import java.time.Duration;

/** Shared checks for section records; every message names the key and the bad value. */
public final class Checks {
  private Checks() {}

  /** An absolute http(s) URL without a trailing slash. */
  public static URI httpUrl(String key, URI value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    if (!("http".equals(value.getScheme()) || "https".equals(value.getScheme()))
        || value.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an absolute http(s) URL, was: " + value);
    }
    if (value.getUserInfo() != null) {
      throw new IllegalArgumentException(key + " must not carry credentials in the URL");
    }
    String s = value.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : value;
  }

  /** A positive duration, or {@code fallback} when left out. */
  public static Duration positive(String key, Duration value, Duration fallback) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was: " + d);
    }
    return d;
  }

  /** An int in {@code [min, max]}. */
  public static int range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be in [" + min + ", " + max + "], was: " + value);
    }
    return value;
  }
}

package com.jsmai.plugin.config;

import java.util.Objects;

/**
 * A credential read from configuration. {@link #toString()} is redacted so a secret never reaches a
 * log line, an exception message or a config dump by accident; code that needs the value calls
 * {@link #reveal()} at the single place it is used (an HTTP header, an HMAC key).
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = Objects.requireNonNull(value, "value");
    this.origin = Objects.requireNonNull(origin, "origin");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty (from " + origin + ")");
    }
  }

  /** A secret given literally (tests, or a config file readable only by the service account). */
  public static Secret of(String value) {
    return new Secret(value, "literal");
  }

  static Secret of(String value, String origin) {
    return new Secret(value, origin);
  }

  /** The secret itself: use it, never print it. */
  public String reveal() {
    return value;
  }

  /** Where it came from, for example {@code env:JIRA_TOKEN}: safe to log. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "Secret[redacted, from " + origin + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && java.security.MessageDigest.isEqual(
            value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // no information about the value leaks through hashing
  }
}

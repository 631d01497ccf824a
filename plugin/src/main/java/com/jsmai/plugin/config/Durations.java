package com.jsmai.plugin.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as admins write them in config and tool files: {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 2d}, or ISO-8601 {@code PT30S}. One parser for every file the plugin reads.
 */
public final class Durations {
  // At most 9 digits: larger counts are typos, and Long.parseLong never overflows on them.
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses one duration.
   *
   * @throws IllegalArgumentException naming the text when it is not a duration
   */
  public static Duration parse(String text) {
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration (use 250ms, 30s, 5m, 1h, 2d or PT30S): \"" + text + "\"");
    }
  }
}

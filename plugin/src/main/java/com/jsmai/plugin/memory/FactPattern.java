package com.jsmai.plugin.memory;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A configurable extraction rule: every match of {@code regex} in the thread is a fact named {@code
 * label}. When the regex has a capturing group, group 1 is the value (so {@code Order No: (\d+)}
 * stores just the digits); otherwise the whole match is.
 */
public record FactPattern(String label, Pattern pattern) {
  public FactPattern {
    if (label == null || label.isBlank()) throw new IllegalArgumentException("label is blank");
    if (label.contains("\n")) throw new IllegalArgumentException("label has a newline: " + label);
    if (pattern == null) throw new IllegalArgumentException("pattern is null for " + label);
  }

  /** Compiles {@code regex}; a bad one is an error that names the label and the regex. */
  public static FactPattern of(String label, String regex) {
    try {
      return new FactPattern(
          label, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "memory pattern '"
              + label
              + "' is not a valid regex: "
              + regex
              + " ("
              + e.getDescription()
              + ")",
          e);
    }
  }
}

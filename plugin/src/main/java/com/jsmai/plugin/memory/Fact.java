package com.jsmai.plugin.memory;

import java.util.Objects;

/**
 * One {@code [MEMORY]} fact about a ticket, for example {@code order number: #W2378156}.
 *
 * @param label what it is, as shown to the model
 * @param value the value as written in the ticket
 * @param source where it came from: {@code description}, {@code comment:<id>} or {@code field:<id>}
 * @param internal true when it was found only in an internal note: such a fact never enters a
 *     prompt whose answer a customer can see
 */
public record Fact(String label, String value, String source, boolean internal) {
  public Fact {
    if (label == null || label.isBlank()) throw new IllegalArgumentException("label is blank");
    if (value == null || value.isBlank()) throw new IllegalArgumentException("value is blank");
    Objects.requireNonNull(source, "source");
  }

  /** The system-prompt line. */
  public String promptLine() {
    return "[MEMORY] " + label + ": " + value;
  }
}

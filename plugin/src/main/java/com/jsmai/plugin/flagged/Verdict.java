package com.jsmai.plugin.flagged;

import java.util.Locale;

/**
 * An agent's judgement of a flagged ticket. The wire names are the labels of the training export
 * ({@code InjectionClassifierTraining --extra}), so one word means the same everywhere.
 */
public enum Verdict {
  /** "Not an attack": the input check was wrong; a benign training example. */
  BENIGN("benign"),
  /** "Confirmed attack": the input check was right; an attack training example. */
  ATTACK("attack");

  private final String wire;

  Verdict(String wire) {
    this.wire = wire;
  }

  /** {@code benign} or {@code attack}: the export label, the API value and the metric label. */
  public String wire() {
    return wire;
  }

  /**
   * @throws IllegalArgumentException naming the value when it is neither {@code benign} nor {@code
   *     attack}
   */
  public static Verdict parse(String value) {
    if (value != null) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      for (Verdict x : values()) if (x.wire.equals(v)) return x;
    }
    throw new IllegalArgumentException("verdict must be benign or attack, was: " + value);
  }
}

package com.jsmai.plugin.policy;

import java.util.Locale;

/** What the assistant does with a customer message. */
public enum ReplyMode {
  /** Nothing. */
  OFF,
  /** Writes its draft into an internal note for an agent to copy (supervised). */
  SUGGEST,
  /** Posts a public reply (autonomous). */
  AUTO;

  /** Parses {@code off}, {@code suggest} or {@code auto}; anything else names the bad value. */
  public static ReplyMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "reply mode must be off, suggest or auto, not: " + text, e);
    }
  }
}

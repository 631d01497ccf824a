package com.jsmai.plugin.inbox;

import java.time.Instant;

/**
 * One stored event and where it stands.
 *
 * @param id row id, increasing in arrival order
 * @param event what was received
 * @param status pending, processing, done or dead
 * @param attempts handler calls started so far
 * @param nextAttemptAt when a pending event becomes due
 * @param lastError the last failure's message (class and message only), or null
 * @param receivedAt when the row was committed
 */
public record InboxEntry(
    long id,
    IncomingEvent event,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant receivedAt) {

  /** Life cycle: pending → processing → done, or back to pending (retry), or dead. */
  public enum Status {
    PENDING,
    PROCESSING,
    DONE,
    DEAD;

    String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status fromDb(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }
}

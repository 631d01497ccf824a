package com.jsmai.plugin.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a ticket thread, classified.
 *
 * @param id the comment id, or {@code description} for the request itself
 * @param speaker who wrote it
 * @param text plain text (our footer already removed from our own replies)
 * @param isPublic false for internal notes
 * @param created when
 */
public record Turn(String id, Speaker speaker, String text, boolean isPublic, Instant created) {
  public enum Speaker {
    CUSTOMER,
    AGENT,
    ASSISTANT
  }

  public Turn {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(speaker, "speaker");
    text = text == null ? "" : text;
  }
}

package com.jsmai.plugin.jira;

import java.time.Instant;
import java.util.Objects;

/**
 * One comment of a ticket thread.
 *
 * @param id comment id
 * @param body plain text
 * @param isPublic true when the customer can see it (JSM's {@code public} flag)
 * @param author who wrote it
 * @param created when
 */
public record Comment(String id, String body, boolean isPublic, User author, Instant created) {
  public Comment {
    Objects.requireNonNull(id, "id");
    body = body == null ? "" : body;
  }
}

package com.jsmai.sandbox.state;

import java.util.List;

/**
 * Something happened that Jira would announce by webhook.
 *
 * @param webhookEvent {@code jira:issue_created}, {@code jira:issue_updated}, {@code
 *     comment_created}, {@code issue_property_set}
 * @param issueEventTypeName {@code issue_created}, {@code issue_commented}, {@code issue_updated},
 *     {@code issue_generic}, or null for events without it
 * @param issueId the issue
 * @param commentId the comment for comment events, else null
 * @param actorId accountId of who caused it
 * @param timestamp epoch millis
 * @param changes changelog items for {@code jira:issue_updated}
 * @param propertyKey the property key for {@code issue_property_set}, else null
 */
public record SandboxEvent(
    String webhookEvent,
    String issueEventTypeName,
    long issueId,
    Long commentId,
    String actorId,
    long timestamp,
    List<Change> changes,
    String propertyKey) {

  public SandboxEvent {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** One changelog item: a field went from one value to another. */
  public record Change(String field, String from, String to) {}

  /** Where events go: the webhook dispatcher, or nowhere. */
  public interface Sink {
    void emit(SandboxEvent event);

    Sink NONE = event -> {};
  }
}

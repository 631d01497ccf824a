package com.jsmai.plugin.inbox;

import com.jsmai.plugin.webhook.JiraEvent;
import java.util.Objects;

/**
 * An accepted delivery as the inbox stores it. Unlike {@link JiraEvent} the issue key may still be
 * unknown: a Data Center comment event registered without the {@code ${issue.key}} URL variable
 * carries only the issue id (taken from the comment's {@code self} link), and the worker resolves
 * the key through Jira before the handler sees the event.
 *
 * @param deliveryId the dedupe key ({@code X-Atlassian-Webhook-Identifier} or the fallback)
 * @param logicalKey what happened, independent of how it was delivered ({@code
 *     COMMENT_CREATED:comment:10100}); a second delivery of the same fact under another identifier
 *     (Data Center sends {@code comment_created} and {@code issue_commented}) is a duplicate too
 * @param issueKey the key, or null when only the id is known
 * @param issueId the numeric id, or null when only the key is known
 */
public record IncomingEvent(
    String deliveryId,
    String logicalKey,
    JiraEvent.Kind kind,
    String issueKey,
    String issueId,
    String commentId,
    String authorAccountId,
    String authorType,
    long timestamp,
    String rawJson) {
  public IncomingEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(rawJson, "rawJson");
    if (issueKey == null && issueId == null) {
      throw new IllegalArgumentException(
          "an event needs an issue key or an issue id: " + deliveryId);
    }
    if (deliveryId.isBlank() || deliveryId.length() > 512) {
      throw new IllegalArgumentException("deliveryId must be 1..512 characters");
    }
  }

  /** The key that serialises processing: never two events of one issue at once. */
  public String serialKey() {
    return issueKey != null ? issueKey : "id:" + issueId;
  }

  /** The event for the handler, once the issue key is known. */
  public JiraEvent toJiraEvent(String resolvedIssueKey) {
    return new JiraEvent(
        deliveryId,
        kind,
        resolvedIssueKey,
        issueId,
        commentId,
        authorAccountId,
        authorType,
        timestamp,
        rawJson);
  }
}

package com.jsmai.plugin.webhook;

import java.util.Objects;

/**
 * A webhook delivery that passed signature and shape checks, normalised across Cloud and Data Center
 * payloads. Everything here comes from the payload and is untrusted beyond "Jira sent it": the
 * reply pipeline re-reads the ticket and the comment's {@code public} flag through the REST API.
 *
 * @param deliveryId the dedupe key: {@code X-Atlassian-Webhook-Identifier}, or the fallback
 *     {@code webhookEvent + comment/issue id + timestamp}
 * @param kind what happened
 * @param issueKey the issue key (from the payload, or the {@code ${issue.key}} URL variable on Data
 *     Center comment events that carry no issue)
 * @param issueId the numeric issue id, or null when the payload has none
 * @param commentId the comment id for comment events, else null
 * @param authorAccountId who caused the event (comment author, or issue creator), or null
 * @param authorType {@code customer}, {@code atlassian} or {@code app}, or null when unknown
 * @param timestamp the payload's {@code timestamp} (epoch millis)
 * @param rawJson the payload as received, kept for audit and reprocessing
 */
public record JiraEvent(
    String deliveryId,
    Kind kind,
    String issueKey,
    String issueId,
    String commentId,
    String authorAccountId,
    String authorType,
    long timestamp,
    String rawJson) {

  public enum Kind {
    ISSUE_CREATED,
    COMMENT_CREATED
  }

  public JiraEvent {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issueKey, "issueKey");
    if (kind == Kind.COMMENT_CREATED && commentId == null) {
      throw new IllegalArgumentException("a comment event needs a comment id");
    }
  }
}

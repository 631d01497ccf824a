package com.jsmai.sandbox.state;

import java.util.List;

/**
 * Everything mutable, as saved to and loaded from the optional JSON snapshot file.
 *
 * <p>The {@code next*} counters are saved rather than derived from the lists on load because, as in
 * Jira (whose project counter only ever grows), an id or issue number once handed out is never
 * handed out again: comments and webhooks can be deleted, so their highest remaining id says
 * nothing about the next one. Issues and links cannot be deleted in the sandbox, so today {@code
 * nextIssueId}, {@code nextIssueNumber} and {@code nextLinkId} equal "highest + 1"; they follow the
 * same rule so that adding {@code jira:issue_deleted} later cannot make a new request reuse a
 * deleted request's key (and the webhook or audit entries that carry it).
 */
public record Snapshot(
    int version,
    long nextIssueId,
    long nextIssueNumber,
    long nextCommentId,
    long nextLinkId,
    long nextWebhookId,
    List<Issue> issues,
    List<IssueComment> comments,
    List<Feedback> feedback,
    List<IssueLink> links,
    List<WebhookRegistration> webhooks) {
  public static final int CURRENT_VERSION = 1;
}

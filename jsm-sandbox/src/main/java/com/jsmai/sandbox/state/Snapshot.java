package com.jsmai.sandbox.state;

import java.util.List;

/** Everything mutable, as saved to and loaded from the optional JSON snapshot file. */
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

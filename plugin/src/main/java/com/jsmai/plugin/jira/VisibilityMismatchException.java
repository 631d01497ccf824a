package com.jsmai.plugin.jira;

/**
 * JSM stored a comment with another visibility than asked (for example an internal note that came
 * out public). The client fails closed: the caller must treat the write as failed and alert a
 * human; when a note meant to be internal came out public, the client has already tried to delete
 * it ({@link #deleted()}).
 */
public final class VisibilityMismatchException extends JiraClient.JiraException {
  private final String commentId;
  private final boolean deleted;

  public VisibilityMismatchException(
      String issueKey, String commentId, boolean wantedPublic, boolean deleted) {
    super(
        409,
        "comment "
            + commentId
            + " on "
            + issueKey
            + " was stored "
            + (wantedPublic ? "internal" : "PUBLIC")
            + " although "
            + (wantedPublic ? "public" : "internal")
            + " was requested"
            + (wantedPublic ? "" : deleted ? "; it was deleted" : "; deleting it FAILED"));
    this.commentId = commentId;
    this.deleted = deleted;
  }

  public String commentId() {
    return commentId;
  }

  public boolean deleted() {
    return deleted;
  }
}

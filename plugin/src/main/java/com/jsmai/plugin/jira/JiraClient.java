package com.jsmai.plugin.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Everything the plugin asks of Jira / JSM, over its public REST API only. Two real flavours share
 * this interface: Cloud (REST v3, Atlassian Document Format, email + API token) and Data Center
 * (REST v2, wiki markup, personal access token). Tests run them against the JSM sandbox.
 *
 * <p>Implementations are thread-safe, honour 429/503 with {@code Retry-After}, and throw {@link
 * JiraException} with the HTTP status when Jira refuses.
 */
public interface JiraClient {

  /**
   * The issue joined with its JSM request: reporter, service desk, request type, status, fields.
   */
  Ticket getTicket(String issueKey);

  /**
   * The whole comment thread from {@code /rest/servicedeskapi/request/{key}/comment}, public and
   * internal, oldest first, with the {@code public} flag as JSM reports it (trust this flag, not
   * the platform's {@code jsdPublic}).
   */
  List<Comment> getComments(String issueKey);

  /**
   * One comment of the thread as JSM reports it now (re-read the {@code public} flag before acting
   * on a webhook's {@code jsdPublic}). Empty when it does not exist or is not visible to us.
   */
  default Optional<Comment> getComment(String issueKey, String commentId) {
    return getComments(issueKey).stream().filter(c -> c.id().equals(commentId)).findFirst();
  }

  /**
   * Posts a comment through {@code POST /rest/servicedeskapi/request/{key}/comment}.
   *
   * @param isPublic true for a reply the customer sees, false for an internal note
   * @return the comment as JSM stored it, re-read after the write
   * @throws VisibilityMismatchException when JSM stored another visibility than asked (fail closed)
   */
  Comment addComment(String issueKey, String body, boolean isPublic);

  /** Reads an issue property ({@code /rest/api/N/issue/{key}/properties/{propertyKey}}). */
  Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey);

  /** Writes an issue property; the value is a JSON object of at most 32 KB. */
  void setIssueProperty(String issueKey, String propertyKey, JsonNode value);

  /** Marks a comment as the assistant's own, so a webhook about it never triggers a reply. */
  void setCommentProperty(String issueKey, String commentId, String propertyKey, JsonNode value);

  /** The account the plugin authenticates as: its own comments carry this author. */
  User myself();

  /** The reporter's other requests, newest first (JSM {@code GET /rest/servicedeskapi/request}). */
  List<Ticket> recentRequestsOf(String accountId, int limit);

  /** Transitions the issue by transition name (for example "Resolve" or "Escalate"). */
  void transition(String issueKey, String transitionName, String comment);

  /** Sets the priority by name. */
  void setPriority(String issueKey, String priorityName);

  /** Adds labels (existing labels are kept). */
  void addLabels(String issueKey, List<String> labels);

  /** Raises a new request on behalf of the same customer and links it to {@code issueKey}. */
  Ticket createLinkedRequest(
      String issueKey, String serviceDeskId, String requestTypeId, String summary, String body);

  /** A Jira answer other than 2xx, after retries. */
  class JiraException extends RuntimeException {
    private final int status;

    public JiraException(int status, String message) {
      super(message);
      this.status = status;
    }

    public JiraException(String message, Throwable cause) {
      super(message, cause);
      this.status = -1;
    }

    /** The HTTP status, or -1 when no answer came (timeout, connection refused). */
    public int status() {
      return status;
    }
  }
}

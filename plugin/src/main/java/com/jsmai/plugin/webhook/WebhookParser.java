package com.jsmai.plugin.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.inbox.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a verified webhook body into an {@link IncomingEvent}, across Cloud and Data Center shapes.
 *
 * <ul>
 *   <li>{@code jira:issue_created}: a new request.
 *   <li>{@code comment_created}: a new comment. Cloud sends a slim {@code issue}; Data Center sends
 *       none, so the key comes from the {@code ${issue.key}} URL variable ({@code ?issueKey=}), or
 *       the id from {@code ?issueId=} or the comment's {@code self} link (the worker then fetches
 *       the key).
 *   <li>{@code jira:issue_updated} with {@code issue_event_type_name = issue_commented} (Data
 *       Center): a new comment with the full issue.
 * </ul>
 *
 * Everything else is {@link Outcome.Ignored}. Thread-safe.
 */
final class WebhookParser {
  static final String DELIVERY_HEADER = "x-atlassian-webhook-identifier";

  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]+");
  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");
  private static final Pattern COMMENT_SELF = Pattern.compile("/issue/([0-9]+)/comment/[0-9]+");
  private static final int MAX_DELIVERY_ID = 512;

  /** The parse result. */
  sealed interface Outcome {
    record Accepted(IncomingEvent event) implements Outcome {}

    record Ignored(String reason) implements Outcome {}
  }

  /** The body is not a usable Jira webhook; the message says why (no payload content). */
  static final class BadPayload extends Exception {
    BadPayload(String message) {
      super(message);
    }
  }

  private final ObjectMapper json;

  WebhookParser(ObjectMapper json) {
    this.json = json;
  }

  Outcome parse(WebhookRequest request) throws BadPayload {
    String raw = new String(request.body(), StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = json.readTree(raw);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new BadPayload("body is not valid JSON" + where);
    }
    if (root == null || !root.isObject()) {
      throw new BadPayload("body must be a JSON object");
    }
    String webhookEvent = text(root, "webhookEvent");
    if (webhookEvent == null) {
      throw new BadPayload("body has no 'webhookEvent': not a Jira webhook");
    }
    String typeName = text(root, "issue_event_type_name");
    return switch (webhookEvent) {
      case "jira:issue_created" -> issueCreated(root, raw, request);
      case "comment_created" -> commentCreated(root, raw, request, webhookEvent);
      case "jira:issue_updated" ->
          "issue_commented".equals(typeName) && root.path("comment").isObject()
              ? commentCreated(root, raw, request, webhookEvent)
              : new Outcome.Ignored(
                  "jira:issue_updated ("
                      + (typeName == null ? "no type" : typeName)
                      + ") is not handled");
      default -> new Outcome.Ignored(webhookEvent + " is not handled");
    };
  }

  private Outcome issueCreated(JsonNode root, String raw, WebhookRequest request)
      throws BadPayload {
    JsonNode issue = root.path("issue");
    String issueId = idText(issue, "id");
    String issueKey = keyText(issue.path("key").asText(null), "issue.key");
    if (issueKey == null && issueId == null) {
      throw new BadPayload("jira:issue_created has no issue.key or issue.id");
    }
    JsonNode user = root.path("user");
    if (user.isMissingNode() || user.isNull()) {
      user = issue.path("fields").path("reporter");
    }
    long ts = root.path("timestamp").asLong(0);
    String logical = "ISSUE_CREATED:issue:" + (issueId != null ? issueId : issueKey);
    String deliveryId =
        deliveryId(
            request,
            "jira:issue_created:issue:" + (issueId != null ? issueId : issueKey) + ":" + ts);
    return new Outcome.Accepted(
        new IncomingEvent(
            deliveryId,
            logical,
            JiraEvent.Kind.ISSUE_CREATED,
            issueKey,
            issueId,
            null,
            accountId(user),
            text(user, "accountType"),
            ts,
            raw));
  }

  private Outcome commentCreated(
      JsonNode root, String raw, WebhookRequest request, String webhookEvent) throws BadPayload {
    JsonNode comment = root.path("comment");
    String commentId = idText(comment, "id");
    if (commentId == null) {
      throw new BadPayload(webhookEvent + " has no comment.id");
    }
    JsonNode issue = root.path("issue");
    String issueKey = keyText(issue.path("key").asText(null), "issue.key");
    String issueId = idText(issue, "id");
    Map<String, String> q = request.query();
    if (issueKey == null) {
      issueKey = keyText(unexpanded(q.get("issueKey")), "the issueKey query parameter");
    }
    if (issueId == null) {
      String fromQuery = unexpanded(q.get("issueId"));
      if (fromQuery != null) {
        if (!NUMERIC_ID.matcher(fromQuery).matches()) {
          throw new BadPayload("the issueId query parameter is not a numeric id");
        }
        issueId = fromQuery;
      }
    }
    if (issueId == null) {
      Matcher m = COMMENT_SELF.matcher(comment.path("self").asText(""));
      if (m.find()) {
        issueId = m.group(1);
      }
    }
    if (issueKey == null && issueId == null) {
      throw new BadPayload(
          webhookEvent
              + " carries no issue: register the webhook URL with ?issueKey=${issue.key}"
              + " (Data Center comment events have no issue object)");
    }
    JsonNode author = comment.path("author");
    long ts = root.path("timestamp").asLong(0);
    String deliveryId = deliveryId(request, webhookEvent + ":comment:" + commentId + ":" + ts);
    return new Outcome.Accepted(
        new IncomingEvent(
            deliveryId,
            "COMMENT_CREATED:comment:" + commentId,
            JiraEvent.Kind.COMMENT_CREATED,
            issueKey,
            issueId,
            commentId,
            accountId(author),
            text(author, "accountType"),
            ts,
            raw));
  }

  private static String deliveryId(WebhookRequest request, String fallback) throws BadPayload {
    String header = request.header(DELIVERY_HEADER);
    if (header == null || header.isBlank()) {
      return fallback;
    }
    String id = header.trim();
    if (id.length() > MAX_DELIVERY_ID) {
      throw new BadPayload("X-Atlassian-Webhook-Identifier is longer than " + MAX_DELIVERY_ID);
    }
    return id;
  }

  /** Jira leaves {@code ${issue.key}} literal when the event has no issue context. */
  private static String unexpanded(String v) {
    return v == null || v.isBlank() || v.startsWith("${") ? null : v.trim();
  }

  private static String keyText(String key, String where) throws BadPayload {
    if (key == null || key.isBlank()) {
      return null;
    }
    if (!ISSUE_KEY.matcher(key).matches()) {
      throw new BadPayload(where + " is not an issue key");
    }
    return key.toUpperCase(java.util.Locale.ROOT);
  }

  private static String idText(JsonNode node, String field) throws BadPayload {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    String s = v.asText();
    if (!NUMERIC_ID.matcher(s).matches()) {
      throw new BadPayload(field + " is not a numeric id");
    }
    return s;
  }

  /** Cloud: {@code accountId}; Data Center: {@code key}, else {@code name}. */
  private static String accountId(JsonNode user) {
    String id = text(user, "accountId");
    if (id == null) {
      id = text(user, "key");
    }
    if (id == null) {
      id = text(user, "name");
    }
    return id;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}

package com.jsmai.sandbox.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.IssueComment;
import com.jsmai.sandbox.state.SandboxEvent;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.view.Views;
import java.util.Optional;
import java.util.Set;

/**
 * Builds webhook bodies in Jira's shapes.
 *
 * <ul>
 *   <li>Cloud {@code comment_created}: {@code comment} (with {@code jsdPublic}) and a slim {@code
 *       issue} (summary, issuetype, project, assignee, priority, status).
 *   <li>Data Center {@code comment_created}: {@code comment} only, no issue.
 *   <li>{@code jira:issue_updated} with {@code issue_event_type_name: issue_commented}: the full
 *       issue; Data Center adds the {@code comment}, Cloud no longer does.
 *   <li>{@code jira:issue_created}: {@code user} and the full issue (REST v2 fields).
 * </ul>
 */
public final class PayloadFactory {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final SandboxState state;
  private final Views views;

  public PayloadFactory(SandboxState state, Views views) {
    this.state = state;
    this.views = views;
  }

  /** The payload, or empty when the event has nothing Jira would send. */
  public Optional<ObjectNode> build(SandboxEvent e, boolean jsdPublicLie) {
    Issue issue = state.issue(e.issueId());
    Optional<Account> actor = state.account(e.actorId());
    boolean cloud = state.flavor().isCloud();
    ObjectNode n = F.objectNode();
    n.put("timestamp", e.timestamp());
    n.put("webhookEvent", e.webhookEvent());
    switch (e.webhookEvent()) {
      case "comment_created" -> {
        IssueComment c = state.comment(e.commentId());
        ObjectNode comment = views.platformComment(c, 2, Set.of());
        if (cloud && jsdPublicLie) {
          comment.put("jsdPublic", true);
        }
        n.set("comment", comment);
        if (cloud) {
          n.set("issue", views.slimWebhookIssue(issue));
        }
      }
      case "jira:issue_created", "jira:issue_updated" -> {
        n.put("issue_event_type_name", e.issueEventTypeName());
        actor.ifPresent(a -> n.set("user", views.platformUser(a, 2)));
        n.set("issue", views.webhookIssue(issue));
        if (!e.changes().isEmpty()) {
          ObjectNode changelog = n.putObject("changelog");
          changelog.put("id", String.valueOf(e.timestamp() % 100000 + 10000));
          ArrayNode items = changelog.putArray("items");
          for (SandboxEvent.Change ch : e.changes()) {
            ObjectNode item = items.addObject();
            item.put("field", ch.field());
            item.put("fieldtype", "jira");
            if (cloud) {
              item.put("fieldId", ch.field());
            }
            item.putNull("from");
            item.put("fromString", ch.from());
            item.putNull("to");
            item.put("toString", ch.to());
          }
        }
        if (!cloud && e.commentId() != null) {
          n.set("comment", views.platformComment(state.comment(e.commentId()), 2, Set.of()));
        }
      }
      case "comment_deleted" -> {
        // The comment is already gone: Jira sends its id and the slim issue.
        n.putObject("comment").put("id", String.valueOf(e.commentId()));
        if (cloud) {
          n.set("issue", views.slimWebhookIssue(issue));
        }
      }
      case "issue_property_set" -> {
        ObjectNode property = n.putObject("property");
        property.put("key", e.propertyKey());
        property.set("value", issue.properties().getOrDefault(e.propertyKey(), F.nullNode()));
        n.set("issue", views.slimWebhookIssue(issue));
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(n);
  }
}

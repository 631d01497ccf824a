package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Jira that keeps tickets and records every write, for the tool tests (the real fake
 * is the JSM sandbox, not on this branch yet). Unknown issue keys fail like Jira's 404.
 */
public final class RecordingJira implements JiraClient {
  public static final User AGENT_BOT = new User("bot-1", "Assistant", null, "app");

  private final Map<String, Ticket> tickets = new LinkedHashMap<>();
  private final Map<String, List<Comment>> comments = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  private final List<String> writes = new ArrayList<>();

  public static User customer(String accountId, String email) {
    return new User(accountId, accountId, email, "customer");
  }

  public static Ticket ticket(String key, User reporter, String summary, String description) {
    return new Ticket(
        key,
        key.replaceAll("\\D", ""),
        summary,
        description,
        reporter,
        "1",
        "10",
        "Where is my order?",
        "Waiting for support",
        Map.of(),
        Instant.parse("2026-11-01T10:00:00Z").plusSeconds(key.hashCode() & 0xffff));
  }

  public synchronized RecordingJira add(Ticket ticket) {
    tickets.put(ticket.key(), ticket);
    comments.put(ticket.key(), new ArrayList<>());
    return this;
  }

  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  private Ticket require(String key) {
    Ticket t = tickets.get(key);
    if (t == null) throw new JiraException(404, "Issue does not exist: " + key);
    return t;
  }

  @Override
  public synchronized Ticket getTicket(String issueKey) {
    return require(issueKey);
  }

  @Override
  public synchronized List<Comment> getComments(String issueKey) {
    require(issueKey);
    return List.copyOf(comments.get(issueKey));
  }

  @Override
  public synchronized Comment addComment(String issueKey, String body, boolean isPublic) {
    require(issueKey);
    Comment c =
        new Comment(
            String.valueOf(ids.incrementAndGet()), body, isPublic, AGENT_BOT, Instant.now());
    comments.get(issueKey).add(c);
    writes.add("comment " + issueKey + " public=" + isPublic + ": " + body);
    return c;
  }

  @Override
  public Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey) {
    return Optional.empty();
  }

  @Override
  public synchronized void setIssueProperty(String issueKey, String propertyKey, JsonNode value) {
    writes.add("property " + issueKey + " " + propertyKey);
  }

  @Override
  public synchronized void setCommentProperty(
      String issueKey, String commentId, String propertyKey, JsonNode value) {
    writes.add("comment-property " + issueKey + " " + commentId);
  }

  @Override
  public User myself() {
    return AGENT_BOT;
  }

  @Override
  public synchronized List<Ticket> recentRequestsOf(String accountId, int limit) {
    return tickets.values().stream()
        .filter(t -> t.reporter() != null && t.reporter().accountId().equals(accountId))
        .sorted(Comparator.comparing(Ticket::created).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void transition(String issueKey, String transitionName, String comment) {
    Ticket t = require(issueKey);
    String status = transitionName.equals("Resolve") ? "Resolved" : transitionName + "d";
    tickets.put(
        issueKey,
        new Ticket(
            t.key(),
            t.id(),
            t.summary(),
            t.description(),
            t.reporter(),
            t.serviceDeskId(),
            t.requestTypeId(),
            t.requestTypeName(),
            status,
            t.fieldValues(),
            t.created()));
    writes.add(
        "transition " + issueKey + " " + transitionName + (comment == null ? "" : ": " + comment));
  }

  @Override
  public synchronized void setPriority(String issueKey, String priorityName) {
    require(issueKey);
    writes.add("priority " + issueKey + " " + priorityName);
  }

  @Override
  public synchronized void addLabels(String issueKey, List<String> labels) {
    require(issueKey);
    writes.add("labels " + issueKey + " " + labels);
  }

  @Override
  public synchronized Ticket createLinkedRequest(
      String issueKey, String serviceDeskId, String requestTypeId, String summary, String body) {
    Ticket from = require(issueKey);
    String key = "SD-" + ids.incrementAndGet();
    Ticket created =
        new Ticket(
            key,
            key.substring(3),
            summary,
            body,
            from.reporter(),
            serviceDeskId,
            requestTypeId,
            "Linked",
            "Open",
            Map.of(),
            Instant.now());
    add(created);
    writes.add("linked " + issueKey + " -> " + key + " type=" + requestTypeId + ": " + summary);
    return created;
  }
}

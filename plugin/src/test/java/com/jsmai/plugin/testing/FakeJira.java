package com.jsmai.plugin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.reply.CommentPropertyReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory JSM for reply-pipeline and tool tests. It keeps JSM's rules that matter here:
 * comments are public or internal (customers can only write public ones), the plugin posts as its
 * own account ({@link #myself()}), issue properties must be non-empty JSON objects of at most 32
 * 768 characters, comment properties are stored per comment, comment ids grow, a transition changes
 * the status and other requests come newest first. Every write through {@link JiraClient} is also
 * logged in {@link #writes()}. Faults can be injected: a crash right after a comment is stored (the
 * caller sees an exception, Jira kept the comment), or a refusal with a status.
 *
 * <p>Thread-safe (every method synchronized).
 */
public final class FakeJira implements JiraClient, CommentPropertyReader {
  public static final User ASSISTANT = new User("acc-assistant", "AI assistant", null, "atlassian");

  private final Clock clock;
  private final AtomicInteger ids = new AtomicInteger(10_000);
  private final Map<String, Ticket> tickets = new LinkedHashMap<>();
  private final Map<String, List<Comment>> comments = new HashMap<>();
  private final Map<String, JsonNode> issueProperties = new HashMap<>();
  private final Map<String, JsonNode> commentProperties = new HashMap<>();
  private final Map<String, List<String>> labels = new HashMap<>();
  private final List<String> transitions = new ArrayList<>();
  private final List<String> writes = new ArrayList<>();
  private int addCommentCalls;
  private boolean crashAfterNextPost;
  private int refuseNextPostWith;
  private int crashAfterCall;
  private int refuseCall;
  private int refuseCallWith;

  public FakeJira(Clock clock) {
    this.clock = clock;
  }

  /** Thrown by {@link #addComment} after it stored the comment, like a process dying mid-call. */
  public static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash after the comment was stored");
    }
  }

  // ---- test set-up ----

  /** A portal customer (JSM's {@code customer} account type). */
  public static User customer(String accountId, String email) {
    return new User(accountId, accountId, email, "customer");
  }

  /**
   * A "Where is my order?" request waiting for support, created at a fixed instant that differs per
   * key (so "newest first" has an order); add it with {@link #createTicket(Ticket)}.
   */
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

  public synchronized Ticket createTicket(
      String key, User reporter, String summary, String description, Map<String, String> fields) {
    Ticket t =
        new Ticket(
            key,
            String.valueOf(ids.incrementAndGet()),
            summary,
            description,
            reporter,
            "1",
            "10",
            "Where is my order?",
            "Waiting for support",
            fields,
            clock.instant());
    tickets.put(key, t);
    comments.put(key, new ArrayList<>());
    return t;
  }

  public synchronized Ticket createTicket(Ticket ticket) {
    tickets.put(ticket.key(), ticket);
    comments.putIfAbsent(ticket.key(), new ArrayList<>());
    return ticket;
  }

  /** A portal customer writes: always public in JSM. */
  public synchronized Comment customerComment(String key, User customer, String body) {
    if (!customer.isCustomer()) throw new IllegalArgumentException("not a customer: " + customer);
    return store(key, body, true, customer);
  }

  /** An agent writes a public reply or an internal note. */
  public synchronized Comment agentComment(String key, User agent, String body, boolean isPublic) {
    if (agent.isCustomer()) throw new IllegalArgumentException("a customer cannot: " + agent);
    return store(key, body, isPublic, agent);
  }

  public synchronized void crashAfterNextPost() {
    crashAfterNextPost = true;
  }

  public synchronized void refuseNextPost(int status) {
    refuseNextPostWith = status;
  }

  /**
   * Like {@link #crashAfterNextPost} for the {@code call}-th {@link #addComment} call counted from
   * the fake's start (1 = the first), for a crash between two comments of one event.
   */
  public synchronized void crashAfterPostCall(int call) {
    crashAfterCall = call;
  }

  /** Like {@link #refuseNextPost} for the {@code call}-th {@link #addComment} call. */
  public synchronized void refusePostCall(int call, int status) {
    refuseCall = call;
    refuseCallWith = status;
  }

  public synchronized int addCommentCalls() {
    return addCommentCalls;
  }

  public synchronized List<String> labels(String key) {
    return List.copyOf(labels.getOrDefault(key, List.of()));
  }

  public synchronized List<String> transitions() {
    return List.copyOf(transitions);
  }

  /**
   * Every write made through {@link JiraClient}, oldest first, one line each (for example {@code
   * "comment SD-1 public=false: body"} or {@code "transition SD-1 Resolve"}); test set-up is not
   * logged.
   */
  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  /** Comments the assistant account wrote. */
  public synchronized List<Comment> assistantComments(String key) {
    return comments.get(key).stream()
        .filter(c -> c.author().accountId().equals(ASSISTANT.accountId()))
        .toList();
  }

  // ---- JiraClient ----

  @Override
  public synchronized Ticket getTicket(String issueKey) {
    Ticket t = tickets.get(issueKey);
    if (t == null) throw new JiraException(404, "Issue does not exist: " + issueKey);
    return t;
  }

  @Override
  public synchronized List<Comment> getComments(String issueKey) {
    getTicket(issueKey);
    return List.copyOf(comments.get(issueKey));
  }

  @Override
  public synchronized Comment addComment(String issueKey, String body, boolean isPublic) {
    getTicket(issueKey);
    addCommentCalls++;
    if (refuseNextPostWith != 0) {
      int status = refuseNextPostWith;
      refuseNextPostWith = 0;
      throw new JiraException(status, "refused with " + status);
    }
    if (refuseCall == addCommentCalls) {
      refuseCall = 0;
      throw new JiraException(refuseCallWith, "refused with " + refuseCallWith);
    }
    if (body == null || body.isBlank()) throw new JiraException(400, "Comment body is empty");
    Comment c = store(issueKey, body, isPublic, ASSISTANT);
    writes.add("comment " + issueKey + " public=" + isPublic + ": " + body);
    if (crashAfterNextPost || crashAfterCall == addCommentCalls) {
      crashAfterNextPost = false;
      crashAfterCall = 0;
      throw new SimulatedCrash();
    }
    return c;
  }

  private Comment store(String key, String body, boolean isPublic, User author) {
    Comment c =
        new Comment(String.valueOf(ids.incrementAndGet()), body, isPublic, author, clock.instant());
    comments.get(key).add(c);
    return c;
  }

  @Override
  public synchronized Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey) {
    getTicket(issueKey);
    return Optional.ofNullable(issueProperties.get(issueKey + "/" + propertyKey))
        .map(JsonNode::deepCopy);
  }

  @Override
  public synchronized void setIssueProperty(String issueKey, String propertyKey, JsonNode value) {
    getTicket(issueKey);
    if (value == null || !value.isObject() || value.isEmpty()) {
      throw new JiraException(400, "The property value must be a non-empty JSON object");
    }
    if (value.toString().length() > 32_768) {
      throw new JiraException(400, "The property value is too long: " + value.toString().length());
    }
    issueProperties.put(issueKey + "/" + propertyKey, value.deepCopy());
    writes.add("property " + issueKey + " " + propertyKey);
  }

  @Override
  public synchronized void setCommentProperty(
      String issueKey, String commentId, String propertyKey, JsonNode value) {
    boolean exists = comments.get(issueKey).stream().anyMatch(c -> c.id().equals(commentId));
    if (!exists) throw new JiraException(404, "Comment does not exist: " + commentId);
    commentProperties.put(commentId + "/" + propertyKey, value.deepCopy());
    writes.add("comment-property " + issueKey + " " + commentId);
  }

  @Override
  public synchronized Optional<JsonNode> getCommentProperty(
      String issueKey, String commentId, String propertyKey) {
    return Optional.ofNullable(commentProperties.get(commentId + "/" + propertyKey));
  }

  @Override
  public User myself() {
    return ASSISTANT;
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
    Ticket t = getTicket(issueKey);
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
    transitions.add(issueKey + ":" + transitionName);
    writes.add(
        "transition " + issueKey + " " + transitionName + (comment == null ? "" : ": " + comment));
  }

  @Override
  public synchronized void setPriority(String issueKey, String priorityName) {
    getTicket(issueKey);
    writes.add("priority " + issueKey + " " + priorityName);
  }

  @Override
  public synchronized void addLabels(String issueKey, List<String> newLabels) {
    getTicket(issueKey);
    List<String> current = labels.computeIfAbsent(issueKey, k -> new ArrayList<>());
    for (String l : newLabels) if (!current.contains(l)) current.add(l);
    writes.add("labels " + issueKey + " " + newLabels);
  }

  @Override
  public synchronized Ticket createLinkedRequest(
      String issueKey, String serviceDeskId, String requestTypeId, String summary, String body) {
    Ticket origin = getTicket(issueKey);
    String key = issueKey.replaceAll("-\\d+$", "") + "-" + ids.incrementAndGet();
    Ticket created =
        createTicket(
            new Ticket(
                key,
                String.valueOf(ids.incrementAndGet()),
                summary,
                body,
                origin.reporter(),
                serviceDeskId,
                requestTypeId,
                "Linked",
                "Open",
                Map.of(),
                clock.instant()));
    writes.add("linked " + issueKey + " -> " + key + " type=" + requestTypeId + ": " + summary);
    return created;
  }
}

package com.jsmai.sandbox.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.jsmai.sandbox.Flavor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated Jira: accounts, service desk, requests, comments, properties, links, feedback and
 * webhook registrations, with JSM's permission rules. HTTP handlers and the in-process test API
 * both call these methods, so a ticket created either way behaves the same and fires the same
 * webhooks.
 *
 * <p>Thread-safe: every method holds the instance lock. Events are handed to the {@link
 * SandboxEvent.Sink} while the lock is held; the sink must only enqueue.
 */
public final class SandboxState {
  private static final int MAX_PROPERTY_CHARS = 32768;
  private static final ObjectMapper SNAPSHOT_JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Flavor flavor;
  private final Seed seed;
  private final Clock clock;
  private final Path snapshotFile;
  private final Map<String, Account> accountsById = new LinkedHashMap<>();
  private final Map<String, Account> accountsByLogin = new HashMap<>();
  private volatile SandboxEvent.Sink sink = SandboxEvent.Sink.NONE;

  // Never derived from the maps, never decreased except by reset: see Snapshot for why.
  private long nextIssueId;
  private long nextIssueNumber;
  private long nextCommentId;
  private long nextLinkId;
  private long nextWebhookId;
  private final Map<Long, Issue> issues = new LinkedHashMap<>();
  private final Map<Long, IssueComment> comments = new LinkedHashMap<>();
  private final Map<Long, Feedback> feedback = new LinkedHashMap<>();
  private final Map<Long, IssueLink> links = new LinkedHashMap<>();
  private final Map<Long, WebhookRegistration> webhooks = new LinkedHashMap<>();
  private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();
  private final Map<String, String> userAccessTokens =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param snapshotFile where to keep state across restarts, or null for memory only; loaded now if
   *     it exists, rewritten after every change
   */
  public SandboxState(Flavor flavor, Seed seed, Clock clock, Path snapshotFile) {
    this.flavor = flavor;
    this.seed = seed;
    this.clock = clock;
    this.snapshotFile = snapshotFile;
    for (Account a : seed.accounts()) {
      accountsById.put(a.accountId(), a);
      accountsByLogin.put(a.username().toLowerCase(Locale.ROOT), a);
      accountsByLogin.put(a.userKey().toLowerCase(Locale.ROOT), a);
      if (a.email() != null) {
        accountsByLogin.put(a.email().toLowerCase(Locale.ROOT), a);
      }
    }
    clear();
    if (snapshotFile != null && Files.isRegularFile(snapshotFile)) {
      load(snapshotFile);
    }
  }

  public Flavor flavor() {
    return flavor;
  }

  public Seed seed() {
    return seed;
  }

  public Instant now() {
    return clock.instant();
  }

  public void setSink(SandboxEvent.Sink sink) {
    this.sink = sink == null ? SandboxEvent.Sink.NONE : sink;
  }

  // ---------------------------------------------------------------- accounts

  public List<Account> accounts() {
    return List.copyOf(accountsById.values());
  }

  public Optional<Account> account(String accountId) {
    return Optional.ofNullable(accountId == null ? null : accountsById.get(accountId));
  }

  /**
   * Issues an OAuth 2.0 access token for {@code account}, as Atlassian's authorization server does
   * for a user who granted an app access (Cloud: 3LO, or the user token Forge sends a remote in
   * {@code x-forge-oauth-user}; Data Center: Jira's built-in OAuth 2.0 provider). REST calls with
   * {@code Authorization: Bearer <token>} then run as that user. Tokens live until the sandbox
   * stops; they are not part of snapshots.
   */
  public String issueUserAccessToken(Account account) {
    byte[] b = new byte[24];
    TOKENS.nextBytes(b);
    String token = "oauth-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    userAccessTokens.put(token, account.accountId());
    return token;
  }

  /** The account an issued OAuth 2.0 access token belongs to. */
  public Optional<Account> accountForUserAccessToken(String token) {
    return account(userAccessTokens.get(token));
  }

  /** Finds an account by accountId, user name, user key or email (case-insensitive). */
  public Optional<Account> findAccount(String anyId) {
    if (anyId == null) {
      return Optional.empty();
    }
    Account byId = accountsById.get(anyId);
    return byId != null
        ? Optional.of(byId)
        : Optional.ofNullable(accountsByLogin.get(anyId.toLowerCase(Locale.ROOT)));
  }

  public Account admin() {
    return findAccount("admin").orElseThrow();
  }

  public Account agent() {
    return findAccount("agent").orElseThrow();
  }

  public Account bot() {
    return findAccount("ai-assistant").orElseThrow();
  }

  public List<Account> customers() {
    return accountsById.values().stream().filter(Account::isCustomer).toList();
  }

  // ---------------------------------------------------------------- catalogue

  public List<ServiceDesk> serviceDesks() {
    return seed.serviceDesks();
  }

  public ServiceDesk serviceDesk(String id) {
    return seed.serviceDesks().stream()
        .filter(d -> d.id().equals(id) || d.projectKey().equalsIgnoreCase(id))
        .findFirst()
        .orElseThrow(
            () -> StateError.notFound("The service desk with ID '" + id + "' does not exist."));
  }

  public List<RequestType> requestTypes(String serviceDeskId) {
    ServiceDesk desk = serviceDesk(serviceDeskId);
    return seed.requestTypes().stream().filter(t -> t.serviceDeskId().equals(desk.id())).toList();
  }

  public List<RequestType> allRequestTypes() {
    return seed.requestTypes();
  }

  public RequestType requestType(String id) {
    return seed.requestTypes().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(
            () -> StateError.notFound("The request type with ID '" + id + "' does not exist."));
  }

  public List<Article> searchArticles(String query) {
    if (query == null || query.isBlank()) {
      throw StateError.badRequest("The query parameter is required.");
    }
    List<String> terms = terms(query);
    return seed.articles().stream()
        .filter(
            a ->
                terms.stream()
                    .anyMatch(
                        t -> (a.title() + " " + a.body()).toLowerCase(Locale.ROOT).contains(t)))
        .sorted(
            Comparator.comparingLong(
                (Article a) ->
                    -terms.stream()
                        .filter(
                            t -> (a.title() + " " + a.body()).toLowerCase(Locale.ROOT).contains(t))
                        .count()))
        .toList();
  }

  public Optional<Article> article(String pageId) {
    return seed.articles().stream().filter(a -> a.pageId().equals(pageId)).findFirst();
  }

  private static List<String> terms(String query) {
    List<String> out = new ArrayList<>();
    for (String t : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (t.length() >= 3) {
        out.add(t);
      }
    }
    return out.isEmpty() ? List.of(query.toLowerCase(Locale.ROOT).trim()) : out;
  }

  // ---------------------------------------------------------------- requests

  /**
   * Raises a request, as JSM's {@code POST /rest/servicedeskapi/request}.
   *
   * @param caller who calls the API
   * @param fieldValues {@code requestFieldValues}: field id to text value
   * @param raiseOnBehalfOf accountId / user name / email of the customer, or null for the caller
   */
  public synchronized Issue createRequest(
      Account caller,
      String serviceDeskId,
      String requestTypeId,
      Map<String, String> fieldValues,
      String raiseOnBehalfOf,
      List<String> participants) {
    if (serviceDeskId == null || requestTypeId == null) {
      throw StateError.badRequest("serviceDeskId and requestTypeId are required.");
    }
    ServiceDesk desk = serviceDesk(serviceDeskId);
    RequestType type = requestType(requestTypeId);
    if (!type.serviceDeskId().equals(desk.id())) {
      throw StateError.badRequest(
          "The request type "
              + requestTypeId
              + " does not belong to service desk "
              + serviceDeskId
              + ".");
    }
    Account reporter = caller;
    if (raiseOnBehalfOf != null && !raiseOnBehalfOf.isBlank()) {
      if (caller.isCustomer()) {
        throw StateError.forbidden(
            "You do not have permission to raise a request on behalf of another customer.");
      }
      reporter =
          findAccount(raiseOnBehalfOf)
              .orElseThrow(
                  () ->
                      StateError.badRequest("The user '" + raiseOnBehalfOf + "' does not exist."));
    }
    Map<String, String> errors = new LinkedHashMap<>();
    for (String field : fieldValues.keySet()) {
      if (type.fields().stream().noneMatch(f -> f.fieldId().equals(field))) {
        errors.put(field, "Field '" + field + "' is not valid for this request type.");
      }
    }
    for (RequestField f : type.fields()) {
      String v = fieldValues.get(f.fieldId());
      if (f.required() && (v == null || v.isBlank())) {
        errors.put(f.fieldId(), f.name() + " is required.");
      }
    }
    if (!errors.isEmpty()) {
      throw new StateError(400, String.join(" ", errors.values()), errors);
    }
    List<String> parts = new ArrayList<>();
    for (String p : participants == null ? List.<String>of() : participants) {
      if (caller.isCustomer()) {
        throw StateError.forbidden("Customers cannot add request participants.");
      }
      parts.add(
          findAccount(p)
              .orElseThrow(() -> StateError.badRequest("The user '" + p + "' does not exist."))
              .accountId());
    }
    Map<String, String> custom = new LinkedHashMap<>();
    fieldValues.forEach(
        (k, v) -> {
          if (k.startsWith("customfield_") && v != null && !v.isBlank()) {
            custom.put(k, v);
          }
        });
    Instant now = now();
    long id = nextIssueId++;
    Issue issue =
        new Issue(
            id,
            desk.projectKey() + "-" + nextIssueNumber++,
            desk.id(),
            type.id(),
            fieldValues.get("summary").trim(),
            fieldValues.getOrDefault("description", ""),
            reporter.accountId(),
            caller.accountId(),
            now,
            now,
            Workflow.WAITING_FOR_SUPPORT,
            now,
            Seed.DEFAULT_PRIORITY,
            null,
            List.of(),
            custom,
            Map.of(),
            parts);
    issues.put(id, issue);
    persist();
    sink.emit(
        new SandboxEvent(
            "jira:issue_created",
            "issue_created",
            id,
            null,
            caller.accountId(),
            now.toEpochMilli(),
            List.of(),
            null));
    return issue;
  }

  /** The issue by id or key, whoever asks (for the test API and webhook payloads). */
  public synchronized Issue issue(String idOrKey) {
    Issue found = null;
    if (idOrKey != null && idOrKey.chars().allMatch(Character::isDigit) && !idOrKey.isEmpty()) {
      found = issues.get(Long.parseLong(idOrKey));
    } else if (idOrKey != null) {
      for (Issue i : issues.values()) {
        if (i.key().equalsIgnoreCase(idOrKey)) {
          found = i;
          break;
        }
      }
    }
    if (found == null) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return found;
  }

  public synchronized Issue issue(long id) {
    Issue i = issues.get(id);
    if (i == null) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return i;
  }

  /** The issue as {@code caller} may see it: customers only see their own or joined requests. */
  public synchronized Issue issueFor(Account caller, String idOrKey) {
    Issue issue = issue(idOrKey);
    if (!canSee(caller, issue)) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return issue;
  }

  public boolean canSee(Account caller, Issue issue) {
    return caller.isAgent()
        || issue.reporterId().equals(caller.accountId())
        || issue.participants().contains(caller.accountId());
  }

  /** All issues, oldest first. */
  public synchronized List<Issue> issues() {
    return List.copyOf(issues.values());
  }

  /**
   * {@code GET /rest/servicedeskapi/request}: the caller's requests, latest activity first.
   *
   * @param ownership OWNED_REQUESTS, PARTICIPATED_REQUESTS, ALL_REQUESTS (empty: owned +
   *     participated)
   * @param requestStatus OPEN_REQUESTS, CLOSED_REQUESTS or ALL_REQUESTS (null: all)
   */
  public synchronized List<Issue> listRequests(
      Account caller,
      Set<String> ownership,
      String requestStatus,
      String searchTerm,
      String serviceDeskId,
      String requestTypeId) {
    Set<String> own =
        ownership.isEmpty() ? Set.of("OWNED_REQUESTS", "PARTICIPATED_REQUESTS") : ownership;
    for (String o : own) {
      if (!Set.of(
              "OWNED_REQUESTS",
              "PARTICIPATED_REQUESTS",
              "ALL_REQUESTS",
              "ORGANIZATION",
              "ALL_ORGANIZATIONS",
              "APPROVER")
          .contains(o)) {
        throw StateError.badRequest("The requestOwnership value '" + o + "' is not valid.");
      }
    }
    if (requestTypeId != null && serviceDeskId == null) {
      throw StateError.badRequest("The serviceDeskId must be given with requestTypeId.");
    }
    String status = requestStatus == null ? "ALL_REQUESTS" : requestStatus;
    if (!Set.of("OPEN_REQUESTS", "CLOSED_REQUESTS", "ALL_REQUESTS").contains(status)) {
      throw StateError.badRequest("The requestStatus value '" + status + "' is not valid.");
    }
    List<String> terms =
        searchTerm == null || searchTerm.isBlank() ? List.of() : terms(searchTerm.replace("*", ""));
    List<Issue> out = new ArrayList<>();
    for (Issue i : issues.values()) {
      boolean owned = i.reporterId().equals(caller.accountId());
      boolean participated = i.participants().contains(caller.accountId());
      boolean all = own.contains("ALL_REQUESTS") && canSee(caller, i);
      if (!(all
          || (own.contains("OWNED_REQUESTS") && owned)
          || (own.contains("PARTICIPATED_REQUESTS") && participated))) {
        continue;
      }
      boolean done = Workflow.status(i.status()).isDone();
      if (status.equals("OPEN_REQUESTS") && done || status.equals("CLOSED_REQUESTS") && !done) {
        continue;
      }
      if (serviceDeskId != null && !i.serviceDeskId().equals(serviceDesk(serviceDeskId).id())) {
        continue;
      }
      if (requestTypeId != null && !i.requestTypeId().equals(requestTypeId)) {
        continue;
      }
      String summary = i.summary().toLowerCase(Locale.ROOT);
      if (!terms.stream().allMatch(summary::contains)) {
        continue;
      }
      out.add(i);
    }
    out.sort(Comparator.comparing(Issue::updated).thenComparing(Issue::id).reversed());
    return out;
  }

  // ---------------------------------------------------------------- comments

  /** All comments of an issue, oldest first, internal ones included. */
  public synchronized List<IssueComment> comments(long issueId) {
    return comments.values().stream().filter(c -> c.issueId() == issueId).toList();
  }

  /** The comments {@code caller} may read: customers never see internal notes. */
  public synchronized List<IssueComment> visibleComments(
      Account caller, Issue issue, boolean includePublic, boolean includeInternal) {
    return comments(issue.id()).stream()
        .filter(c -> c.isPublic() ? includePublic : includeInternal && caller.isAgent())
        .toList();
  }

  public synchronized IssueComment comment(long commentId) {
    IssueComment c = comments.get(commentId);
    if (c == null) {
      throw StateError.notFound("Can not find a comment for the id: " + commentId + ".");
    }
    return c;
  }

  /**
   * Adds a comment and runs JSM's automation (customer reply reopens "Waiting for customer", a
   * public agent reply moves "Waiting for support" to "Waiting for customer").
   *
   * @param isPublic false for an internal note; customers may only add public comments
   */
  public synchronized IssueComment addComment(
      Account caller, Issue issue, String body, boolean isPublic) {
    return addComment(caller, issue, body, isPublic, Map.of());
  }

  /**
   * As {@link #addComment(Account, Issue, String, boolean)}, storing {@code extraProperties} too.
   */
  public synchronized IssueComment addComment(
      Account caller,
      Issue issue,
      String body,
      boolean isPublic,
      Map<String, JsonNode> extraProperties) {
    return addComment(caller, issue, body, isPublic, extraProperties, true);
  }

  private IssueComment addComment(
      Account caller,
      Issue issue,
      String body,
      boolean isPublic,
      Map<String, JsonNode> extraProperties,
      boolean automation) {
    if (body == null || body.isBlank()) {
      throw new StateError(
          400,
          "The comment body is required.",
          Map.of("comment", "Comment body can not be empty!"));
    }
    if (!canSee(caller, issue)) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    if (caller.isCustomer() && !isPublic) {
      throw StateError.forbidden("Customers can only add public comments.");
    }
    Instant now = now();
    Map<String, JsonNode> props = new LinkedHashMap<>(extraProperties);
    if (!isPublic) {
      // JSM stores the internal flag as this comment property; the platform API exposes it.
      props.put("sd.public.comment", SNAPSHOT_JSON.createObjectNode().put("internal", true));
    }
    IssueComment c =
        new IssueComment(
            nextCommentId++, issue.id(), caller.accountId(), body, isPublic, now, props);
    comments.put(c.id(), c);
    Issue updated = issue(issue.id()).touched(now);
    issues.put(updated.id(), updated);
    String oldStatus = updated.status();
    String newStatus = oldStatus;
    if (caller.isCustomer()
        && (oldStatus.equals(Workflow.WAITING_FOR_CUSTOMER) || oldStatus.equals("Resolved"))) {
      newStatus = Workflow.WAITING_FOR_SUPPORT;
    } else if (caller.isAgent()
        && isPublic
        && oldStatus.equals(Workflow.WAITING_FOR_SUPPORT)
        && !caller.accountId().equals(updated.reporterId())) {
      newStatus = Workflow.WAITING_FOR_CUSTOMER;
    }
    persist();
    long ts = now.toEpochMilli();
    sink.emit(
        new SandboxEvent(
            "comment_created", null, issue.id(), c.id(), caller.accountId(), ts, List.of(), null));
    sink.emit(
        new SandboxEvent(
            "jira:issue_updated",
            "issue_commented",
            issue.id(),
            c.id(),
            caller.accountId(),
            ts,
            List.of(),
            null));
    if (automation && !newStatus.equals(oldStatus)) {
      setStatus(
          caller,
          updated,
          newStatus,
          newStatus.equals(Workflow.WAITING_FOR_SUPPORT) ? null : updated.resolution());
    }
    return c;
  }

  /**
   * Deletes a comment ({@code DELETE /rest/api/N/issue/{key}/comment/{id}}): its author, or an
   * administrator. Fires {@code comment_deleted}.
   */
  public synchronized void deleteComment(Account caller, Issue issue, long commentId) {
    IssueComment c = comment(commentId);
    if (c.issueId() != issue.id() || caller.isCustomer()) {
      throw StateError.notFound("Can not find a comment for the id: " + commentId + ".");
    }
    if (!caller.admin() && !caller.accountId().equals(c.authorId())) {
      // Jira answers 400 here, not 403 (the platform documents say so).
      throw StateError.badRequest("You do not have the permission to delete this comment.");
    }
    comments.remove(commentId);
    persist();
    // The comment is gone when the payload is built: comment_deleted carries only its id.
    sink.emit(
        new SandboxEvent(
            "comment_deleted",
            null,
            issue.id(),
            commentId,
            caller.accountId(),
            now().toEpochMilli(),
            List.of(),
            null));
  }

  // ---------------------------------------------------------------- workflow and edits

  /** Runs a transition by id; customer transitions and agent transitions are separate lists. */
  public synchronized Issue transition(
      Account caller, Issue issue, String transitionId, String comment, boolean customerSide) {
    List<Workflow.Transition> list =
        customerSide ? Workflow.CUSTOMER_TRANSITIONS : Workflow.AGENT_TRANSITIONS;
    Workflow.Transition t =
        Workflow.find(list, issue(issue.id()).status(), transitionId)
            .orElseThrow(
                () ->
                    StateError.badRequest(
                        "Transition id '" + transitionId + "' is not valid for this issue."));
    if (!customerSide && caller.isCustomer()) {
      throw StateError.forbidden("You do not have permission to transition this issue.");
    }
    Issue after = setStatus(caller, issue(issue.id()), t.to(), t.resolution());
    if (comment != null && !comment.isBlank()) {
      // The transition's own comment does not trigger the reopen automation.
      addComment(caller, after, comment, true, Map.of(), false);
    }
    return issue(issue.id());
  }

  private Issue setStatus(Account caller, Issue issue, String status, String resolution) {
    Instant now = now();
    Issue updated = issue.withStatus(status, resolution, now);
    issues.put(updated.id(), updated);
    persist();
    sink.emit(
        new SandboxEvent(
            "jira:issue_updated",
            "issue_generic",
            issue.id(),
            null,
            caller.accountId(),
            now.toEpochMilli(),
            List.of(new SandboxEvent.Change("status", issue.status(), status)),
            null));
    return updated;
  }

  /**
   * Edits fields ({@code PUT /rest/api/N/issue/{key}}).
   *
   * @param summary new summary or null to keep
   * @param description new description or null to keep
   * @param priority new priority name or null to keep
   * @param labels the new full label list, or null to keep
   */
  public synchronized Issue edit(
      Account caller,
      Issue issue,
      String summary,
      String description,
      String priority,
      List<String> labels) {
    if (caller.isCustomer()) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    Issue current = issue(issue.id());
    if (priority != null && !Seed.PRIORITIES.contains(priority)) {
      throw new StateError(
          400,
          "Specify a valid priority.",
          Map.of("priority", "Specify the Priority (name) in the string format"));
    }
    if (summary != null && summary.isBlank()) {
      throw new StateError(
          400,
          "You must specify a summary of the issue.",
          Map.of("summary", "You must specify a summary of the issue."));
    }
    if (labels != null) {
      for (String l : labels) {
        if (l == null
            || l.isBlank()
            || l.chars().anyMatch(Character::isWhitespace)
            || l.length() > 255) {
          throw new StateError(
              400,
              "Labels cannot contain spaces.",
              Map.of("labels", "The label '" + l + "' contains spaces which is invalid."));
        }
      }
    }
    List<SandboxEvent.Change> changes = new ArrayList<>();
    String newSummary = summary == null ? current.summary() : summary;
    String newDescription = description == null ? current.description() : description;
    String newPriority = priority == null ? current.priority() : priority;
    List<String> newLabels =
        labels == null ? current.labels() : List.copyOf(new LinkedHashSet<>(labels));
    if (!newSummary.equals(current.summary())) {
      changes.add(new SandboxEvent.Change("summary", current.summary(), newSummary));
    }
    if (!newDescription.equals(current.description())) {
      changes.add(new SandboxEvent.Change("description", current.description(), newDescription));
    }
    if (!newPriority.equals(current.priority())) {
      changes.add(new SandboxEvent.Change("priority", current.priority(), newPriority));
    }
    if (!newLabels.equals(current.labels())) {
      changes.add(
          new SandboxEvent.Change(
              "labels", String.join(" ", current.labels()), String.join(" ", newLabels)));
    }
    if (changes.isEmpty()) {
      return current;
    }
    Instant now = now();
    Issue updated = current.withFields(newSummary, newDescription, newPriority, newLabels, now);
    issues.put(updated.id(), updated);
    persist();
    sink.emit(
        new SandboxEvent(
            "jira:issue_updated",
            "issue_updated",
            updated.id(),
            null,
            caller.accountId(),
            now.toEpochMilli(),
            changes,
            null));
    return updated;
  }

  // ---------------------------------------------------------------- properties

  /** Validates a property value the way Jira does: non-empty JSON of at most 32768 characters. */
  public static JsonNode parsePropertyValue(String raw) {
    if (raw == null || raw.isBlank()) {
      throw StateError.badRequest("The property value must not be empty.");
    }
    if (raw.length() > MAX_PROPERTY_CHARS) {
      throw StateError.badRequest(
          "The property value is too long: "
              + raw.length()
              + " characters, the limit is "
              + MAX_PROPERTY_CHARS
              + ".");
    }
    try {
      return SNAPSHOT_JSON.readTree(raw);
    } catch (IOException e) {
      throw StateError.badRequest("The property value must be valid JSON.");
    }
  }

  private static void checkPropertyKey(String key) {
    if (key == null || key.isBlank() || key.length() > 255) {
      throw StateError.badRequest("The property key must be 1 to 255 characters.");
    }
  }

  /** Sets an issue property; returns true when it was created, false when replaced. */
  public synchronized boolean setIssueProperty(
      Account caller, Issue issue, String key, JsonNode value) {
    checkPropertyKey(key);
    if (caller.isCustomer()) {
      throw StateError.forbidden("You do not have permission to edit this issue.");
    }
    Issue current = issue(issue.id());
    boolean created = !current.properties().containsKey(key);
    issues.put(current.id(), current.withProperty(key, value));
    persist();
    sink.emit(
        new SandboxEvent(
            "issue_property_set",
            null,
            current.id(),
            null,
            caller.accountId(),
            now().toEpochMilli(),
            List.of(),
            key));
    return created;
  }

  public synchronized void deleteIssueProperty(Account caller, Issue issue, String key) {
    Issue current = issue(issue.id());
    if (!current.properties().containsKey(key)) {
      throw StateError.notFound("The property with key '" + key + "' does not exist.");
    }
    issues.put(current.id(), current.withProperty(key, null));
    persist();
  }

  public synchronized boolean setCommentProperty(
      Account caller, long commentId, String key, JsonNode value) {
    checkPropertyKey(key);
    IssueComment c = comment(commentId);
    if (caller.isCustomer()) {
      throw StateError.forbidden("You do not have permission to edit this comment.");
    }
    boolean created = !c.properties().containsKey(key);
    comments.put(c.id(), c.withProperty(key, value));
    persist();
    return created;
  }

  public synchronized void deleteCommentProperty(Account caller, long commentId, String key) {
    IssueComment c = comment(commentId);
    if (!c.properties().containsKey(key)) {
      throw StateError.notFound("The property with key '" + key + "' does not exist.");
    }
    comments.put(c.id(), c.withProperty(key, null));
    persist();
  }

  // ---------------------------------------------------------------- feedback, links

  public synchronized Optional<Feedback> feedback(long issueId) {
    return Optional.ofNullable(feedback.get(issueId));
  }

  public synchronized Feedback giveFeedback(
      Account caller, Issue issue, int rating, String comment) {
    if (!issue.reporterId().equals(caller.accountId())) {
      throw StateError.forbidden("Only the reporter of the request can give feedback.");
    }
    if (rating < 1 || rating > 5) {
      throw StateError.badRequest("The rating must be an integer from 1 to 5.");
    }
    Feedback f = new Feedback(issue.id(), rating, comment);
    feedback.put(issue.id(), f);
    persist();
    return f;
  }

  public synchronized void deleteFeedback(Account caller, Issue issue) {
    if (!issue.reporterId().equals(caller.accountId())) {
      throw StateError.forbidden("Only the reporter of the request can remove feedback.");
    }
    if (feedback.remove(issue.id()) == null) {
      throw StateError.notFound("There is no feedback for this request.");
    }
    persist();
  }

  public synchronized IssueLink link(Account caller, String typeName, Issue inward, Issue outward) {
    if (caller.isCustomer()) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    String type =
        Seed.LINK_TYPES.keySet().stream()
            .filter(n -> n.equalsIgnoreCase(typeName) || Seed.LINK_TYPES.get(n)[0].equals(typeName))
            .findFirst()
            .orElseThrow(
                () ->
                    StateError.notFound("No issue link type with name '" + typeName + "' found."));
    IssueLink l = new IssueLink(nextLinkId++, type, inward.id(), outward.id());
    links.put(l.id(), l);
    persist();
    return l;
  }

  /** Links touching the issue. */
  public synchronized List<IssueLink> links(long issueId) {
    return links.values().stream()
        .filter(l -> l.inwardIssueId() == issueId || l.outwardIssueId() == issueId)
        .toList();
  }

  // ---------------------------------------------------------------- webhooks

  public synchronized WebhookRegistration registerWebhook(
      Account caller,
      String name,
      String url,
      List<String> events,
      String jqlFilter,
      boolean excludeBody,
      String secret) {
    if (!caller.admin()) {
      throw StateError.forbidden("Only Jira administrators can manage webhooks.");
    }
    validateWebhook(url, events);
    WebhookRegistration w =
        new WebhookRegistration(
            nextWebhookId++,
            name,
            url,
            events,
            jqlFilter,
            excludeBody,
            secret == null || secret.isBlank() ? null : secret,
            true,
            caller.username(),
            now().toEpochMilli());
    webhooks.put(w.id(), w);
    persist();
    return w;
  }

  public synchronized WebhookRegistration updateWebhook(
      Account caller,
      long id,
      String name,
      String url,
      List<String> events,
      String jqlFilter,
      Boolean excludeBody,
      String secret,
      Boolean enabled) {
    if (!caller.admin()) {
      throw StateError.forbidden("Only Jira administrators can manage webhooks.");
    }
    WebhookRegistration old = webhook(id);
    String newUrl = url == null ? old.url() : url;
    List<String> newEvents = events == null ? old.events() : events;
    validateWebhook(newUrl, newEvents);
    // Jira keeps the old secret when the update omits it.
    WebhookRegistration w =
        new WebhookRegistration(
            id,
            name == null ? old.name() : name,
            newUrl,
            newEvents,
            jqlFilter == null ? old.jqlFilter() : jqlFilter,
            excludeBody == null ? old.excludeBody() : excludeBody,
            secret == null ? old.secret() : (secret.isBlank() ? null : secret),
            enabled == null ? old.enabled() : enabled,
            caller.username(),
            now().toEpochMilli());
    webhooks.put(id, w);
    persist();
    return w;
  }

  private static void validateWebhook(String url, List<String> events) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw StateError.badRequest(
          "The webhook URL must be an absolute http(s) URL, got '" + url + "'.");
    }
    if (events == null || events.isEmpty()) {
      throw StateError.badRequest("A webhook needs at least one event.");
    }
  }

  public synchronized WebhookRegistration webhook(long id) {
    WebhookRegistration w = webhooks.get(id);
    if (w == null) {
      throw StateError.notFound("Webhook " + id + " does not exist.");
    }
    return w;
  }

  public synchronized List<WebhookRegistration> webhooks() {
    return List.copyOf(webhooks.values());
  }

  public synchronized void deleteWebhook(Account caller, long id) {
    if (!caller.admin()) {
      throw StateError.forbidden("Only Jira administrators can manage webhooks.");
    }
    webhook(id);
    webhooks.remove(id);
    persist();
  }

  // ---------------------------------------------------------------- reset and snapshot

  /** Forgets every request, comment, link, feedback and webhook; accounts stay. */
  public synchronized void clear() {
    issues.clear();
    comments.clear();
    feedback.clear();
    links.clear();
    webhooks.clear();
    nextIssueId = 10001;
    nextIssueNumber = 1;
    nextCommentId = 10001;
    nextLinkId = 10001;
    nextWebhookId = 1;
  }

  public synchronized void reset() {
    clear();
    persist();
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        Snapshot.CURRENT_VERSION,
        nextIssueId,
        nextIssueNumber,
        nextCommentId,
        nextLinkId,
        nextWebhookId,
        List.copyOf(issues.values()),
        List.copyOf(comments.values()),
        List.copyOf(feedback.values()),
        List.copyOf(links.values()),
        List.copyOf(webhooks.values()));
  }

  /** Writes the state to {@code file} atomically (temp file, then rename). */
  public synchronized void save(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, SNAPSHOT_JSON.writeValueAsString(snapshot()), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file, e);
    }
  }

  private void load(Path file) {
    Snapshot s;
    try {
      s = SNAPSHOT_JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Snapshot.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
    if (s.version() != Snapshot.CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "snapshot "
              + file
              + " has version "
              + s.version()
              + ", this sandbox reads version "
              + Snapshot.CURRENT_VERSION);
    }
    nextIssueId = s.nextIssueId();
    nextIssueNumber = s.nextIssueNumber();
    nextCommentId = s.nextCommentId();
    nextLinkId = s.nextLinkId();
    nextWebhookId = s.nextWebhookId();
    s.issues().forEach(i -> issues.put(i.id(), i));
    s.comments().forEach(c -> comments.put(c.id(), c));
    s.feedback().forEach(f -> feedback.put(f.issueId(), f));
    s.links().forEach(l -> links.put(l.id(), l));
    s.webhooks().forEach(w -> webhooks.put(w.id(), w));
  }

  private void persist() {
    if (snapshotFile != null) {
      save(snapshotFile);
    }
  }
}

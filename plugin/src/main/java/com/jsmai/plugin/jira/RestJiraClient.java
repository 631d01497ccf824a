package com.jsmai.plugin.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.concurrent.Futures;
import com.jsmai.plugin.inbox.StageTimeline;
import com.jsmai.plugin.jira.JiraConfig.Flavor;
import com.jsmai.plugin.reply.CommentPropertyReader;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The one JiraClient, for both flavours; what differs is a handful of values:
 *
 *              Cloud                          Data Center
 *   platform   /rest/api/3, ADF bodies        /rest/api/2, wiki-markup bodies
 *   auth       Basic email:apiToken           Bearer personal access token
 *   search     GET /rest/api/3/search/jql     GET /rest/api/2/search
 *   user id    accountId                      key (name as fallback)
 *
 * The ticket thread, comment writes and request data always go through /rest/servicedeskapi, whose
 * `public` flag is the only trustworthy visibility (see docs/webhooks.md). Credentials live only in
 * the Authorization header built here; log lines carry method, path and status, never headers.
 */
final class RestJiraClient implements JiraClient, CommentPropertyReader {
  private static final Logger log = LoggerFactory.getLogger(RestJiraClient.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final int MAX_PROPERTY_CHARS = 32_768;
  private static final int PAGE = 50;
  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** Side reads that go out next to another one; idle threads end after a minute. */
  private static final ExecutorService READS =
      Executors.newCachedThreadPool(DaemonThreads.named("jira-read"));

  private final JiraConfig config;
  private final OkHttpClient http;
  private final ObjectMapper json;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final String authorization;
  private final String api;
  private final com.github.benmanes.caffeine.cache.Cache<String, String> authorTypes =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

  RestJiraClient(
      JiraConfig config, OkHttpClient http, ObjectMapper json, RetryPolicy retry, Sleeper sleeper) {
    if (!config.hasCredentials()) {
      throw new IllegalArgumentException(
          config.flavor() == Flavor.CLOUD
              ? "jira.email and jira.apiToken are required for flavor cloud"
              : "jira.personalAccessToken is required for flavor datacenter");
    }
    this.config = config;
    this.http = http;
    this.json = json;
    this.retry = retry;
    this.sleeper = sleeper;
    this.api = config.flavor() == Flavor.CLOUD ? "/rest/api/3" : "/rest/api/2";
    this.authorization = config.authorization();
  }

  @Override
  public String toString() {
    return "RestJiraClient[" + config.flavor() + " " + config.baseUrl() + "]";
  }

  // ---- reads ----

  @Override
  public Ticket getTicket(String issueKey) {
    // The two reads are independent (both accept the key or the id), so they go out together.
    CompletableFuture<Optional<JsonNode>> requestRead =
        CompletableFuture.supplyAsync(
            () ->
                optional(
                    url("/rest/servicedeskapi/request", issueKey)
                        .addQueryParameter("expand", "requestType")
                        .build()),
            READS);
    JsonNode issue;
    try {
      issue =
          get(
              url(api, "issue", issueKey)
                  .addQueryParameter(
                      "fields",
                      "summary,description,reporter,status,created,issuetype,project,priority,"
                          + "labels")
                  .build());
    } catch (RuntimeException e) {
      requestRead.cancel(false);
      throw e;
    }
    String key = issue.path("key").asText(issueKey);
    JsonNode fields = issue.path("fields");
    JsonNode request = Futures.join(requestRead).orElse(null);
    User reporter = user(fields.path("reporter"));
    String serviceDeskId = null;
    String requestTypeId = null;
    String requestTypeName = null;
    String status = fields.path("status").path("name").asText(null);
    Map<String, String> values = new LinkedHashMap<>();
    Instant created = jiraTime(fields.path("created").asText(null));
    if (request != null) {
      serviceDeskId = text(request, "serviceDeskId");
      requestTypeId = text(request, "requestTypeId");
      requestTypeName = request.path("requestType").path("name").asText(null);
      User fromRequest = user(request.path("reporter"));
      if (fromRequest != null && config.flavor() == Flavor.DATACENTER) {
        // DC users carry no accountType anywhere; the requester of a JSM request is its customer.
        reporter =
            new User(
                fromRequest.accountId(),
                fromRequest.displayName(),
                fromRequest.email(),
                fromRequest.type() != null ? fromRequest.type() : "customer");
      } else if (fromRequest != null) {
        // servicedeskapi's UserDTO has no accountType; keep the platform's when it is the same
        // user.
        String type =
            reporter != null && reporter.accountId().equals(fromRequest.accountId())
                ? reporter.type()
                : fromRequest.type();
        reporter =
            new User(fromRequest.accountId(), fromRequest.displayName(), fromRequest.email(), type);
      }
      String current = request.path("currentStatus").path("status").asText(null);
      status = current != null ? current : status;
      for (JsonNode v : request.path("requestFieldValues")) {
        values.put(v.path("fieldId").asText(), display(v.path("value")));
      }
      if (request.path("createdDate").has("epochMillis")) {
        created = Instant.ofEpochMilli(request.path("createdDate").path("epochMillis").asLong());
      }
    }
    return new Ticket(
        key,
        issue.path("id").asText(null),
        fields.path("summary").asText(""),
        body(fields.path("description")),
        reporter,
        serviceDeskId,
        requestTypeId,
        requestTypeName,
        status,
        values,
        created);
  }

  @Override
  public List<Comment> getComments(String issueKey) {
    List<Comment> out = new ArrayList<>();
    int start = 0;
    while (true) {
      JsonNode page =
          get(
              url("/rest/servicedeskapi/request", issueKey, "comment")
                  .addQueryParameter("public", "true")
                  .addQueryParameter("internal", "true")
                  .addQueryParameter("start", Integer.toString(start))
                  .addQueryParameter("limit", Integer.toString(PAGE))
                  .build());
      JsonNode values = page.path("values");
      for (JsonNode c : values) {
        out.add(comment(c));
      }
      if (page.path("isLastPage").asBoolean(true) || values.isEmpty()) {
        if (config.flavor() == Flavor.DATACENTER) {
          List<String> customers = dcCustomers(issueKey);
          return out.stream().map(c -> withDcAuthorType(c, customers)).toList();
        }
        return out.stream().map(this::withAuthorType).toList();
      }
      start += values.size();
    }
  }

  @Override
  public Optional<Comment> getComment(String issueKey, String commentId) {
    Optional<Comment> found =
        optional(url("/rest/servicedeskapi/request", issueKey, "comment", commentId).build())
            .map(this::comment);
    if (found.isPresent() && config.flavor() == Flavor.DATACENTER) {
      return Optional.of(withDcAuthorType(found.get(), dcCustomers(issueKey)));
    }
    return found.map(this::withAuthorType);
  }

  @Override
  public Optional<JsonNode> getIssueProperty(String issueKey, String propertyKey) {
    return optional(url(api, "issue", issueKey, "properties", propertyKey).build())
        .map(n -> n.path("value"));
  }

  /** {@code GET /rest/api/N/comment/{id}/properties/{key}}: the value, empty when not set. */
  @Override
  public Optional<JsonNode> getCommentProperty(
      String issueKey, String commentId, String propertyKey) {
    return optional(url(api, "comment", commentId, "properties", propertyKey).build())
        .map(n -> n.path("value"));
  }

  @Override
  public User myself() {
    return user(get(url(api, "myself").build()));
  }

  @Override
  public List<Ticket> recentRequestsOf(String accountId, int limit) {
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be in [1, 100], was: " + limit);
    }
    // servicedeskapi's GET /request lists the caller's own requests, not a customer's: JQL instead.
    String jql =
        "reporter = \""
            + accountId.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\" ORDER BY created DESC";
    HttpUrl u =
        (config.flavor() == Flavor.CLOUD ? url(api, "search", "jql") : url(api, "search"))
            .addQueryParameter("jql", jql)
            .addQueryParameter("maxResults", Integer.toString(limit))
            .addQueryParameter("fields", "summary,description,reporter,status,created")
            .build();
    List<Ticket> out = new ArrayList<>();
    for (JsonNode issue : get(u).path("issues")) {
      JsonNode f = issue.path("fields");
      out.add(
          new Ticket(
              issue.path("key").asText(),
              issue.path("id").asText(null),
              f.path("summary").asText(""),
              body(f.path("description")),
              f.path("reporter").isObject() ? user(f.path("reporter")) : null,
              null,
              null,
              null,
              f.path("status").path("name").asText(null),
              Map.of(),
              jiraTime(f.path("created").asText(null))));
    }
    return out;
  }

  // ---- writes ----

  @Override
  public Comment addComment(String issueKey, String body, boolean isPublic) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("comment body must not be blank");
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("body", body);
    payload.put("public", isPublic);
    JsonNode created =
        send(
            "POST",
            url("/rest/servicedeskapi/request", issueKey, "comment").build(),
            payload,
            false);
    String id = created.path("id").asText(null);
    if (id == null) {
      throw new JiraException(502, "JSM answered the comment write without a comment id");
    }
    // Fail closed: trust only what JSM reports after the write, never what we asked for.
    Comment stored =
        getComment(issueKey, id)
            .orElseThrow(() -> new JiraException(404, "comment " + id + " vanished after writing"));
    if (stored.isPublic() != isPublic) {
      boolean deleted = false;
      if (!isPublic) {
        try {
          send("DELETE", url(api, "issue", issueKey, "comment", id).build(), null, true);
          deleted = true;
        } catch (JiraException e) {
          log.error("could not delete leaked comment {} on {}: {}", id, issueKey, e.getMessage());
        }
      }
      throw new VisibilityMismatchException(issueKey, id, isPublic, deleted);
    }
    return stored;
  }

  @Override
  public void setIssueProperty(String issueKey, String propertyKey, JsonNode value) {
    send(
        "PUT",
        url(api, "issue", issueKey, "properties", propertyKey).build(),
        checked(value),
        true);
  }

  @Override
  public void setCommentProperty(
      String issueKey, String commentId, String propertyKey, JsonNode value) {
    send(
        "PUT",
        url(api, "comment", commentId, "properties", propertyKey).build(),
        checked(value),
        true);
  }

  @Override
  public void transition(String issueKey, String transitionName, String comment) {
    JsonNode list = get(url(api, "issue", issueKey, "transitions").build());
    String id = null;
    List<String> names = new ArrayList<>();
    for (JsonNode t : list.path("transitions")) {
      String name = t.path("name").asText();
      names.add(name);
      if (name.equalsIgnoreCase(transitionName)) {
        id = t.path("id").asText();
      }
    }
    if (id == null) {
      throw new JiraException(
          400, "no transition '" + transitionName + "' on " + issueKey + "; available: " + names);
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.putObject("transition").put("id", id);
    send("POST", url(api, "issue", issueKey, "transitions").build(), payload, false);
    if (comment != null && !comment.isBlank()) {
      // Not the transition's own comment field: platform comments are public by default on a JSM
      // project. The note goes through servicedeskapi as internal and is verified.
      addComment(issueKey, comment, false);
    }
  }

  @Override
  public void setPriority(String issueKey, String priorityName) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.putObject("fields").putObject("priority").put("name", priorityName);
    send("PUT", url(api, "issue", issueKey).build(), payload, true);
  }

  @Override
  public void addLabels(String issueKey, List<String> labels) {
    if (labels.isEmpty()) {
      return;
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    ArrayNode ops = payload.putObject("update").putArray("labels");
    for (String l : labels) {
      if (l.isBlank() || l.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a label must be one word, was: '" + l + "'");
      }
      ops.addObject().put("add", l);
    }
    send("PUT", url(api, "issue", issueKey).build(), payload, true);
  }

  @Override
  public Ticket createLinkedRequest(
      String issueKey, String serviceDeskId, String requestTypeId, String summary, String body) {
    JsonNode original = get(url("/rest/servicedeskapi/request", issueKey).build());
    JsonNode reporter = original.path("reporter");
    String onBehalfOf =
        config.flavor() == Flavor.CLOUD
            ? text(reporter, "accountId")
            : Optional.ofNullable(text(reporter, "name")).orElse(text(reporter, "key"));
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("serviceDeskId", serviceDeskId);
    payload.put("requestTypeId", requestTypeId);
    ObjectNode values = payload.putObject("requestFieldValues");
    values.put("summary", summary);
    values.put("description", body == null ? "" : body);
    if (onBehalfOf != null) {
      payload.put("raiseOnBehalfOf", onBehalfOf);
    }
    JsonNode created = send("POST", url("/rest/servicedeskapi/request").build(), payload, false);
    String newKey = created.path("issueKey").asText(null);
    if (newKey == null) {
      throw new JiraException(502, "JSM answered the request creation without an issueKey");
    }
    ObjectNode link = JsonNodeFactory.instance.objectNode();
    link.putObject("type").put("name", "Relates");
    link.putObject("inwardIssue").put("key", newKey);
    link.putObject("outwardIssue").put("key", issueKey);
    send("POST", url(api, "issueLink").build(), link, false);
    return getTicket(newKey);
  }

  // ---- mapping ----

  /**
   * servicedeskapi's comment authors carry no {@code accountType}, but the reply pipeline must tell
   * a customer's comment from an agent's. On Cloud the platform user has it: looked up once per
   * account ({@code GET /rest/api/3/user?accountId=}) and cached. Data Center: see {@link
   * #withDcAuthorType}.
   */
  private Comment withAuthorType(Comment c) {
    User a = c.author();
    if (a == null || a.type() != null || config.flavor() != JiraConfig.Flavor.CLOUD) return c;
    String type =
        authorTypes.get(
            a.accountId(),
            id -> {
              try {
                return optional(url(api, "user").addQueryParameter("accountId", id).build())
                    .map(u -> text(u, "accountType"))
                    .orElse("");
              } catch (JiraException e) {
                log.warn("cannot look up the account type of a comment author: {}", e.getMessage());
                return null; // not cached: asked again next time
              }
            });
    if (type == null || type.isEmpty()) return c;
    return withType(c, type);
  }

  /**
   * Data Center has no account types at all, so a comment author's side comes from the request: its
   * reporter and its request participants are the customers; anyone else who can comment is staff
   * ({@code atlassian}), so a DC agent's public reply pauses the assistant as on Cloud.
   */
  private Comment withDcAuthorType(Comment c, List<String> customers) {
    User a = c.author();
    if (a == null || a.type() != null) return c;
    String type = customers.contains(a.accountId()) ? "customer" : "atlassian";
    return withType(c, type);
  }

  /** {@code c} with its author's account type set to {@code type}. */
  private static Comment withType(Comment c, String type) {
    User a = c.author();
    return new Comment(
        c.id(),
        c.body(),
        c.isPublic(),
        new User(a.accountId(), a.displayName(), a.email(), type),
        c.created());
  }

  /** DC: the ids (as {@link #user} reads them) of the request's reporter and participants. */
  private List<String> dcCustomers(String issueKey) {
    JsonNode request =
        optional(
                url("/rest/servicedeskapi/request", issueKey)
                    .addQueryParameter("expand", "participant")
                    .build())
            .orElse(null);
    if (request == null) return List.of();
    List<String> ids = new ArrayList<>();
    User reporter = user(request.path("reporter"));
    if (reporter != null) ids.add(reporter.accountId());
    for (JsonNode p : request.path("participants").path("values")) {
      User u = user(p);
      if (u != null) ids.add(u.accountId());
    }
    return ids;
  }

  private Comment comment(JsonNode c) {
    Instant created =
        c.path("created").has("epochMillis")
            ? Instant.ofEpochMilli(c.path("created").path("epochMillis").asLong())
            : null;
    return new Comment(
        c.path("id").asText(),
        WikiMarkup.toPlain(c.path("body").asText("")),
        c.path("public").asBoolean(false),
        c.path("author").isObject() ? user(c.path("author")) : null,
        created);
  }

  private static User user(JsonNode u) {
    if (u == null || !u.isObject()) {
      return null;
    }
    String id = text(u, "accountId");
    if (id == null) {
      id = text(u, "key");
    }
    if (id == null) {
      id = text(u, "name");
    }
    if (id == null) {
      return null;
    }
    return new User(id, text(u, "displayName"), text(u, "emailAddress"), text(u, "accountType"));
  }

  /** Issue description: ADF on v3, wiki markup on v2. */
  private String body(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    return n.isTextual() ? WikiMarkup.toPlain(n.asText()) : AdfText.toPlain(n);
  }

  /** A requestFieldValues value as display text. */
  private static String display(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(e -> parts.add(display(e)));
      return String.join(", ", parts);
    }
    if ("doc".equals(v.path("type").asText())) {
      return AdfText.toPlain(v);
    }
    for (String f : List.of("value", "name", "displayName", "key", "id")) {
      if (v.path(f).isValueNode()) {
        return v.path(f).asText();
      }
    }
    return v.toString();
  }

  private static Instant jiraTime(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s, JIRA_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.path(f);
    return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
  }

  private JsonNode checked(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      throw new IllegalArgumentException("a property value must be JSON, not null");
    }
    int chars = value.toString().length();
    if (chars > MAX_PROPERTY_CHARS) {
      throw new IllegalArgumentException(
          "property value has " + chars + " characters; Jira allows at most " + MAX_PROPERTY_CHARS);
    }
    return value;
  }

  // ---- HTTP ----

  private HttpUrl.Builder url(String prefix, String... segments) {
    HttpUrl base = HttpUrl.get(config.baseUrl().toString());
    HttpUrl.Builder b = base.newBuilder();
    for (String p : prefix.split("/")) {
      if (!p.isEmpty()) {
        b.addPathSegment(p);
      }
    }
    for (String s : segments) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("empty path segment under " + prefix);
      }
      b.addPathSegment(s);
    }
    return b;
  }

  private JsonNode get(HttpUrl u) {
    return send("GET", u, null, true);
  }

  /** GET that maps 404 to empty. */
  private Optional<JsonNode> optional(HttpUrl u) {
    try {
      return Optional.of(get(u));
    } catch (JiraException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * One call with retries. 429 and 503 are retried for every method (Jira did not act on the
   * request); connection failures and timeouts only for idempotent ones (a POST may have landed).
   */
  private JsonNode send(String method, HttpUrl u, JsonNode payload, boolean idempotent) {
    RequestBody body = payload == null ? null : RequestBody.create(payload.toString(), JSON_TYPE);
    Request request =
        new Request.Builder()
            .url(u)
            .method(method, body)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    String what = method + " " + u.encodedPath();
    StageTimeline.mark("> jira", what);
    for (int attempt = 0; ; attempt++) {
      try (Response response = http.newCall(request).execute()) {
        int code = response.code();
        StageTimeline.mark("< jira", what);
        log.debug("{} -> {}", what, code);
        if (code >= 200 && code < 300) {
          ResponseBody rb = response.body();
          String text = rb == null ? "" : rb.string();
          return text.isBlank() ? JsonNodeFactory.instance.objectNode() : json.readTree(text);
        }
        if ((code == 429 || code == 503) && attempt < config.maxRetries()) {
          var named =
              retry.fromHeaders(
                  response.header("Retry-After"), response.header("X-RateLimit-Reset"));
          var wait = named.isPresent() ? named.get() : retry.backoff(attempt);
          if (wait.compareTo(config.maxRetryWait()) > 0) {
            throw new JiraException(
                code, what + ": Jira asks to wait " + wait + ", longer than jira.maxRetryWait");
          }
          log.info("{} -> {}, retrying in {} ms", what, code, wait.toMillis());
          pause(wait);
          continue;
        }
        throw new JiraException(code, what + " -> " + code + errorSummary(response));
      } catch (IOException e) {
        if (idempotent && attempt < config.maxRetries()) {
          var wait = retry.backoff(attempt);
          log.info(
              "{} failed ({}), retrying in {} ms",
              what,
              e.getClass().getSimpleName(),
              wait.toMillis());
          pause(wait);
          continue;
        }
        throw new JiraException(
            what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }
  }

  private void pause(java.time.Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JiraException("interrupted while waiting to retry", e);
    }
  }

  /** Jira's errorMessages/errors, short; never the request. */
  private String errorSummary(Response response) {
    try {
      ResponseBody rb = response.body();
      if (rb == null) {
        return "";
      }
      String text = rb.string();
      JsonNode n = json.readTree(text);
      List<String> parts = new ArrayList<>();
      n.path("errorMessages").forEach(m -> parts.add(m.asText()));
      n.path("errors")
          .fields()
          .forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
      if (n.hasNonNull("errorMessage")) {
        parts.add(n.get("errorMessage").asText());
      }
      String joined = String.join("; ", parts);
      return joined.isEmpty()
          ? ""
          : ": " + (joined.length() > 300 ? joined.substring(0, 300) : joined);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}

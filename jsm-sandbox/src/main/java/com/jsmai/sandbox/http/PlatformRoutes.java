package com.jsmai.sandbox.http;

import static com.jsmai.sandbox.http.Http.account;
import static com.jsmai.sandbox.http.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.IssueComment;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.Seed;
import com.jsmai.sandbox.state.StateError;
import com.jsmai.sandbox.view.Adf;
import com.jsmai.sandbox.view.Views;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /rest/api/2} (Cloud and Data Center, wiki text) and {@code /rest/api/3} (Cloud only, ADF):
 * issues, comments, properties, transitions, links, myself.
 *
 * <p>Portal customers have no "Browse projects" permission, so every issue endpoint answers them
 * 404, as Jira does.
 */
final class PlatformRoutes {
  private final SandboxState state;
  private final Views views;

  PlatformRoutes(SandboxState state, Views views) {
    this.state = state;
    this.views = views;
  }

  void register(Javalin app) {
    List<Integer> versions = state.flavor().isCloud() ? List.of(2, 3) : List.of(2);
    for (int v : versions) {
      String api = "/rest/api/" + v;
      app.get(api + "/myself", ctx -> json(ctx, 200, views.myself(account(ctx), v)));
      app.get(api + "/serverInfo", ctx -> serverInfo(ctx, v));
      app.get(api + "/user", ctx -> user(ctx, v));
      app.get(api + "/issue/{issueIdOrKey}", ctx -> getIssue(ctx, v));
      app.put(api + "/issue/{issueIdOrKey}", ctx -> editIssue(ctx, v));
      app.get(api + "/issue/{issueIdOrKey}/comment", ctx -> getComments(ctx, v));
      app.post(api + "/issue/{issueIdOrKey}/comment", ctx -> addComment(ctx, v));
      app.get(api + "/issue/{issueIdOrKey}/comment/{id}", ctx -> getComment(ctx, v));
      app.delete(
          api + "/issue/{issueIdOrKey}/comment/{id}",
          ctx -> {
            long id = Http.commentId(ctx, "id");
            state.deleteComment(account(ctx), issue(ctx), id);
            ctx.status(204);
          });
      app.get(
          api + "/issue/{issueIdOrKey}/properties",
          ctx -> {
            Issue i = issue(ctx);
            json(
                ctx,
                200,
                views.propertyKeys(
                    i.properties(), views.base() + api + "/issue/" + i.key() + "/properties"));
          });
      app.get(api + "/issue/{issueIdOrKey}/properties/{propertyKey}", this::getIssueProperty);
      app.put(api + "/issue/{issueIdOrKey}/properties/{propertyKey}", this::putIssueProperty);
      app.delete(
          api + "/issue/{issueIdOrKey}/properties/{propertyKey}",
          ctx -> {
            state.deleteIssueProperty(account(ctx), issue(ctx), ctx.pathParam("propertyKey"));
            ctx.status(204);
          });
      app.get(
          api + "/comment/{commentId}/properties",
          ctx -> {
            IssueComment c = comment(ctx);
            json(
                ctx,
                200,
                views.propertyKeys(
                    c.properties(), views.base() + api + "/comment/" + c.id() + "/properties"));
          });
      app.get(api + "/comment/{commentId}/properties/{propertyKey}", this::getCommentProperty);
      app.put(api + "/comment/{commentId}/properties/{propertyKey}", this::putCommentProperty);
      app.delete(
          api + "/comment/{commentId}/properties/{propertyKey}",
          ctx -> {
            IssueComment c = comment(ctx);
            state.deleteCommentProperty(account(ctx), c.id(), ctx.pathParam("propertyKey"));
            ctx.status(204);
          });
      // Not a Jira path: comment properties live under /comment/{id}/properties. Say so.
      app.get(
          api + "/issue/{issueIdOrKey}/comment/{id}/properties/{propertyKey}",
          ctx -> notAJiraPath(api));
      app.put(
          api + "/issue/{issueIdOrKey}/comment/{id}/properties/{propertyKey}",
          ctx -> notAJiraPath(api));
      app.get(
          api + "/issue/{issueIdOrKey}/transitions",
          ctx -> json(ctx, 200, views.transitions(issue(ctx), v)));
      app.post(api + "/issue/{issueIdOrKey}/transitions", ctx -> transition(ctx, v));
      app.post(api + "/issueLink", ctx -> link(ctx, v));
      if (state.flavor().isCloud()) {
        // Cloud's enhanced search; the old /search was removed from Cloud in 2025.
        app.get(api + "/search/jql", ctx -> searchJql(ctx, v, queryFields(ctx)));
        app.post(api + "/search/jql", ctx -> searchJql(ctx, v, bodyFields(ctx)));
      } else {
        app.get(api + "/search", ctx -> searchDc(ctx, queryFields(ctx)));
        app.post(api + "/search", ctx -> searchDc(ctx, bodyFields(ctx)));
      }
    }
  }

  /** Search parameters from the query string or the POST body. */
  private record SearchParams(
      String jql,
      int startAt,
      int maxResults,
      String nextPageToken,
      List<String> fields,
      Set<String> expand) {}

  private static SearchParams queryFields(Context ctx) {
    return new SearchParams(
        ctx.queryParam("jql"),
        Http.intParam(ctx, "startAt", 0),
        Http.intParam(ctx, "maxResults", 50),
        ctx.queryParam("nextPageToken"),
        Http.multi(ctx, "fields"),
        Http.expand(ctx));
  }

  private static SearchParams bodyFields(Context ctx) {
    JsonNode b = Http.jsonBody(ctx);
    List<String> fields = new ArrayList<>();
    b.path("fields").forEach(f -> fields.add(f.asText()));
    Set<String> expand = new LinkedHashSet<>();
    JsonNode e = b.path("expand");
    if (e.isArray()) {
      e.forEach(x -> expand.add(x.asText()));
    } else if (e.isTextual()) {
      expand.addAll(List.of(e.asText().split(",")));
    }
    return new SearchParams(
        b.path("jql").asText(null),
        b.path("startAt").asInt(0),
        b.path("maxResults").asInt(50),
        b.path("nextPageToken").asText(null),
        fields,
        expand);
  }

  private void searchJql(Context ctx, int v, SearchParams p) {
    List<Issue> found = Jql.search(state, account(ctx), p.jql());
    int start = 0;
    if (p.nextPageToken() != null) {
      try {
        start =
            Integer.parseInt(
                new String(
                    java.util.Base64.getUrlDecoder().decode(p.nextPageToken()),
                    java.nio.charset.StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw StateError.badRequest("The nextPageToken is not valid.");
      }
    }
    int max = Math.min(Math.max(p.maxResults(), 1), 5000);
    int end = Math.min(found.size(), start + max);
    ObjectNode n = Http.JSON.createObjectNode();
    ArrayNode issues = n.putArray("issues");
    // The enhanced search returns only the id unless fields are asked for (fields=id).
    List<String> fields = p.fields().isEmpty() ? List.of("id") : p.fields();
    for (Issue i : found.subList(Math.min(start, end), end)) {
      issues.add(views.issue(i, v, fields, p.expand(), List.of()));
    }
    if (end < found.size()) {
      n.put(
          "nextPageToken",
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  String.valueOf(end).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    n.put("isLast", end >= found.size());
    json(ctx, 200, n);
  }

  private void searchDc(Context ctx, SearchParams p) {
    List<Issue> found = Jql.search(state, account(ctx), p.jql());
    int start = Math.max(p.startAt(), 0);
    int max = Math.min(Math.max(p.maxResults(), 0), 1000);
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("expand", "schema,names");
    n.put("startAt", start);
    n.put("maxResults", max);
    n.put("total", found.size());
    ArrayNode issues = n.putArray("issues");
    found.stream()
        .skip(start)
        .limit(max)
        .forEach(i -> issues.add(views.issue(i, 2, p.fields(), p.expand(), List.of())));
    json(ctx, 200, n);
  }

  private static void notAJiraPath(String api) {
    throw StateError.notFound(
        "Jira has no such resource; comment properties are at "
            + api
            + "/comment/{commentId}/properties/{propertyKey}.");
  }

  /**
   * {@code GET /rest/api/N/user}: Cloud by {@code accountId}, DC by {@code username} or {@code
   * key}.
   */
  private void user(Context ctx, int v) {
    Account caller = account(ctx);
    String id =
        state.flavor().isCloud()
            ? ctx.queryParam("accountId")
            : ctx.queryParam("username") != null
                ? ctx.queryParam("username")
                : ctx.queryParam("key");
    if (id == null || id.isBlank()) {
      throw StateError.badRequest(
          state.flavor().isCloud()
              ? "The accountId query parameter needs to be provided."
              : "Either the username or the key query parameter needs to be provided.");
    }
    Account found =
        state
            .findAccount(id)
            .filter(
                a ->
                    state.flavor().isCloud()
                        ? a.accountId().equals(id)
                        : a.username().equalsIgnoreCase(id) || a.userKey().equalsIgnoreCase(id))
            .orElseThrow(
                () -> StateError.notFound("The user with the given identifier does not exist."));
    if (caller.isCustomer() && !caller.accountId().equals(found.accountId())) {
      throw StateError.forbidden("You do not have permission to view this user.");
    }
    json(ctx, 200, views.platformUser(found, v));
  }

  private void serverInfo(Context ctx, int v) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("baseUrl", views.base());
    boolean cloud = state.flavor().isCloud();
    n.put("version", cloud ? "1001.0.0-SNAPSHOT" : "10.3.0");
    ArrayNode nums = n.putArray("versionNumbers");
    nums.add(cloud ? 1001 : 10).add(cloud ? 0 : 3).add(0);
    n.put("deploymentType", cloud ? "Cloud" : "Server");
    n.put("buildNumber", cloud ? 100000 : 10030000);
    n.put("buildDate", "2025-01-01T00:00:00.000+0000");
    n.put("serverTime", com.jsmai.sandbox.view.Dates.jira(state.now()));
    n.put("scmInfo", "jsm-sandbox");
    n.put("serverTitle", "JSM sandbox");
    json(ctx, 200, n);
  }

  /** The issue for an agent; customers get 404 (no Browse permission). */
  private Issue issue(Context ctx) {
    Account caller = account(ctx);
    if (caller.isCustomer()) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return state.issue(ctx.pathParam("issueIdOrKey"));
  }

  private IssueComment comment(Context ctx) {
    Account caller = account(ctx);
    long id = Http.commentId(ctx, "commentId");
    if (caller.isCustomer()) {
      throw StateError.notFound("Can not find a comment for the id: " + id + ".");
    }
    return state.comment(id);
  }

  private void getIssue(Context ctx, int v) {
    Issue i = issue(ctx);
    json(
        ctx,
        200,
        views.issue(
            i, v, Http.multi(ctx, "fields"), Http.expand(ctx), Http.multi(ctx, "properties")));
  }

  private void editIssue(Context ctx, int v) {
    Account caller = account(ctx);
    Issue i = issue(ctx);
    JsonNode body = Http.jsonBody(ctx);
    String summary = null;
    String description = null;
    String priority = null;
    List<String> labels = null;
    Map<String, String> errors = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = body.path("fields").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      switch (e.getKey()) {
        case "summary" -> summary = e.getValue().asText();
        case "description" -> description = descriptionText(e.getValue(), v, errors);
        case "priority" -> priority = priorityName(e.getValue(), errors);
        case "labels" -> {
          labels = new ArrayList<>();
          for (JsonNode l : e.getValue()) {
            labels.add(l.asText());
          }
        }
        default ->
            errors.put(
                e.getKey(),
                "Field '"
                    + e.getKey()
                    + "' cannot be set. It is not on the appropriate screen, or unknown.");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> updates = body.path("update").fields();
    while (updates.hasNext()) {
      Map.Entry<String, JsonNode> e = updates.next();
      for (JsonNode op : e.getValue()) {
        switch (e.getKey()) {
          case "labels" -> {
            Set<String> set = new LinkedHashSet<>(labels == null ? i.labels() : labels);
            if (op.has("add")) {
              set.add(op.get("add").asText());
            }
            if (op.has("remove")) {
              set.remove(op.get("remove").asText());
            }
            if (op.has("set")) {
              set.clear();
              op.get("set").forEach(l -> set.add(l.asText()));
            }
            labels = new ArrayList<>(set);
          }
          case "priority" -> priority = priorityName(op.path("set"), errors);
          case "summary" -> summary = op.path("set").asText();
          case "description" -> description = descriptionText(op.path("set"), v, errors);
          case "comment" -> {
            // handled after the edit below
          }
          default ->
              errors.put(
                  e.getKey(),
                  "Field '"
                      + e.getKey()
                      + "' cannot be set. It is not on the appropriate screen, or unknown.");
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new StateError(400, "", errors);
    }
    state.edit(caller, i, summary, description, priority, labels);
    for (JsonNode op : body.path("update").path("comment")) {
      if (op.has("add")) {
        addPlatformComment(caller, i, op.get("add"), v);
      }
    }
    if (Http.boolParam(ctx, "returnIssue", false) && state.flavor().isCloud()) {
      json(ctx, 200, views.issue(state.issue(i.id()), v, List.of(), Set.of(), List.of()));
    } else {
      ctx.status(204);
    }
  }

  private static String priorityName(JsonNode p, Map<String, String> errors) {
    if (p.has("name")) {
      return p.get("name").asText();
    }
    if (p.has("id")) {
      int id = p.get("id").asInt(-1);
      if (id >= 1 && id <= Seed.PRIORITIES.size()) {
        return Seed.PRIORITIES.get(id - 1);
      }
    }
    errors.put("priority", "Specify the Priority (id or name) in the object format");
    return null;
  }

  private static String descriptionText(JsonNode d, int v, Map<String, String> errors) {
    if (d.isNull()) {
      return "";
    }
    if (v >= 3 && !Adf.isDoc(d)) {
      errors.put(
          "description",
          "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
      return null;
    }
    if (v < 3 && !d.isTextual()) {
      errors.put("description", "Operation value must be a string");
      return null;
    }
    return Adf.toText(d);
  }

  private void getComments(Context ctx, int v) {
    Issue i = issue(ctx);
    int startAt = Http.intParam(ctx, "startAt", 0);
    int maxResults = Math.min(Math.max(Http.intParam(ctx, "maxResults", 5000), 0), 5000);
    List<IssueComment> all = new ArrayList<>(state.comments(i.id()));
    if ("-created".equals(ctx.queryParam("orderBy"))) {
      java.util.Collections.reverse(all);
    }
    Set<String> expand = Http.expand(ctx);
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("startAt", startAt);
    n.put("maxResults", maxResults);
    n.put("total", all.size());
    ArrayNode comments = n.putArray("comments");
    all.stream()
        .skip(Math.max(startAt, 0))
        .limit(maxResults)
        .forEach(c -> comments.add(views.platformComment(c, v, expand)));
    json(ctx, 200, n);
  }

  private void getComment(Context ctx, int v) {
    Issue i = issue(ctx);
    IssueComment c = state.comment(Http.commentId(ctx, "id"));
    if (c.issueId() != i.id()) {
      throw StateError.notFound("Can not find a comment for the id: " + c.id() + ".");
    }
    json(ctx, 200, views.platformComment(c, v, Http.expand(ctx)));
  }

  private void addComment(Context ctx, int v) {
    Account caller = account(ctx);
    Issue i = issue(ctx);
    IssueComment c = addPlatformComment(caller, i, Http.jsonBody(ctx), v);
    json(ctx, 201, views.platformComment(c, v, Http.expand(ctx)));
  }

  /**
   * A comment through the platform API: public unless it carries the {@code sd.public.comment}
   * property with {@code internal: true}. A role/group {@code visibility} does NOT make it internal
   * (customers still see it in real JSM), so the sandbox ignores it too.
   */
  private IssueComment addPlatformComment(Account caller, Issue i, JsonNode body, int v) {
    JsonNode b = body.get("body");
    if (b == null || (v >= 3 && !Adf.isDoc(b)) || (v < 3 && !b.isTextual())) {
      throw new StateError(400, "", Map.of("comment", "Comment body is not valid!"));
    }
    Map<String, JsonNode> props = new LinkedHashMap<>();
    boolean internal = false;
    for (JsonNode p : body.path("properties")) {
      String key = p.path("key").asText();
      if (key.isEmpty()) {
        continue;
      }
      props.put(key, p.path("value"));
      if (key.equals("sd.public.comment") && p.path("value").path("internal").asBoolean(false)) {
        internal = true;
      }
    }
    return state.addComment(caller, i, Adf.toText(b), !internal, props);
  }

  private void getIssueProperty(Context ctx) {
    property(ctx, issue(ctx).properties());
  }

  /** Answers the {@code propertyKey} entry of an issue's or comment's properties. */
  private static void property(Context ctx, Map<String, JsonNode> properties) {
    String key = ctx.pathParam("propertyKey");
    JsonNode value = properties.get(key);
    if (value == null) {
      throw StateError.notFound("The property with key '" + key + "' does not exist.");
    }
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("key", key);
    n.set("value", value);
    json(ctx, 200, n);
  }

  private void putIssueProperty(Context ctx) {
    Issue i = issue(ctx);
    JsonNode value = SandboxState.parsePropertyValue(Http.body(ctx));
    boolean created = state.setIssueProperty(account(ctx), i, ctx.pathParam("propertyKey"), value);
    ctx.status(created ? 201 : 200);
  }

  private void getCommentProperty(Context ctx) {
    property(ctx, comment(ctx).properties());
  }

  private void putCommentProperty(Context ctx) {
    IssueComment c = comment(ctx);
    JsonNode value = SandboxState.parsePropertyValue(Http.body(ctx));
    boolean created =
        state.setCommentProperty(account(ctx), c.id(), ctx.pathParam("propertyKey"), value);
    ctx.status(created ? 201 : 200);
  }

  private void transition(Context ctx, int v) {
    Account caller = account(ctx);
    Issue i = issue(ctx);
    JsonNode body = Http.jsonBody(ctx);
    String id = body.path("transition").path("id").asText(null);
    if (id == null) {
      throw new StateError(400, "Missing 'transition' identifier");
    }
    state.transition(caller, i, id, null, false);
    for (JsonNode op : body.path("update").path("comment")) {
      if (op.has("add")) {
        addPlatformComment(caller, state.issue(i.id()), op.get("add"), v);
      }
    }
    ctx.status(204);
  }

  private void link(Context ctx, int v) {
    Account caller = account(ctx);
    if (caller.isCustomer()) {
      throw StateError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    JsonNode body = Http.jsonBody(ctx);
    JsonNode type = body.path("type");
    String typeName = type.has("name") ? type.get("name").asText() : type.path("id").asText(null);
    if (typeName == null) {
      throw StateError.badRequest("Issue link type is required.");
    }
    Issue inward = linked(body.path("inwardIssue"));
    Issue outward = linked(body.path("outwardIssue"));
    state.link(caller, typeName, inward, outward);
    if (body.has("comment") && body.get("comment").has("body")) {
      addPlatformComment(caller, outward, body.get("comment"), v);
    }
    ctx.status(201);
  }

  private Issue linked(JsonNode ref) {
    String idOrKey = ref.has("key") ? ref.get("key").asText() : ref.path("id").asText(null);
    if (idOrKey == null) {
      throw StateError.badRequest("Both inwardIssue and outwardIssue are required (key or id).");
    }
    return state.issue(idOrKey);
  }
}

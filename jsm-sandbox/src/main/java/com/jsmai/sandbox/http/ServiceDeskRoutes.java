package com.jsmai.sandbox.http;

import static com.jsmai.sandbox.http.Http.account;
import static com.jsmai.sandbox.http.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.fault.FaultPlan;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Article;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.IssueComment;
import com.jsmai.sandbox.state.RequestType;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.StateError;
import com.jsmai.sandbox.view.Adf;
import com.jsmai.sandbox.view.Views;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /rest/servicedeskapi/...}: the JSM REST API, the same for Cloud and Data Center. */
final class ServiceDeskRoutes {
  private static final String SD = "/rest/servicedeskapi";
  private final SandboxState state;
  private final Views views;
  private final FaultPlan faults;

  ServiceDeskRoutes(SandboxState state, Views views, FaultPlan faults) {
    this.state = state;
    this.views = views;
    this.faults = faults;
  }

  void register(Javalin app) {
    app.get(SD + "/info", this::info);
    app.get(SD + "/servicedesk", this::serviceDesks);
    app.get(
        SD + "/servicedesk/{serviceDeskId}",
        ctx ->
            json(ctx, 200, views.serviceDesk(state.serviceDesk(ctx.pathParam("serviceDeskId")))));
    app.get(SD + "/servicedesk/{serviceDeskId}/requesttype", this::requestTypes);
    app.get(SD + "/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}", this::requestType);
    app.get(
        SD + "/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field",
        this::requestTypeFields);
    app.get(SD + "/requesttype", this::allRequestTypes);
    app.post(SD + "/request", this::createRequest);
    app.get(SD + "/request", this::listRequests);
    app.get(SD + "/request/{issueIdOrKey}", this::getRequest);
    app.get(SD + "/request/{issueIdOrKey}/comment", this::getComments);
    app.post(SD + "/request/{issueIdOrKey}/comment", this::addComment);
    app.get(SD + "/request/{issueIdOrKey}/comment/{commentId}", this::getComment);
    app.get(SD + "/request/{issueIdOrKey}/transition", this::getTransitions);
    app.post(SD + "/request/{issueIdOrKey}/transition", this::doTransition);
    app.get(SD + "/request/{requestIdOrKey}/feedback", this::getFeedback);
    app.post(SD + "/request/{requestIdOrKey}/feedback", this::postFeedback);
    app.delete(SD + "/request/{requestIdOrKey}/feedback", this::deleteFeedback);
    app.get(SD + "/knowledgebase/article", ctx -> articles(ctx, null));
    app.get(
        SD + "/servicedesk/{serviceDeskId}/knowledgebase/article",
        ctx -> articles(ctx, state.serviceDesk(ctx.pathParam("serviceDeskId")).id()));
    app.get(SD + "/knowledgebase/article/view/{pageId}", this::articlePage);
  }

  /**
   * Answers one servicedeskapi page of {@code all}, as the call's {@code start} and {@code limit}
   * ask.
   */
  private void page(Context ctx, List<? extends JsonNode> all, String path) {
    json(
        ctx,
        200,
        views.paged(all, Http.start(ctx), Http.limit(ctx), path, Http.queryWithoutPaging(ctx)));
  }

  private void info(Context ctx) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("version", state.flavor().isCloud() ? "10.0.0-OD" : "10.3.0");
    n.put("platformVersion", state.flavor().isCloud() ? "1001.0.0" : "10.3.0");
    n.putObject("buildDate")
        .setAll(
            com.jsmai.sandbox.view.Dates.dateDto(java.time.Instant.parse("2025-01-01T00:00:00Z")));
    n.put("buildChangeSet", "jsm-sandbox");
    n.put("isLicensedForUse", true);
    n.putObject("_links").put("self", views.base() + SD + "/info");
    json(ctx, 200, n);
  }

  private void serviceDesks(Context ctx) {
    account(ctx);
    List<JsonNode> all =
        state.serviceDesks().stream().map(d -> (JsonNode) views.serviceDesk(d)).toList();
    page(ctx, all, SD + "/servicedesk");
  }

  private void requestTypes(Context ctx) {
    account(ctx);
    String deskId = ctx.pathParam("serviceDeskId");
    String search = ctx.queryParam("searchQuery");
    List<JsonNode> all = new ArrayList<>();
    for (RequestType t : state.requestTypes(deskId)) {
      if (search == null
          || t.name().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
        all.add(views.requestType(t));
      }
    }
    page(ctx, all, SD + "/servicedesk/" + deskId + "/requesttype");
  }

  private void allRequestTypes(Context ctx) {
    account(ctx);
    List<JsonNode> all =
        state.allRequestTypes().stream().map(t -> (JsonNode) views.requestType(t)).toList();
    page(ctx, all, SD + "/requesttype");
  }

  private RequestType typeInDesk(Context ctx) {
    String deskId = state.serviceDesk(ctx.pathParam("serviceDeskId")).id();
    RequestType t = state.requestType(ctx.pathParam("requestTypeId"));
    if (!t.serviceDeskId().equals(deskId)) {
      throw StateError.notFound(
          "The request type " + t.id() + " does not belong to service desk " + deskId + ".");
    }
    return t;
  }

  private void requestType(Context ctx) {
    account(ctx);
    json(ctx, 200, views.requestType(typeInDesk(ctx)));
  }

  private void requestTypeFields(Context ctx) {
    json(ctx, 200, views.requestTypeFields(typeInDesk(ctx), account(ctx)));
  }

  private void createRequest(Context ctx) {
    Account caller = account(ctx);
    JsonNode body = Http.jsonBody(ctx);
    if (!body.isObject()) {
      throw StateError.badRequest("The request body must be a JSON object.");
    }
    Map<String, String> values = new LinkedHashMap<>();
    body.path("requestFieldValues")
        .fields()
        .forEachRemaining(e -> values.put(e.getKey(), Http.text(e.getValue())));
    List<String> participants = new ArrayList<>();
    body.path("requestParticipants").forEach(p -> participants.add(p.asText()));
    Issue issue =
        state.createRequest(
            caller,
            text(body, "serviceDeskId"),
            text(body, "requestTypeId"),
            values,
            text(body, "raiseOnBehalfOf"),
            participants);
    json(ctx, 201, views.sdRequest(issue, caller, Http.expand(ctx)));
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private void listRequests(Context ctx) {
    Account caller = account(ctx);
    Set<String> ownership = new LinkedHashSet<>(Http.multi(ctx, "requestOwnership"));
    List<Issue> found =
        state.listRequests(
            caller,
            ownership,
            ctx.queryParam("requestStatus"),
            ctx.queryParam("searchTerm"),
            ctx.queryParam("serviceDeskId"),
            ctx.queryParam("requestTypeId"));
    Set<String> expand = Http.expand(ctx);
    List<JsonNode> all =
        found.stream().map(i -> (JsonNode) views.sdRequest(i, caller, expand)).toList();
    page(ctx, all, SD + "/request");
  }

  private Issue visibleIssue(Context ctx, String param) {
    try {
      return state.issueFor(account(ctx), ctx.pathParam(param));
    } catch (StateError e) {
      if (e.status() == 404) {
        throw StateError.notFound(
            "The request '"
                + ctx.pathParam(param)
                + "' does not exist or you do not have permission to see it.");
      }
      throw e;
    }
  }

  private void getRequest(Context ctx) {
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    json(ctx, 200, views.sdRequest(issue, account(ctx), Http.expand(ctx)));
  }

  private void getComments(Context ctx) {
    Account caller = account(ctx);
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    boolean pub = Http.boolParam(ctx, "public", true);
    boolean internal = Http.boolParam(ctx, "internal", true);
    Set<String> expand = Http.expand(ctx);
    List<JsonNode> all =
        state.visibleComments(caller, issue, pub, internal).stream()
            .map(c -> (JsonNode) views.sdComment(c, expand))
            .toList();
    page(ctx, all, SD + "/request/" + issue.id() + "/comment");
  }

  private void addComment(Context ctx) {
    Account caller = account(ctx);
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    JsonNode body = Http.jsonBody(ctx);
    JsonNode text = body.get("body");
    if (text == null || !text.isTextual()) {
      throw StateError.badRequest("The comment body must be a string.");
    }
    JsonNode pub = body.get("public");
    if (pub != null && !pub.isBoolean() && !pub.isNull()) {
      throw StateError.badRequest("The public field must be true or false.");
    }
    // Omitting "public" makes a public comment [U]: clients must always send the flag.
    boolean isPublic = pub == null || pub.isNull() || pub.asBoolean();
    if (faults.takeHttp(Fault.Kind.COMMENT_VISIBILITY_FLIP, "POST", ctx.path()).isPresent()) {
      isPublic = !isPublic;
    }
    IssueComment c = state.addComment(caller, issue, text.asText(), isPublic);
    json(ctx, 201, views.sdComment(c, Http.expand(ctx)));
  }

  private void getComment(Context ctx) {
    Account caller = account(ctx);
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    long id = Http.commentId(ctx, "commentId");
    IssueComment c = state.comment(id);
    if (c.issueId() != issue.id() || (!c.isPublic() && caller.isCustomer())) {
      throw StateError.notFound("Can not find a comment for the id: " + id + ".");
    }
    json(ctx, 200, views.sdComment(c, Http.expand(ctx)));
  }

  private void getTransitions(Context ctx) {
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    page(ctx, views.customerTransitions(issue), SD + "/request/" + issue.id() + "/transition");
  }

  private void doTransition(Context ctx) {
    Account caller = account(ctx);
    Issue issue = visibleIssue(ctx, "issueIdOrKey");
    JsonNode body = Http.jsonBody(ctx);
    String id = text(body, "id");
    if (id == null) {
      throw StateError.badRequest("The transition id is required.");
    }
    String comment = Http.text(body.path("additionalComment").get("body"));
    state.transition(caller, issue, id, comment, true);
    ctx.status(204);
  }

  private void getFeedback(Context ctx) {
    Issue issue = visibleIssue(ctx, "requestIdOrKey");
    json(
        ctx,
        200,
        views.feedback(
            state
                .feedback(issue.id())
                .orElseThrow(() -> StateError.notFound("There is no feedback for this request."))));
  }

  private void postFeedback(Context ctx) {
    Account caller = account(ctx);
    Issue issue = visibleIssue(ctx, "requestIdOrKey");
    JsonNode body = Http.jsonBody(ctx);
    if (!"csat".equals(body.path("type").asText("csat"))) {
      throw StateError.badRequest("The feedback type must be csat.");
    }
    if (!body.path("rating").canConvertToInt()) {
      throw StateError.badRequest("The rating must be an integer from 1 to 5.");
    }
    String comment = Http.text(body.path("comment").get("body"));
    json(
        ctx,
        201,
        views.feedback(state.giveFeedback(caller, issue, body.path("rating").asInt(), comment)));
  }

  private void deleteFeedback(Context ctx) {
    state.deleteFeedback(account(ctx), visibleIssue(ctx, "requestIdOrKey"));
    ctx.status(204);
  }

  private void articles(Context ctx, String serviceDeskId) {
    account(ctx);
    String query = ctx.queryParam("query");
    boolean highlight = Http.boolParam(ctx, "highlight", false);
    List<String> terms =
        query == null
            ? List.of()
            : List.of(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
    List<JsonNode> all = new ArrayList<>();
    for (Article a : state.searchArticles(query)) {
      ObjectNode n = Http.JSON.createObjectNode();
      n.put("title", highlight ? highlight(a.title(), terms) : a.title());
      String excerpt = a.body().length() > 160 ? a.body().substring(0, 157) + "..." : a.body();
      n.put("excerpt", highlight ? highlight(excerpt, terms) : excerpt);
      n.putObject("source")
          .put("type", "confluence")
          .put("pageId", a.pageId())
          .put("spaceKey", a.spaceKey());
      n.putObject("content")
          .put("iframeSrc", views.base() + SD + "/knowledgebase/article/view/" + a.pageId());
      all.add(n);
    }
    String path =
        serviceDeskId == null
            ? SD + "/knowledgebase/article"
            : SD + "/servicedesk/" + serviceDeskId + "/knowledgebase/article";
    page(ctx, all, path);
  }

  /** JSM marks matches as {@code @@@hl@@@word@@@endhl@@@}. */
  private static String highlight(String text, List<String> terms) {
    String out = text;
    for (String t : terms) {
      if (t.length() < 3) {
        continue;
      }
      Matcher m = Pattern.compile("(?i)\\b(" + Pattern.quote(t) + ")").matcher(out);
      out = m.replaceAll("@@@hl@@@$1@@@endhl@@@");
    }
    return out;
  }

  private void articlePage(Context ctx) {
    account(ctx);
    Article a =
        state
            .article(ctx.pathParam("pageId"))
            .orElseThrow(() -> StateError.notFound("No such article."));
    ctx.contentType("text/html;charset=UTF-8")
        .result(
            "<!doctype html><html><body><h1>"
                + Adf.escape(a.title())
                + "</h1>"
                + Adf.html(a.body())
                + "</body></html>");
  }
}

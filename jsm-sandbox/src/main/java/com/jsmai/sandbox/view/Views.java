package com.jsmai.sandbox.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Feedback;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.IssueComment;
import com.jsmai.sandbox.state.IssueLink;
import com.jsmai.sandbox.state.RequestField;
import com.jsmai.sandbox.state.RequestType;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.Seed;
import com.jsmai.sandbox.state.ServiceDesk;
import com.jsmai.sandbox.state.Workflow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Renders sandbox state in Jira's wire shapes: servicedeskapi DTOs ({@code CustomerRequestDTO},
 * {@code CommentDTO}, {@code UserDTO}, paged lists), platform beans ({@code IssueBean}, {@code
 * Comment}, {@code User}) for REST v2 (wiki text) and v3 (ADF), per flavour (Cloud accountIds, Data
 * Center user keys and names).
 */
public final class Views {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final SandboxState state;
  private final Supplier<String> baseUrl;

  public Views(SandboxState state, Supplier<String> baseUrl) {
    this.state = state;
    this.baseUrl = baseUrl;
  }

  private Flavor flavor() {
    return state.flavor();
  }

  public String base() {
    return baseUrl.get();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private ObjectNode avatars(Account a) {
    ObjectNode n = F.objectNode();
    for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
      n.put(size, base() + "/secure/useravatar?size=" + size + "&ownerId=" + enc(a.username()));
    }
    return n;
  }

  private String userSelf(Account a, int apiVersion) {
    return flavor().isCloud()
        ? base() + "/rest/api/" + apiVersion + "/user?accountId=" + enc(a.accountId())
        : base() + "/rest/api/2/user?username=" + enc(a.username());
  }

  // ------------------------------------------------------------------ users

  /** servicedeskapi {@code UserDTO}. */
  public ObjectNode sdUser(Account a) {
    ObjectNode n = F.objectNode();
    if (flavor().isCloud()) {
      n.put("accountId", a.accountId());
    } else {
      n.put("key", a.userKey());
      n.put("name", a.username());
    }
    if (a.email() != null) {
      n.put("emailAddress", a.email());
    }
    n.put("displayName", a.displayName());
    n.put("active", true);
    n.put("timeZone", a.timeZone());
    ObjectNode links = n.putObject("_links");
    links.put("jiraRest", userSelf(a, 2));
    links.set("avatarUrls", avatars(a));
    links.put("self", userSelf(a, 2));
    return n;
  }

  /** Platform user: Cloud {@code User} / {@code UserDetails}, Data Center {@code UserBean}. */
  public ObjectNode platformUser(Account a, int apiVersion) {
    ObjectNode n = F.objectNode();
    n.put("self", userSelf(a, apiVersion));
    if (flavor().isCloud()) {
      n.put("accountId", a.accountId());
    } else {
      n.put("name", a.username());
      n.put("key", a.userKey());
    }
    if (a.email() != null) {
      n.put("emailAddress", a.email());
    }
    n.set("avatarUrls", avatars(a));
    n.put("displayName", a.displayName());
    n.put("active", true);
    n.put("timeZone", a.timeZone());
    if (flavor().isCloud()) {
      n.put("accountType", a.type().wire());
    }
    return n;
  }

  /** {@code GET /rest/api/N/myself}. */
  public ObjectNode myself(Account a, int apiVersion) {
    ObjectNode n = platformUser(a, apiVersion);
    n.put("locale", "en_US");
    if (!flavor().isCloud()) {
      n.put("deleted", false);
    }
    ObjectNode groups = n.putObject("groups");
    groups.put("size", a.isCustomer() ? 0 : 1);
    ArrayNode items = groups.putArray("items");
    if (!a.isCustomer()) {
      ObjectNode g = items.addObject();
      g.put("name", a.admin() ? "jira-administrators" : "jira-servicemanagement-users");
      if (flavor().isCloud()) {
        g.put(
            "groupId",
            java.util
                .UUID
                .nameUUIDFromBytes(g.get("name").asText().getBytes(StandardCharsets.UTF_8))
                .toString());
      }
      g.put(
          "self",
          base() + "/rest/api/" + apiVersion + "/group?groupname=" + g.get("name").asText());
    }
    ObjectNode roles = n.putObject("applicationRoles");
    roles.put("size", 0);
    roles.putArray("items");
    n.put("expand", "groups,applicationRoles");
    return n;
  }

  private Account account(String id) {
    return state.account(id).orElseThrow(() -> new IllegalStateException("no account " + id));
  }

  // ------------------------------------------------------------------ servicedeskapi

  /** A servicedeskapi page ({@code PagedDTO*}). */
  public ObjectNode paged(
      List<? extends JsonNode> all, int start, int limit, String path, String query) {
    int from = Math.min(Math.max(start, 0), all.size());
    int to = Math.min(from + limit, all.size());
    ObjectNode n = F.objectNode();
    n.putArray("_expands");
    n.put("size", to - from);
    n.put("start", from);
    n.put("limit", limit);
    n.put("isLastPage", to >= all.size());
    ObjectNode links = n.putObject("_links");
    String sep = path.contains("?") ? "&" : "?";
    String q = query == null || query.isEmpty() ? "" : query + "&";
    links.put("self", base() + path + sep + q + "start=" + from + "&limit=" + limit);
    links.put("base", base() + "/rest/servicedeskapi");
    links.put("context", "");
    if (to < all.size()) {
      links.put("next", base() + path + sep + q + "start=" + to + "&limit=" + limit);
    }
    if (from > 0) {
      links.put(
          "prev",
          base() + path + sep + q + "start=" + Math.max(0, from - limit) + "&limit=" + limit);
    }
    ArrayNode values = n.putArray("values");
    all.subList(from, to).forEach(values::add);
    return n;
  }

  public ObjectNode serviceDesk(ServiceDesk d) {
    ObjectNode n = F.objectNode();
    n.put("id", d.id());
    n.put("projectId", d.projectId());
    n.put("projectName", d.projectName());
    n.put("projectKey", d.projectKey());
    n.putObject("_links").put("self", base() + "/rest/servicedeskapi/servicedesk/" + d.id());
    return n;
  }

  public ObjectNode requestType(RequestType t) {
    ObjectNode n = F.objectNode();
    n.putArray("_expands");
    n.put("id", t.id());
    n.putObject("_links")
        .put(
            "self",
            base()
                + "/rest/servicedeskapi/servicedesk/"
                + t.serviceDeskId()
                + "/requesttype/"
                + t.id());
    n.put("name", t.name());
    n.put("description", t.description());
    n.put("helpText", t.helpText());
    n.put("issueTypeId", t.issueTypeId());
    n.put("serviceDeskId", t.serviceDeskId());
    n.put("portalId", t.serviceDeskId());
    n.putArray("groupIds").add("1");
    ObjectNode icon = n.putObject("icon");
    icon.put("id", "1000" + t.id());
    ObjectNode urls = icon.putObject("_links").putObject("iconUrls");
    for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
      urls.put(
          size,
          base()
              + "/rest/api/2/universal_avatar/view/type/SD_REQTYPE/avatar/1000"
              + t.id()
              + "?size="
              + size);
    }
    return n;
  }

  /** {@code CustomerRequestCreateMetaDTO} for a request type's portal form. */
  public ObjectNode requestTypeFields(RequestType t, Account caller) {
    ObjectNode n = F.objectNode();
    ArrayNode fields = n.putArray("requestTypeFields");
    for (RequestField f : t.fields()) {
      ObjectNode field = fields.addObject();
      field.put("fieldId", f.fieldId());
      field.put("name", f.name());
      field.put("description", "");
      field.put("required", f.required());
      field.putArray("defaultValues");
      field.putArray("validValues");
      field.putArray("presetValues");
      ObjectNode schema = field.putObject("jiraSchema");
      schema.put("type", f.schemaType());
      if (f.system() != null) {
        schema.put("system", f.system());
      } else {
        schema.put("custom", f.custom());
        schema.put("customId", Long.parseLong(f.fieldId().substring("customfield_".length())));
      }
      field.put("visible", true);
    }
    n.put("canRaiseOnBehalfOf", caller.isAgent());
    n.put("canAddRequestParticipants", caller.isAgent());
    return n;
  }

  private ObjectNode currentStatus(Issue i) {
    ObjectNode s = F.objectNode();
    s.put("status", i.status());
    s.put("statusCategory", Workflow.status(i.status()).sdCategory());
    s.set("statusDate", Dates.dateDto(i.statusDate()));
    return s;
  }

  /** {@code CustomerRequestDTO}. */
  public ObjectNode sdRequest(Issue i, Account caller, Set<String> expand) {
    ObjectNode n = F.objectNode();
    n.putArray("_expands")
        .add("participant")
        .add("status")
        .add("sla")
        .add("requestType")
        .add("serviceDesk")
        .add("attachment")
        .add("action")
        .add("comment");
    n.put("issueId", String.valueOf(i.id()));
    n.put("issueKey", i.key());
    n.put("summary", i.summary());
    n.put("requestTypeId", i.requestTypeId());
    n.put("serviceDeskId", i.serviceDeskId());
    n.set("createdDate", Dates.dateDto(i.created()));
    n.set("reporter", sdUser(account(i.reporterId())));
    ArrayNode values = n.putArray("requestFieldValues");
    RequestType type = state.requestType(i.requestTypeId());
    for (RequestField f : type.fields()) {
      String value =
          switch (f.fieldId()) {
            case "summary" -> i.summary();
            case "description" -> i.description().isEmpty() ? null : i.description();
            default -> i.customFields().get(f.fieldId());
          };
      ObjectNode v = values.addObject();
      v.put("fieldId", f.fieldId());
      v.put("label", f.name());
      v.put("value", value);
      if (f.fieldId().equals("description") && value != null) {
        v.putObject("renderedValue").put("html", Adf.html(value));
      }
    }
    n.set("currentStatus", currentStatus(i));
    if (expand.contains("requestType")) {
      n.set("requestType", requestType(type));
    }
    if (expand.contains("serviceDesk")) {
      n.set("serviceDesk", serviceDesk(state.serviceDesk(i.serviceDeskId())));
    }
    if (expand.contains("participant")) {
      List<JsonNode> parts =
          i.participants().stream().map(p -> (JsonNode) sdUser(account(p))).toList();
      n.set(
          "participants",
          paged(parts, 0, 50, "/rest/servicedeskapi/request/" + i.id() + "/participant", ""));
    }
    if (expand.contains("status")) {
      n.set(
          "status",
          paged(
              List.of(currentStatus(i)),
              0,
              50,
              "/rest/servicedeskapi/request/" + i.id() + "/status",
              ""));
    }
    if (expand.contains("comment")) {
      List<JsonNode> cs =
          state.visibleComments(caller, i, true, true).stream()
              .map(c -> (JsonNode) sdComment(c, Set.of()))
              .toList();
      n.set(
          "comments", paged(cs, 0, 50, "/rest/servicedeskapi/request/" + i.id() + "/comment", ""));
    }
    if (expand.contains("action")) {
      ObjectNode actions = n.putObject("actions");
      actions.putObject("addComment").put("allowed", true);
      actions.putObject("addAttachment").put("allowed", false);
      actions.putObject("addParticipant").put("allowed", caller.isAgent());
      actions.putObject("removeParticipant").put("allowed", caller.isAgent());
    }
    ObjectNode links = n.putObject("_links");
    links.put("jiraRest", base() + "/rest/api/2/issue/" + i.id());
    links.put("web", base() + "/servicedesk/customer/portal/" + i.serviceDeskId() + "/" + i.key());
    links.put("agent", base() + "/browse/" + i.key());
    links.put("self", base() + "/rest/servicedeskapi/request/" + i.id());
    return n;
  }

  /** {@code CommentDTO}. */
  public ObjectNode sdComment(IssueComment c, Set<String> expand) {
    ObjectNode n = F.objectNode();
    n.putArray("_expands").add("attachment").add("renderedBody");
    n.put("id", String.valueOf(c.id()));
    n.put("body", c.body());
    if (expand.contains("renderedBody")) {
      n.putObject("renderedBody").put("html", Adf.html(c.body()));
    }
    n.put("public", c.isPublic());
    n.set("author", sdUser(account(c.authorId())));
    n.set("created", Dates.dateDto(c.created()));
    n.putObject("_links")
        .put("self", base() + "/rest/servicedeskapi/request/" + c.issueId() + "/comment/" + c.id());
    return n;
  }

  public ObjectNode feedback(Feedback f) {
    ObjectNode n = F.objectNode();
    n.put("type", "csat");
    n.put("rating", f.rating());
    if (f.comment() != null) {
      n.putObject("comment").put("body", f.comment());
    }
    return n;
  }

  // ------------------------------------------------------------------ platform

  public ObjectNode status(String name, int apiVersion) {
    Workflow.Status s = Workflow.status(name);
    ObjectNode n = F.objectNode();
    String api = base() + "/rest/api/" + apiVersion;
    n.put("self", api + "/status/" + s.id());
    n.put("description", "");
    n.put("iconUrl", base() + "/images/icons/statuses/generic.png");
    n.put("name", s.name());
    n.put("id", s.id());
    ObjectNode cat = n.putObject("statusCategory");
    int catId =
        switch (s.categoryKey()) {
          case "new" -> 2;
          case "done" -> 3;
          default -> 4;
        };
    cat.put("self", api + "/statuscategory/" + catId);
    cat.put("id", catId);
    cat.put("key", s.categoryKey());
    cat.put(
        "colorName",
        switch (s.categoryKey()) {
          case "new" -> "blue-gray";
          case "done" -> "green";
          default -> "yellow";
        });
    cat.put(
        "name",
        switch (s.categoryKey()) {
          case "new" -> "To Do";
          case "done" -> "Done";
          default -> "In Progress";
        });
    return n;
  }

  private ObjectNode priority(String name, int apiVersion) {
    int id = Seed.PRIORITIES.indexOf(name) + 1;
    ObjectNode n = F.objectNode();
    n.put("self", base() + "/rest/api/" + apiVersion + "/priority/" + id);
    n.put("iconUrl", base() + "/images/icons/priorities/" + name.toLowerCase() + ".svg");
    n.put("name", name);
    n.put("id", String.valueOf(id));
    return n;
  }

  private ObjectNode project(ServiceDesk d, int apiVersion) {
    ObjectNode n = F.objectNode();
    n.put("self", base() + "/rest/api/" + apiVersion + "/project/" + d.projectId());
    n.put("id", d.projectId());
    n.put("key", d.projectKey());
    n.put("name", d.projectName());
    n.put("projectTypeKey", "service_desk");
    n.put("simplified", false);
    return n;
  }

  private ObjectNode issueType(int apiVersion) {
    ObjectNode n = F.objectNode();
    n.put("self", base() + "/rest/api/" + apiVersion + "/issuetype/10004");
    n.put("id", "10004");
    n.put("description", "Requests raised through the customer portal.");
    n.put("iconUrl", base() + "/images/icons/issuetypes/genericissue.svg");
    n.put("name", "Service Request");
    n.put("subtask", false);
    return n;
  }

  /** The JSM "Customer Request Type" field value ({@code customfield_10010}). */
  private ObjectNode requestTypeField(Issue i) {
    ObjectNode n = F.objectNode();
    n.putObject("_links")
        .put("web", base() + "/servicedesk/customer/portal/" + i.serviceDeskId() + "/" + i.key());
    n.set("requestType", requestType(state.requestType(i.requestTypeId())));
    n.set("currentStatus", currentStatus(i));
    return n;
  }

  /** Text in the shape of the API version: ADF for v3, a wiki string for v2. */
  public JsonNode text(String text, int apiVersion) {
    if (apiVersion >= 3) {
      return Adf.fromText(text);
    }
    return text == null || text.isEmpty() ? F.nullNode() : F.textNode(text);
  }

  /**
   * Platform comment: Cloud {@code Comment} (with {@code jsdPublic}), Data Center {@code
   * CommentJsonBean}.
   */
  public ObjectNode platformComment(IssueComment c, int apiVersion, Set<String> expand) {
    ObjectNode n = F.objectNode();
    n.put(
        "self",
        base() + "/rest/api/" + apiVersion + "/issue/" + c.issueId() + "/comment/" + c.id());
    n.put("id", String.valueOf(c.id()));
    Account author = account(c.authorId());
    n.set("author", platformUser(author, apiVersion));
    n.set("body", apiVersion >= 3 ? Adf.fromText(c.body()) : F.textNode(c.body()));
    if (expand.contains("renderedBody")) {
      n.put("renderedBody", Adf.html(c.body()));
    }
    n.set("updateAuthor", platformUser(author, apiVersion));
    n.put("created", Dates.jira(c.created()));
    n.put("updated", Dates.jira(c.created()));
    if (flavor().isCloud()) {
      n.put("jsdPublic", c.isPublic());
      Issue issue = state.issue(c.issueId());
      n.put("jsdAuthorCanSeeRequest", author.isCustomer() && state.canSee(author, issue));
    }
    if (expand.contains("properties")) {
      ArrayNode props = n.putArray("properties");
      c.properties().forEach((k, v) -> props.addObject().put("key", k).set("value", v));
    }
    return n;
  }

  /**
   * {@code IssueBean}.
   *
   * @param fields requested fields ({@code *all} or names, {@code -name} excludes)
   * @param expand {@code renderedFields}, {@code names}
   * @param properties property keys to include ({@code *all} for every one)
   */
  public ObjectNode issue(
      Issue i, int apiVersion, List<String> fields, Set<String> expand, List<String> properties) {
    ObjectNode n = F.objectNode();
    n.put(
        "expand",
        "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
    n.put("id", String.valueOf(i.id()));
    n.put("self", base() + "/rest/api/" + apiVersion + "/issue/" + i.id());
    n.put("key", i.key());
    ObjectNode all = issueFields(i, apiVersion);
    ObjectNode selected = F.objectNode();
    boolean everything =
        fields.isEmpty() || fields.contains("*all") || fields.contains("*navigable");
    all.fields()
        .forEachRemaining(
            e -> {
              boolean wanted =
                  (everything || fields.contains(e.getKey())) && !fields.contains("-" + e.getKey());
              if (wanted) {
                selected.set(e.getKey(), e.getValue());
              }
            });
    if (expand.contains("renderedFields")) {
      ObjectNode r = n.putObject("renderedFields");
      r.put("description", Adf.html(i.description()));
      r.put("summary", Adf.escape(i.summary()));
    }
    if (expand.contains("names")) {
      ObjectNode names = n.putObject("names");
      names.put("summary", "Summary");
      names.put("description", "Description");
      names.put("status", "Status");
      names.put("priority", "Priority");
      names.put("labels", "Labels");
      names.put("reporter", "Reporter");
      names.put(Seed.REQUEST_TYPE_FIELD, "Request Type");
      names.put(Seed.ORDER_NUMBER_FIELD, "Order number");
    }
    if (!properties.isEmpty()) {
      ObjectNode props = n.putObject("properties");
      i.properties()
          .forEach(
              (k, v) -> {
                if (properties.contains("*all") || properties.contains(k)) {
                  props.set(k, v);
                }
              });
    }
    n.set("fields", selected);
    return n;
  }

  /** The issue's {@code fields} object in the shape of REST v2 (wiki) or v3 (ADF). */
  public ObjectNode issueFields(Issue i, int apiVersion) {
    ObjectNode f = F.objectNode();
    ServiceDesk desk = state.serviceDesk(i.serviceDeskId());
    f.put("summary", i.summary());
    f.set("description", text(i.description(), apiVersion));
    f.set("issuetype", issueType(apiVersion));
    f.set("project", project(desk, apiVersion));
    f.set("status", status(i.status(), apiVersion));
    f.set("priority", priority(i.priority(), apiVersion));
    ArrayNode labels = f.putArray("labels");
    i.labels().forEach(labels::add);
    f.set("reporter", platformUser(account(i.reporterId()), apiVersion));
    f.set("creator", platformUser(account(i.creatorId()), apiVersion));
    f.putNull("assignee");
    f.put("created", Dates.jira(i.created()));
    f.put("updated", Dates.jira(i.updated()));
    if (i.resolution() == null) {
      f.putNull("resolution");
      f.putNull("resolutiondate");
    } else {
      ObjectNode r = f.putObject("resolution");
      r.put("self", base() + "/rest/api/" + apiVersion + "/resolution/1");
      r.put("id", "1");
      r.put("description", "");
      r.put("name", i.resolution());
      f.put("resolutiondate", Dates.jira(i.statusDate()));
    }
    f.set(Seed.REQUEST_TYPE_FIELD, requestTypeField(i));
    String order = i.customFields().get(Seed.ORDER_NUMBER_FIELD);
    if (order == null) {
      f.putNull(Seed.ORDER_NUMBER_FIELD);
    } else {
      f.put(Seed.ORDER_NUMBER_FIELD, order);
    }
    ArrayNode links = f.putArray("issuelinks");
    for (IssueLink l : state.links(i.id())) {
      String[] type = Seed.LINK_TYPES.get(l.type());
      ObjectNode ln = links.addObject();
      ln.put("id", String.valueOf(l.id()));
      ln.put("self", base() + "/rest/api/" + apiVersion + "/issueLink/" + l.id());
      ObjectNode t = ln.putObject("type");
      t.put("id", type[0]);
      t.put("name", l.type());
      t.put("inward", type[1]);
      t.put("outward", type[2]);
      t.put("self", base() + "/rest/api/" + apiVersion + "/issueLinkType/" + type[0]);
      boolean outward = l.inwardIssueId() == i.id();
      Issue other = state.issue(outward ? l.outwardIssueId() : l.inwardIssueId());
      ObjectNode o = ln.putObject(outward ? "outwardIssue" : "inwardIssue");
      o.put("id", String.valueOf(other.id()));
      o.put("key", other.key());
      o.put("self", base() + "/rest/api/" + apiVersion + "/issue/" + other.id());
      ObjectNode of = o.putObject("fields");
      of.put("summary", other.summary());
      of.set("status", status(other.status(), apiVersion));
      of.set("priority", priority(other.priority(), apiVersion));
      of.set("issuetype", issueType(apiVersion));
    }
    ObjectNode comment = f.putObject("comment");
    ArrayNode cs = comment.putArray("comments");
    List<IssueComment> list = state.comments(i.id());
    list.forEach(c -> cs.add(platformComment(c, apiVersion, Set.of())));
    comment.put("self", base() + "/rest/api/" + apiVersion + "/issue/" + i.id() + "/comment");
    comment.put("maxResults", list.size());
    comment.put("total", list.size());
    comment.put("startAt", 0);
    return f;
  }

  /**
   * The slim issue of Cloud comment webhooks: summary, issuetype, project, assignee, priority,
   * status.
   */
  public ObjectNode slimWebhookIssue(Issue i) {
    ObjectNode full = issueFields(i, 2);
    ObjectNode n = F.objectNode();
    n.put("id", String.valueOf(i.id()));
    n.put("self", base() + "/rest/api/2/issue/" + i.id());
    n.put("key", i.key());
    ObjectNode f = n.putObject("fields");
    for (String k : List.of("summary", "issuetype", "project", "assignee", "priority", "status")) {
      f.set(k, full.get(k));
    }
    return n;
  }

  /** The issue of {@code jira:issue_*} webhooks: REST v2 fields. */
  public ObjectNode webhookIssue(Issue i) {
    ObjectNode n = F.objectNode();
    n.put("id", String.valueOf(i.id()));
    n.put("self", base() + "/rest/api/2/issue/" + i.id());
    n.put("key", i.key());
    n.set("fields", issueFields(i, 2));
    return n;
  }

  /** Property keys ({@code PropertyKeys} / {@code EntityPropertiesKeysBean}). */
  public ObjectNode propertyKeys(Map<String, JsonNode> props, String selfPrefix) {
    ObjectNode n = F.objectNode();
    ArrayNode keys = n.putArray("keys");
    props
        .keySet()
        .forEach(k -> keys.addObject().put("self", selfPrefix + "/" + enc(k)).put("key", k));
    return n;
  }

  /** {@code Transitions} / {@code TransitionsMetaBean}. */
  public ObjectNode transitions(Issue i, int apiVersion) {
    ObjectNode n = F.objectNode();
    if (flavor().isCloud()) {
      n.put("expand", "transitions");
    }
    ArrayNode list = n.putArray("transitions");
    for (Workflow.Transition t : Workflow.available(Workflow.AGENT_TRANSITIONS, i.status())) {
      ObjectNode tn = list.addObject();
      tn.put("id", t.id());
      tn.put("name", t.name());
      tn.set("to", status(t.to(), apiVersion));
      if (flavor().isCloud()) {
        tn.put("hasScreen", false);
        tn.put("isGlobal", true);
        tn.put("isInitial", false);
        tn.put("isAvailable", true);
        tn.put("isConditional", false);
        tn.put("isLooped", false);
      }
    }
    return n;
  }

  /** Customer transitions ({@code PagedDTOCustomerTransitionDTO}). */
  public List<JsonNode> customerTransitions(Issue i) {
    return Workflow.available(Workflow.CUSTOMER_TRANSITIONS, i.status()).stream()
        .map(t -> (JsonNode) F.objectNode().put("id", t.id()).put("name", t.name()))
        .toList();
  }
}

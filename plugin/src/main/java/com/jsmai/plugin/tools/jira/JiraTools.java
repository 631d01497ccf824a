package com.jsmai.plugin.tools.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClient.JiraException;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolException;
import com.jsmai.plugin.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The built-in Jira tools. Every one acts on the ticket being answered or on its reporter, taken
 * from the {@link ToolContext}: no tool takes an issue key or a customer from the model, so the
 * model cannot read or change anyone else's requests.
 *
 * <p>Read tools: {@code get_recent_requests}, {@code get_request_status}. Write tools (subject to
 * the desk's policy): {@code add_internal_note}, {@code transition_request}, {@code set_priority},
 * {@code add_labels}, {@code create_linked_request}.
 */
public final class JiraTools {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JiraTools() {}

  /** All built-in tools for {@code jira}, configured by {@code settings}. */
  public static List<Tool> all(JiraClient jira, JiraToolsSettings settings) {
    Objects.requireNonNull(jira, "jira");
    Objects.requireNonNull(settings, "settings");
    List<Tool> tools = new ArrayList<>();
    tools.add(recentRequests(jira, settings));
    tools.add(requestStatus(jira));
    tools.add(internalNote(jira, settings));
    if (!settings.transitions().isEmpty()) tools.add(transition(jira, settings));
    if (!settings.priorities().isEmpty()) tools.add(priority(jira, settings));
    tools.add(labels(jira));
    if (!settings.linkedRequestTypeIds().isEmpty()) tools.add(linkedRequest(jira, settings));
    return List.copyOf(tools);
  }

  /** The names of the write tools, for a policy that allows all of them. */
  public static List<String> writeToolNames(List<Tool> tools) {
    return tools.stream().filter(t -> t.effect() == Tool.Effect.WRITE).map(Tool::name).toList();
  }

  static Tool recentRequests(JiraClient jira, JiraToolsSettings settings) {
    String schema =
        """
        {"type":"object","properties":{"limit":{"type":"integer","minimum":1,"maximum":%d,
        "description":"how many requests, newest first (default %d)"}},"additionalProperties":false}
        """
            .formatted(settings.maxRecentRequests(), settings.maxRecentRequests());
    return new JiraTool(
        "get_recent_requests",
        "List the other recent requests of the customer who raised this ticket: key, summary,"
            + " request type, status and creation date, newest first.",
        schema,
        Tool.Effect.READ,
        (args, ctx) -> {
          int limit = args.path("limit").asInt(settings.maxRecentRequests());
          String accountId = ctx.reporter().accountId();
          ArrayNode out = JSON.createArrayNode();
          for (Ticket t : jira.recentRequestsOf(accountId, limit + 1)) {
            // Belt and braces: only this reporter's requests, never the current one.
            if (t.key().equals(ctx.ticketKey())) continue;
            if (t.reporter() == null || !accountId.equals(t.reporter().accountId())) continue;
            if (out.size() == limit) break;
            out.add(summary(t));
          }
          ObjectNode result = JSON.createObjectNode();
          result.set("requests", out);
          return ToolResult.ok(result);
        });
  }

  static Tool requestStatus(JiraClient jira) {
    return new JiraTool(
        "get_request_status",
        "Get this ticket's current request type and status.",
        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
        Tool.Effect.READ,
        (args, ctx) -> ToolResult.ok(summary(jira.getTicket(ctx.ticketKey()))));
  }

  static Tool internalNote(JiraClient jira, JiraToolsSettings settings) {
    String schema =
        """
        {"type":"object","properties":{"body":{"type":"string","minLength":1,"maxLength":%d,
        "description":"the note for the agents; the customer never sees it"}},
        "required":["body"],"additionalProperties":false}
        """
            .formatted(settings.maxNoteChars());
    return new JiraTool(
        "add_internal_note",
        "Add an internal note to this ticket for the support agents (not visible to the customer).",
        schema,
        Tool.Effect.WRITE,
        (args, ctx) -> {
          Comment c = jira.addComment(ctx.ticketKey(), args.get("body").asText(), false);
          return ToolResult.ok(
              JSON.createObjectNode()
                  .put("result", "internal note added")
                  .put("comment_id", c.id()));
        });
  }

  static Tool transition(JiraClient jira, JiraToolsSettings settings) {
    String schema =
        """
        {"type":"object","properties":{"transition":{"type":"string","enum":%s},
        "comment":{"type":"string","maxLength":%d}},
        "required":["transition"],"additionalProperties":false}
        """
            .formatted(array(settings.transitions()), settings.maxNoteChars());
    return new JiraTool(
        "transition_request",
        "Move this ticket through its workflow, for example resolve it or escalate it to a human"
            + " team: one of "
            + settings.transitions()
            + ".",
        schema,
        Tool.Effect.WRITE,
        (args, ctx) -> {
          String name = args.get("transition").asText();
          jira.transition(
              ctx.ticketKey(),
              name,
              args.hasNonNull("comment") ? args.get("comment").asText() : null);
          return ToolResult.ok(
              JSON.createObjectNode().put("result", "transition done").put("transition", name));
        });
  }

  static Tool priority(JiraClient jira, JiraToolsSettings settings) {
    String schema =
        """
        {"type":"object","properties":{"priority":{"type":"string","enum":%s}},
        "required":["priority"],"additionalProperties":false}
        """
            .formatted(array(settings.priorities()));
    return new JiraTool(
        "set_priority",
        "Set this ticket's priority.",
        schema,
        Tool.Effect.WRITE,
        (args, ctx) -> {
          jira.setPriority(ctx.ticketKey(), args.get("priority").asText());
          return ToolResult.ok(
              JSON.createObjectNode()
                  .put("result", "priority set")
                  .put("priority", args.get("priority").asText()));
        });
  }

  static Tool labels(JiraClient jira) {
    String schema =
        """
        {"type":"object","properties":{"labels":{"type":"array","minItems":1,"maxItems":5,
        "uniqueItems":true,"items":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,50}$"}}},
        "required":["labels"],"additionalProperties":false}
        """;
    return new JiraTool(
        "add_labels",
        "Add labels to this ticket (existing labels are kept).",
        schema,
        Tool.Effect.WRITE,
        (args, ctx) -> {
          List<String> labels = new ArrayList<>();
          args.get("labels").forEach(l -> labels.add(l.asText()));
          jira.addLabels(ctx.ticketKey(), labels);
          return ToolResult.ok("labels added");
        });
  }

  static Tool linkedRequest(JiraClient jira, JiraToolsSettings settings) {
    String schema =
        """
        {"type":"object","properties":{"request_type_id":{"type":"string","enum":%s},
        "summary":{"type":"string","minLength":1,"maxLength":200},
        "body":{"type":"string","minLength":1,"maxLength":%d}},
        "required":["request_type_id","summary","body"],"additionalProperties":false}
        """
            .formatted(array(settings.linkedRequestTypeIds()), settings.maxNoteChars());
    return new JiraTool(
        "create_linked_request",
        "Raise a new request for the same customer in this service desk, linked to this ticket.",
        schema,
        Tool.Effect.WRITE,
        (args, ctx) -> {
          Ticket created =
              jira.createLinkedRequest(
                  ctx.ticketKey(),
                  ctx.ticket().serviceDeskId(),
                  args.get("request_type_id").asText(),
                  args.get("summary").asText(),
                  args.get("body").asText());
          return ToolResult.ok(
              JSON.createObjectNode()
                  .put("result", "linked request created")
                  .put("key", created.key()));
        });
  }

  private static ObjectNode summary(Ticket t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", t.key());
    node.put("summary", t.summary());
    node.put("request_type", t.requestTypeName());
    node.put("status", t.status());
    node.put("created", t.created() == null ? null : t.created().toString());
    return node;
  }

  private static String array(List<String> values) {
    return JSON.valueToTree(values).toString();
  }

  private interface Body {
    ToolResult run(JsonNode arguments, ToolContext context);
  }

  /** One built-in tool: a spec plus a body; Jira's refusals become tool errors. */
  private static final class JiraTool implements Tool {
    private final ToolSpec spec;
    private final Effect effect;
    private final Body body;

    JiraTool(String name, String description, String schema, Effect effect, Body body) {
      try {
        this.spec = new ToolSpec(name, description, JSON.readTree(schema));
      } catch (Exception e) {
        throw new IllegalStateException("bad built-in schema for " + name, e);
      }
      this.effect = effect;
      this.body = body;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public Effect effect() {
      return effect;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) throws ToolException {
      try {
        return body.run(arguments, context);
      } catch (JiraException e) {
        if (e.status() == 404) {
          throw new ToolException(
              Outcome.NOT_FOUND, "Jira does not know this ticket any more", "HTTP 404");
        }
        throw new ToolException(
            Outcome.ERROR,
            "Jira refused or failed" + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""),
            String.valueOf(e.getMessage()));
      }
    }
  }
}

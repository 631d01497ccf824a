package com.jsmai.sandbox.http;

import static com.jsmai.sandbox.http.Http.account;
import static com.jsmai.sandbox.http.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.StateError;
import com.jsmai.sandbox.state.WebhookRegistration;
import com.jsmai.sandbox.view.Views;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /rest/webhooks/1.0/webhook}: admin webhook registration (Data Center, and Cloud admin
 * webhooks). Needs a Jira administrator. The secret is write-only: responses never echo it.
 */
final class WebhookRoutes {
  static final String PATH = "/rest/webhooks/1.0/webhook";
  private final SandboxState state;
  private final Views views;

  WebhookRoutes(SandboxState state, Views views) {
    this.state = state;
    this.views = views;
  }

  void register(Javalin app) {
    app.post(PATH, this::create);
    app.get(
        PATH,
        ctx -> {
          requireAdmin(ctx);
          ArrayNode list = Http.JSON.createArrayNode();
          state.webhooks().forEach(w -> list.add(render(w)));
          json(ctx, 200, list);
        });
    app.get(
        PATH + "/{id}",
        ctx -> {
          requireAdmin(ctx);
          json(ctx, 200, render(state.webhook(id(ctx))));
        });
    app.put(PATH + "/{id}", this::update);
    app.delete(
        PATH + "/{id}",
        ctx -> {
          state.deleteWebhook(account(ctx), id(ctx));
          ctx.status(204);
        });
  }

  private void requireAdmin(Context ctx) {
    if (!account(ctx).admin()) {
      throw StateError.forbidden("Only Jira administrators can manage webhooks.");
    }
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw StateError.notFound("Webhook " + ctx.pathParam("id") + " does not exist.");
    }
  }

  private void create(Context ctx) {
    JsonNode b = Http.jsonBody(ctx);
    WebhookRegistration w =
        state.registerWebhook(
            account(ctx),
            b.path("name").asText(""),
            b.path("url").asText(null),
            events(b),
            b.path("filters").path("issue-related-events-section").asText(""),
            b.path("excludeBody").asBoolean(false),
            b.path("secret").asText(null));
    json(ctx, 201, render(w));
  }

  private void update(Context ctx) {
    JsonNode b = Http.jsonBody(ctx);
    WebhookRegistration w =
        state.updateWebhook(
            account(ctx),
            id(ctx),
            b.has("name") ? b.get("name").asText() : null,
            b.has("url") ? b.get("url").asText() : null,
            b.has("events") ? events(b) : null,
            b.path("filters").has("issue-related-events-section")
                ? b.path("filters").get("issue-related-events-section").asText()
                : null,
            b.has("excludeBody") ? b.get("excludeBody").asBoolean() : null,
            b.has("secret") ? b.get("secret").asText() : null,
            b.has("enabled") ? b.get("enabled").asBoolean() : null);
    json(ctx, 200, render(w));
  }

  private static List<String> events(JsonNode b) {
    List<String> out = new ArrayList<>();
    b.path("events").forEach(e -> out.add(e.asText()));
    return out;
  }

  private ObjectNode render(WebhookRegistration w) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("name", w.name());
    n.put("url", w.url());
    n.put("excludeBody", w.excludeBody());
    n.putObject("filters").put("issue-related-events-section", w.jqlFilter());
    ArrayNode events = n.putArray("events");
    w.events().forEach(events::add);
    n.put("enabled", w.enabled());
    n.put("self", views.base() + PATH + "/" + w.id());
    n.put("lastUpdatedUser", w.lastUpdatedUser());
    n.put(
        "lastUpdatedDisplayName",
        state
            .findAccount(w.lastUpdatedUser())
            .map(a -> a.displayName())
            .orElse(w.lastUpdatedUser()));
    n.put("lastUpdated", w.lastUpdated());
    return n;
  }
}

package com.jsmai.sandbox.http;

import static com.jsmai.sandbox.http.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.StateError;
import com.jsmai.sandbox.webhook.DeliveryAttempt;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * The sandbox's own API, not part of Jira: health, reset, request log, webhook delivery log, fault
 * injection, seeded accounts (with their test credentials) and the customer portal page.
 */
final class ControlRoutes {
  private final SandboxServer server;

  ControlRoutes(SandboxServer server) {
    this.server = server;
  }

  void register(Javalin app) {
    app.get(
        "/health",
        ctx ->
            json(
                ctx,
                200,
                Http.JSON
                    .createObjectNode()
                    .put("status", "UP")
                    .put("flavor", server.state().flavor().name().toLowerCase())));
    app.get("/", ctx -> ctx.redirect("/portal"));
    app.get(
        "/portal",
        ctx ->
            ctx.contentType("text/html;charset=UTF-8")
                .result(SandboxServer.resource("/portal/index.html")));
    app.get("/_sandbox/info", this::info);
    app.post(
        "/_sandbox/reset",
        ctx -> {
          server.reset();
          ctx.status(204);
        });
    app.get("/_sandbox/requests", this::requests);
    app.delete(
        "/_sandbox/requests",
        ctx -> {
          server.requests().clear();
          ctx.status(204);
        });
    app.get("/_sandbox/deliveries", this::deliveries);
    app.delete(
        "/_sandbox/deliveries",
        ctx -> {
          server.dispatcher().clearLog();
          ctx.status(204);
        });
    app.get("/_sandbox/faults", ctx -> json(ctx, 200, server.faults().list()));
    app.post("/_sandbox/faults", this::addFault);
    app.delete(
        "/_sandbox/faults",
        ctx -> {
          server.faults().clear();
          ctx.status(204);
        });
    app.get("/_sandbox/accounts", this::accounts);
    app.post(
        "/_sandbox/snapshot",
        ctx -> {
          if (server.config().snapshotFile() == null) {
            throw new StateError(409, "No snapshot file configured (start with --snapshot FILE).");
          }
          server.state().save(server.config().snapshotFile());
          ctx.status(204);
        });
  }

  private void info(Context ctx) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("flavor", server.state().flavor().name().toLowerCase());
    n.put("baseUrl", server.baseUrl());
    n.put("customerSource", server.state().seed().customerSource());
    n.put("customers", server.state().customers().size());
    n.put("issues", server.state().issues().size());
    n.put("webhooks", server.state().webhooks().size());
    n.put("webhookMaxRetries", server.config().effectiveWebhookRetries());
    n.put("pendingDeliveries", server.dispatcher().pending());
    json(ctx, 200, n);
  }

  private void requests(Context ctx) {
    String method = ctx.queryParam("method");
    String path = ctx.queryParam("path");
    long since = Http.intParam(ctx, "since", 0);
    List<LoggedRequest> out =
        server.requests().all().stream()
            .filter(r -> method == null || r.method().equalsIgnoreCase(method))
            .filter(r -> path == null || com.jsmai.sandbox.fault.FaultPlan.matches(path, r.path()))
            .filter(r -> r.seq() > since)
            .toList();
    json(ctx, 200, out);
  }

  private void deliveries(Context ctx) {
    String event = ctx.queryParam("event");
    List<DeliveryAttempt> out =
        server.dispatcher().attempts().stream()
            .filter(d -> event == null || d.event().equals(event))
            .toList();
    json(ctx, 200, out);
  }

  private void addFault(Context ctx) {
    JsonNode b = Http.jsonBody(ctx);
    if (!b.hasNonNull("kind")) {
      throw StateError.badRequest("A fault needs a kind, one of: " + Fault.Kind.names() + ".");
    }
    Fault f =
        new Fault(
            null,
            Fault.Kind.parse(b.get("kind").asText()),
            b.hasNonNull("method") ? b.get("method").asText() : null,
            b.hasNonNull("path") ? b.get("path").asText() : null,
            b.hasNonNull("event") ? b.get("event").asText() : null,
            b.path("status").asInt(0),
            b.hasNonNull("retryAfterSeconds") ? b.get("retryAfterSeconds").asInt() : null,
            b.path("rateLimitReset").asBoolean(false),
            b.path("delayMillis").asLong(0),
            b.path("copies").asInt(0),
            b.path("times").asInt(1));
    json(ctx, 201, server.faults().add(f));
  }

  private void accounts(Context ctx) {
    String type = ctx.queryParam("type");
    ArrayNode list = Http.JSON.createArrayNode();
    for (Account a : server.state().accounts()) {
      if (type != null && !a.type().wire().equals(type) && !(type.equals("agent") && a.isAgent())) {
        continue;
      }
      list.add(describe(a));
    }
    json(ctx, 200, list);
  }

  ObjectNode describe(Account a) {
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("accountId", a.accountId());
    n.put("username", a.username());
    n.put("userKey", a.userKey());
    n.put("displayName", a.displayName());
    n.put("email", a.email());
    n.put("accountType", a.type().wire());
    n.put("admin", a.admin());
    n.put("apiToken", a.apiToken());
    n.put("pat", a.pat());
    n.put("password", a.password());
    n.put("authorization", a.authorization(server.state().flavor()));
    return n;
  }
}

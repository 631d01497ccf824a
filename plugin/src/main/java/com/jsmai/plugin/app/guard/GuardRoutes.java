package com.jsmai.plugin.app.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.audit.AuditLog;
import com.jsmai.plugin.metrics.PluginMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The guard rails' HTTP routes, thin: {@code GET /metrics} (Prometheus text), the admin audit
 * search {@code GET /admin/api/audit?ticket=KEY} and export {@code GET
 * /admin/api/audit/export?from=&to=} (JSON Lines) behind {@link AdminAuth}, and an after-handler on
 * the webhook path that counts received and deduplicated deliveries from the intake's answer.
 */
final class GuardRoutes implements Consumer<Javalin> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}-[0-9]{1,12}");
  private static final String JSON_TYPE = "application/json";

  private final MetricsConfig metricsConfig;
  private final PluginMetrics metrics;
  private final AuditLog audit;
  private final Duration retention;
  private final AdminAuth auth;
  private final String webhookPath;
  private final Clock clock;

  GuardRoutes(
      MetricsConfig metricsConfig,
      PluginMetrics metrics,
      AuditLog audit,
      Duration retention,
      AdminAuth auth,
      String webhookPath,
      Clock clock) {
    this.metricsConfig = metricsConfig;
    this.metrics = metrics;
    this.audit = audit;
    this.retention = retention;
    this.auth = auth;
    this.webhookPath = webhookPath;
    this.clock = clock;
  }

  @Override
  public void accept(Javalin app) {
    if (metricsConfig.enabled()) {
      app.get(
          metricsConfig.path(),
          ctx ->
              ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
    if (webhookPath != null) app.after(webhookPath, this::countWebhook);
    app.get("/admin/api/audit", this::search);
    app.get("/admin/api/audit/export", this::export);
  }

  private void countWebhook(Context ctx) {
    if (!"POST".equals(ctx.method().name())) return;
    String result = ctx.result();
    if (result == null) return;
    try {
      String status = JSON.readTree(result).path("status").asText("");
      // The intake answers before the event name is parsed out for us, so one label value.
      if (status.equals("stored")) metrics.webhookReceived("jira");
      if (status.equals("duplicate")) {
        metrics.webhookReceived("jira");
        metrics.webhookDeduplicated("jira");
      }
    } catch (Exception e) {
      // Not JSON: an error page, not a delivery.
    }
  }

  private boolean allowed(Context ctx) {
    boolean ok;
    try {
      ok = auth.isAdmin(ctx);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      ctx.status(403)
          .contentType(JSON_TYPE)
          .result("{\"error\":\"forbidden\",\"message\":\"Jira administrators only\"}");
      return false;
    }
    if (audit == null) {
      ctx.status(404)
          .contentType(JSON_TYPE)
          .result(
              "{\"error\":\"audit_disabled\",\"message\":\"the audit log is off (audit.enabled)\"}");
      return false;
    }
    return true;
  }

  private void search(Context ctx) {
    if (!allowed(ctx)) return;
    String ticket = ctx.queryParam("ticket");
    if (ticket == null || !ISSUE_KEY.matcher(ticket).matches()) {
      badRequest(ctx, "ticket must be an issue key like SD-12, was: " + ticket);
      return;
    }
    ArrayNode out = JSON.createArrayNode();
    for (AuditLog.Entry e : audit.byTicket(ticket)) {
      ObjectNode n = out.addObject();
      n.put("id", e.id());
      n.put("time", e.event().time().toString());
      n.put("ticket", e.event().ticketKey());
      n.put("kind", e.event().kind().name());
      n.put("actor", e.event().actor());
      n.put("payload", e.event().payload());
    }
    ctx.contentType(JSON_TYPE).result(out.toString());
  }

  private void export(Context ctx) {
    if (!allowed(ctx)) return;
    Instant to;
    Instant from;
    try {
      to = instant(ctx.queryParam("to"), clock.instant());
      from = instant(ctx.queryParam("from"), to.minus(retention));
    } catch (DateTimeParseException e) {
      badRequest(ctx, "from and to must be ISO-8601 instants like 2026-11-21T10:00:00Z");
      return;
    }
    if (from.isAfter(to)) {
      badRequest(ctx, "from (" + from + ") is after to (" + to + ")");
      return;
    }
    StringWriter body = new StringWriter();
    audit.exportJsonl(body, from, to);
    ctx.header("Content-Disposition", "attachment; filename=\"jsmai-audit.jsonl\"")
        .contentType("application/x-ndjson")
        .result(body.toString());
  }

  private static Instant instant(String value, Instant fallback) {
    return value == null || value.isBlank() ? fallback : Instant.parse(value);
  }

  private static void badRequest(Context ctx, String message) {
    ObjectNode n = JSON.createObjectNode().put("error", "bad_request").put("message", message);
    ctx.status(400).contentType(JSON_TYPE).result(n.toString());
  }
}

package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.reply.ModelAssistant;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard rails' routes on a real loopback Javalin server. */
class GuardRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  Javalin app;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (app != null) app.stop();
  }

  GuardHarness harness(AdminAuth auth) throws Exception {
    return new GuardHarness(
        dir, "faq:\n  fallbackBot: false\n", b -> b.adminAuth(auth), ModelAssistant::new);
  }

  String base(GuardHarness h) {
    app = Javalin.create(c -> c.showJavalinBanner = false);
    h.guard.routes().accept(app);
    // Stands in for the webhook intake's answer, so the after-handler has something to count.
    java.util.concurrent.atomic.AtomicInteger deliveries =
        new java.util.concurrent.atomic.AtomicInteger();
    app.post(
        "/webhooks/jira",
        ctx ->
            ctx.status(202)
                .result(
                    deliveries.incrementAndGet() == 1
                        ? "{\"status\":\"stored\"}"
                        : "{\"status\":\"duplicate\"}"));
    app.start("127.0.0.1", 0);
    return "http://127.0.0.1:" + app.port();
  }

  HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metrics_afterAProcessedEvent_showsTheCounters() throws Exception {
    try (GuardHarness h = harness(AdminAuth.DENY_ALL)) {
      String base = base(h);
      h.jira.createTicket("SD-40", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      for (int i = 0; i < 2; i++) { // the second delivery is a redelivery of the first
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/webhooks/jira"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      }
      h.handler.handle(h.created("SD-40", GuardHarness.ANA));

      HttpResponse<String> r = get(base + "/metrics");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(r.body())
          .contains("jsmai_webhooks_received_total{event=\"jira\"} 2")
          .contains("jsmai_webhooks_deduplicated_total{event=\"jira\"} 1")
          .contains("jsmai_replies_total{mode=\"auto\"} 1")
          .contains("jsmai_model_latency_seconds_count{outcome=\"ok\"} 1")
          .contains("jsmai_faq_cache_lookups_total{layer=\"local\",result=\"miss\"}");
    }
  }

  @Test
  void auditSearch_withoutAdminAuth_isForbidden() throws Exception {
    try (GuardHarness h = harness(AdminAuth.DENY_ALL)) {
      String base = base(h);
      h.jira.createTicket("SD-41", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      h.handler.handle(h.created("SD-41", GuardHarness.ANA));

      assertThat(get(base + "/admin/api/audit?ticket=SD-41").statusCode()).isEqualTo(403);
      HttpResponse<String> export = get(base + "/admin/api/audit/export");
      assertThat(export.statusCode()).isEqualTo(403);
      assertThat(export.body()).doesNotContain("parcel");
    }
  }

  @Test
  void auditSearchAndExport_asAdmin_returnTheTicketsTrail() throws Exception {
    AdminAuth headerAdmin = ctx -> "yes".equals(ctx.header("X-Test-Admin"));
    try (GuardHarness h = harness(headerAdmin)) {
      String base = base(h);
      h.jira.createTicket("SD-42", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
      h.handler.handle(h.created("SD-42", GuardHarness.ANA));

      HttpResponse<String> search =
          get(base + "/admin/api/audit?ticket=SD-42", "X-Test-Admin", "yes");
      assertThat(search.statusCode()).isEqualTo(200);
      JsonNode rows = JSON.readTree(search.body());
      assertThat(rows.size()).isGreaterThanOrEqualTo(4);
      assertThat(rows.toString()).contains("PROMPT").contains("Where is my parcel?");

      HttpResponse<String> bad =
          get(base + "/admin/api/audit?ticket=drop%20table", "X-Test-Admin", "yes");
      assertThat(bad.statusCode()).isEqualTo(400);

      HttpResponse<String> export =
          get(
              base + "/admin/api/audit/export?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z",
              "X-Test-Admin",
              "yes");
      assertThat(export.statusCode()).isEqualTo(200);
      assertThat(export.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/x-ndjson");
      String[] lines = export.body().strip().split("\n");
      assertThat(lines).hasSize(rows.size());
      for (String line : lines)
        assertThat(JSON.readTree(line).path("ticket").asText()).isEqualTo("SD-42");

      HttpResponse<String> badRange =
          get(base + "/admin/api/audit/export?from=yesterday", "X-Test-Admin", "yes");
      assertThat(badRange.statusCode()).isEqualTo(400);
    }
  }
}

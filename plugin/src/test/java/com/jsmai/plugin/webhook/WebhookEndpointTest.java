package com.jsmai.plugin.webhook;

import static com.jsmai.plugin.inbox.RecordingEventHandler.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.PluginService;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.inbox.InboxEntry;
import com.jsmai.plugin.inbox.RecordingEventHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real service (Javalin + SQLite file) over loopback. */
class WebhookEndpointTest {
  private static final String SECRET = "test-webhook-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private PluginService service;
  private final RecordingEventHandler handler = new RecordingEventHandler();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SignatureVerifier signer = new SignatureVerifier(Secret.of(SECRET));

  private PluginService start(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("JSMAI_SERVER_PORT", "0");
    env.put("JSMAI_INBOX_FILE", dir.resolve("inbox.db").toString());
    env.put("JSMAI_WEBHOOK_SECRET", SECRET);
    env.put("JSMAI_WEBHOOK_MAX_BODY_BYTES", "8192");
    env.putAll(extraEnv);
    env.values().removeIf(String::isEmpty);
    PluginConfig config = new ConfigLoader(ConfigSections.ALL, env).loadDefaults();
    service = PluginService.start(config, handler, id -> id.equals("10100") ? "SD-7" : null, null);
    return service;
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private HttpResponse<String> post(String pathAndQuery, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signed(String pathAndQuery, String body, String deliveryId)
      throws Exception {
    Map<String, String> h = new HashMap<>();
    h.put("X-Hub-Signature", signer.sign(body.getBytes(StandardCharsets.UTF_8)));
    if (deliveryId != null) {
      h.put("X-Atlassian-Webhook-Identifier", deliveryId);
    }
    return post(pathAndQuery, body, h);
  }

  private long rows() {
    return service.inbox().counts().values().stream().mapToLong(Long::longValue).sum();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void signedCommentCreated_storedThen202_andHandedToHandler() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        signed("/webhooks/jira", WebhookPayloads.cloudCommentCreated("43735"), "wh-1");

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("status").asText()).isEqualTo("stored");
    assertThat(json(r).path("deliveryId").asText()).isEqualTo("wh-1");
    assertThat(service.inbox().find("wh-1")).isPresent();
    assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
    var e = handler.handled.get(0);
    assertThat(e.kind()).isEqualTo(JiraEvent.Kind.COMMENT_CREATED);
    assertThat(e.issueKey()).isEqualTo("SD-1");
    assertThat(e.issueId()).isEqualTo("38747");
    assertThat(e.commentId()).isEqualTo("43735");
    assertThat(e.authorAccountId()).isEqualTo("qm:1a2b:ana");
    assertThat(e.authorType()).isEqualTo("customer");
    assertThat(e.timestamp()).isEqualTo(1516745644071L);
    assertThat(JSON.readTree(e.rawJson()))
        .isEqualTo(JSON.readTree(WebhookPayloads.cloudCommentCreated("43735")));
  }

  @Test
  void issueCreated_stored() throws Exception {
    start(Map.of());

    HttpResponse<String> r = signed("/webhooks/jira", WebhookPayloads.CLOUD_ISSUE_CREATED, "wh-2");

    assertThat(r.statusCode()).isEqualTo(202);
    InboxEntry stored = service.inbox().find("wh-2").orElseThrow();
    assertThat(stored.event().kind()).isEqualTo(JiraEvent.Kind.ISSUE_CREATED);
    assertThat(stored.event().issueKey()).isEqualTo("SD-1");
  }

  @Test
  void badSignature_401_nothingStored() throws Exception {
    start(Map.of());
    String body = WebhookPayloads.cloudCommentCreated("1");

    HttpResponse<String> r =
        post(
            "/webhooks/jira",
            body,
            Map.of("X-Hub-Signature", signer.sign((body + " ").getBytes(StandardCharsets.UTF_8))));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).path("error").asText()).isEqualTo("bad_signature");
    assertThat(rows()).isZero();
  }

  @Test
  void signatureWithOtherSecret_401() throws Exception {
    start(Map.of());
    String body = WebhookPayloads.cloudCommentCreated("1");
    String forged =
        new SignatureVerifier(Secret.of("other")).sign(body.getBytes(StandardCharsets.UTF_8));

    assertThat(post("/webhooks/jira", body, Map.of("X-Hub-Signature", forged)).statusCode())
        .isEqualTo(401);
    assertThat(post("/webhooks/jira", body, Map.of("X-Hub-Signature", "sha256=zz")).statusCode())
        .isEqualTo(401);
    assertThat(post("/webhooks/jira", body, Map.of("X-Hub-Signature", "sha1=abc")).statusCode())
        .isEqualTo(401);
    assertThat(rows()).isZero();
  }

  @Test
  void missingSignature_401_nothingStored() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        post("/webhooks/jira", WebhookPayloads.cloudCommentCreated("1"), Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).path("error").asText()).isEqualTo("missing_signature");
    assertThat(json(r).path("message").asText()).contains("X-Hub-Signature");
    assertThat(rows()).isZero();
  }

  @Test
  void developmentFlag_withoutSecret_acceptsUnsigned() throws Exception {
    start(
        Map.of("JSMAI_WEBHOOK_SECRET", "", "JSMAI_WEBHOOK_ALLOW_UNSIGNED_FOR_DEVELOPMENT", "true"));

    HttpResponse<String> r =
        post("/webhooks/jira", WebhookPayloads.cloudCommentCreated("1"), Map.of());

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void developmentFlag_withSecret_stillVerifies() throws Exception {
    start(Map.of("JSMAI_WEBHOOK_ALLOW_UNSIGNED_FOR_DEVELOPMENT", "true"));

    assertThat(
            post("/webhooks/jira", WebhookPayloads.cloudCommentCreated("1"), Map.of()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void malformedJson_400WithLocation_nothingStored() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        signed("/webhooks/jira", "{\"webhookEvent\": \"comment_created\", ", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    assertThat(json(r).path("error").asText()).isEqualTo("bad_payload");
    assertThat(json(r).path("message").asText()).contains("not valid JSON");
    assertThat(rows()).isZero();
  }

  @Test
  void jsonThatIsNotAWebhook_400() throws Exception {
    start(Map.of());

    HttpResponse<String> r = signed("/webhooks/jira", "{\"hello\":\"world\"}", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("webhookEvent");
  }

  @Test
  void oversizedBody_413_nothingStored() throws Exception {
    start(Map.of());
    String big = WebhookPayloads.cloudCommentCreated("1").replace("My order", "x".repeat(10_000));

    HttpResponse<String> r = signed("/webhooks/jira", big, null);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).path("error").asText()).isEqualTo("body_too_large");
    assertThat(rows()).isZero();
  }

  @Test
  void oversizedChunkedBody_413() throws Exception {
    start(Map.of());
    byte[] big =
        ("{\"webhookEvent\":\"comment_created\",\"pad\":\"" + "x".repeat(20_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    // No Content-Length: the limit must hold while streaming too.
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/webhooks/jira"))
            .header("X-Hub-Signature", signer.sign(big))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();

    assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
    assertThat(rows()).isZero();
  }

  @Test
  void unknownEvent_2xxIgnored_nothingStored() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        signed(
            "/webhooks/jira", "{\"timestamp\":1,\"webhookEvent\":\"jira:version_released\"}", null);
    HttpResponse<String> r2 =
        signed("/webhooks/jira", WebhookPayloads.DC_ISSUE_UPDATED_FIELD, null);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("status").asText()).isEqualTo("ignored");
    assertThat(r2.statusCode()).isEqualTo(202);
    assertThat(json(r2).path("message").asText()).contains("issue_generic");
    assertThat(rows()).isZero();
  }

  @Test
  void dataCenterCommentCreated_issueKeyFromUrlVariable() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        signed(
            "/webhooks/jira?issueKey=SD-7",
            WebhookPayloads.dcCommentCreated("10100", "20001"),
            null);

    assertThat(r.statusCode()).isEqualTo(202);
    InboxEntry e = service.inbox().find(json(r).path("deliveryId").asText()).orElseThrow();
    assertThat(e.event().issueKey()).isEqualTo("SD-7");
    assertThat(e.event().authorAccountId()).isEqualTo("JIRAUSER10200");
    assertThat(e.event().deliveryId()).isEqualTo("comment_created:comment:20001:1732180000000");
  }

  @Test
  void dataCenterCommentCreated_noIssueNoVariable_idFromSelfThenKeyFetched() throws Exception {
    start(Map.of());

    // Jira leaves the variable literal when it cannot expand it.
    HttpResponse<String> r =
        signed(
            "/webhooks/jira?issueKey=%24%7Bissue.key%7D",
            WebhookPayloads.dcCommentCreated("10100", "20002"), null);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
    assertThat(handler.handled.get(0).issueKey()).isEqualTo("SD-7");
    assertThat(handler.handled.get(0).issueId()).isEqualTo("10100");
  }

  @Test
  void dataCenterCommentWithNoWayToFindTheIssue_400ExplainsTheUrlVariable() throws Exception {
    start(Map.of());
    String body =
        "{\"timestamp\":1,\"webhookEvent\":\"comment_created\",\"comment\":{\"id\":\"5\",\"body\":\"x\"}}";

    HttpResponse<String> r = signed("/webhooks/jira", body, null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("?issueKey=${issue.key}");
  }

  @Test
  void dataCenterIssueCommented_storedAsCommentCreated_andSameCommentViaBothEventsStoredOnce()
      throws Exception {
    start(Map.of());

    HttpResponse<String> viaUpdated =
        signed("/webhooks/jira", WebhookPayloads.dcIssueCommented("10100", "20003"), null);
    HttpResponse<String> viaComment =
        signed(
            "/webhooks/jira?issueKey=SD-7",
            WebhookPayloads.dcCommentCreated("10100", "20003"),
            null);

    assertThat(viaUpdated.statusCode()).isEqualTo(202);
    assertThat(viaComment.statusCode()).isEqualTo(200);
    assertThat(json(viaComment).path("status").asText()).isEqualTo("duplicate");
    assertThat(rows()).isEqualTo(1);
    InboxEntry e = service.inbox().find(json(viaUpdated).path("deliveryId").asText()).orElseThrow();
    assertThat(e.event().kind()).isEqualTo(JiraEvent.Kind.COMMENT_CREATED);
    assertThat(e.event().issueKey()).isEqualTo("SD-7");
  }

  @Test
  void fiveConcurrentIdenticalDeliveries_oneRowStored() throws Exception {
    start(Map.of());
    String body = WebhookPayloads.cloudCommentCreated("777");
    ExecutorService pool = Executors.newFixedThreadPool(5);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> fs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fs.add(
          pool.submit(
              () -> {
                go.await();
                return signed("/webhooks/jira", body, "same-delivery");
              }));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (var f : fs) {
      statuses.add(f.get().statusCode());
    }
    pool.shutdown();

    assertThat(statuses).allMatch(s -> s == 200 || s == 202);
    assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    assertThat(rows()).isEqualTo(1);
    assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(200);
    assertThat(handler.handled).hasSize(1);
  }

  @Test
  void retryWithoutIdentifierHeader_dedupedByFallbackKey() throws Exception {
    start(Map.of());
    String body = WebhookPayloads.cloudCommentCreated("888");

    signed("/webhooks/jira", body, null);
    HttpResponse<String> again = signed("/webhooks/jira", body, null);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("deliveryId").asText())
        .isEqualTo("comment_created:comment:888:1516745644071");
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void invalidIssueKeyInQuery_400() throws Exception {
    start(Map.of());

    HttpResponse<String> r =
        signed(
            "/webhooks/jira?issueKey=SD-7%27%20OR%201=1",
            WebhookPayloads.dcCommentCreated("10100", "1"), null);

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void healthAndReady_200() throws Exception {
    start(Map.of());
    String base = "http://127.0.0.1:" + service.port();

    var health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    var ready =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    var missing =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("ready");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("error").asText()).isEqualTo("not_found");
  }
}

package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.webhook.DeliveryAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery: payload shapes per flavour, signatures, URL variables, retries, duplicates. */
class WebhookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private JsmSandbox jira;
  private final RecordingReceiver receiver = new RecordingReceiver();

  private JsmSandbox start(Flavor flavor, int retries) {
    jira =
        JsmSandbox.start(
            SandboxConfig.defaults()
                .withFlavor(flavor)
                .withWebhookRetries(retries, Duration.ofMillis(20))
                .withWebhookTimeout(Duration.ofSeconds(2)));
    return jira;
  }

  @AfterEach
  void stop() {
    if (jira != null) {
      jira.close();
    }
    receiver.close();
  }

  private static JsonNode json(RecordingReceiver.Received r) throws Exception {
    return JSON.readTree(r.rawBody());
  }

  /** An HMAC computed here, independently of the sandbox's Signature class. */
  private static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void issueCreated_cloud_signedPayloadWithIssueAndUser() throws Exception {
    start(Flavor.CLOUD, 0);
    jira.registerWebhook(
        receiver.url("/hook?issueKey=${issue.key}&pid=${project.key}"),
        List.of("jira:issue_created"),
        "s3cret-value");
    SandboxAccount customer = jira.customers().get(0);

    String key =
        jira.raiseRequest(
            customer, "Where is my order?", "Late order", "Where is #W2378156?", "#W2378156");
    RecordingReceiver.Received r = receiver.await(1, x -> true, WAIT).get(0);
    JsonNode body = json(r);

    assertThat(r.query()).isEqualTo("issueKey=" + key + "&pid=SD");
    assertThat(r.header("X-Hub-Signature")).isEqualTo(hmac("s3cret-value", r.rawBody()));
    assertThat(r.header("X-Atlassian-Webhook-Identifier")).isNotBlank();
    assertThat(r.header("X-Atlassian-Webhook-Retry")).isNull();
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(body.get("webhookEvent").asText()).isEqualTo("jira:issue_created");
    assertThat(body.get("issue_event_type_name").asText()).isEqualTo("issue_created");
    assertThat(body.get("timestamp").asLong()).isPositive();
    assertThat(body.get("user").get("accountId").asText()).isEqualTo(customer.accountId());
    assertThat(body.get("user").get("accountType").asText()).isEqualTo("customer");
    assertThat(body.get("issue").get("key").asText()).isEqualTo(key);
    assertThat(body.get("issue").get("fields").get("description").asText())
        .isEqualTo("Where is #W2378156?");
    assertThat(body.get("issue").get("fields").get("customfield_10050").asText())
        .isEqualTo("#W2378156");
  }

  @Test
  void commentCreated_cloud_hasCommentWithJsdPublicAndSlimIssue() throws Exception {
    start(Flavor.CLOUD, 0);
    SandboxAccount customer = jira.customers().get(0);
    String key = jira.raiseRequest(customer, "General question", "Hi", null, null);
    jira.registerWebhook(receiver.url("/hook"), List.of("comment_created"), null);

    jira.addComment(key, jira.agent(), "internal note", false);
    jira.addComment(key, customer, "any news?", true);
    List<RecordingReceiver.Received> got = receiver.await(2, x -> true, WAIT);
    JsonNode internal =
        json(
            got.stream().filter(r -> r.body().contains("internal note")).findFirst().orElseThrow());
    JsonNode public_ =
        json(got.stream().filter(r -> r.body().contains("any news?")).findFirst().orElseThrow());

    assertThat(got.get(0).header("X-Hub-Signature")).isNull();
    assertThat(internal.get("webhookEvent").asText()).isEqualTo("comment_created");
    assertThat(internal.get("comment").get("jsdPublic").asBoolean()).isFalse();
    assertThat(public_.get("comment").get("jsdPublic").asBoolean()).isTrue();
    assertThat(public_.get("comment").get("author").get("accountType").asText())
        .isEqualTo("customer");
    assertThat(public_.get("comment").get("body").asText()).isEqualTo("any news?");
    assertThat(public_.get("issue").get("key").asText()).isEqualTo(key);
    assertThat(public_.get("issue").get("fields").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "summary", "issuetype", "project", "assignee", "priority", "status");
  }

  @Test
  void commentCreated_dc_hasNoIssue_urlVariablesCarryTheKey() throws Exception {
    start(Flavor.DC, 0);
    SandboxAccount customer = jira.customers().get(0);
    String key = jira.raiseRequest(customer, "General question", "Hi", null, null);
    jira.registerWebhook(
        receiver.url("/hook?issueKey=${issue.key}&user=${modifiedUser.name}"),
        List.of("comment_created"),
        "k");

    jira.addComment(key, customer, "hello", true);
    RecordingReceiver.Received r = receiver.await(1, x -> true, WAIT).get(0);
    JsonNode body = json(r);

    assertThat(body.has("issue")).isFalse();
    assertThat(body.get("comment").has("jsdPublic")).isFalse();
    assertThat(body.get("comment").get("author").get("name").asText())
        .isEqualTo(customer.username());
    assertThat(r.query()).isEqualTo("issueKey=" + key + "&user=" + customer.username());
    assertThat(r.header("X-Hub-Signature")).isEqualTo(hmac("k", r.rawBody()));
  }

  @Test
  void issueUpdated_dcIssueCommented_carriesIssueAndComment() throws Exception {
    start(Flavor.DC, 0);
    SandboxAccount customer = jira.customers().get(0);
    String key = jira.raiseRequest(customer, "General question", "Hi", null, null);
    jira.registerWebhook(receiver.url("/hook"), List.of("jira:issue_updated"), null);

    String commentId = jira.addComment(key, customer, "more details", true);
    JsonNode body = json(receiver.await(1, r -> r.body().contains("issue_commented"), WAIT).get(0));

    assertThat(body.get("webhookEvent").asText()).isEqualTo("jira:issue_updated");
    assertThat(body.get("issue").get("key").asText()).isEqualTo(key);
    assertThat(body.get("comment").get("id").asText()).isEqualTo(commentId);
    assertThat(body.get("user").get("name").asText()).isEqualTo(customer.username());
  }

  @Test
  void retries_on500And429_sameIdentifierAndRetryCountHeader() throws Exception {
    start(Flavor.CLOUD, 5);
    receiver.answer(500, 429, 503);
    jira.registerWebhook(receiver.url("/hook"), List.of("jira:issue_created"), "s");

    jira.raiseRequest(jira.customers().get(0), "General question", "Retry me", null, null);
    List<RecordingReceiver.Received> got = receiver.await(4, x -> true, WAIT);

    assertThat(got.stream().map(r -> r.header("X-Atlassian-Webhook-Identifier")).distinct())
        .hasSize(1);
    assertThat(got.stream().map(r -> r.header("X-Atlassian-Webhook-Retry")).toList())
        .containsExactly(null, "1", "2", "3");
    assertThat(got.stream().map(RecordingReceiver.Received::body).distinct()).hasSize(1);
    assertThat(got.get(3).atNanos() - got.get(2).atNanos())
        .isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
    assertThat(jira.awaitDeliveries(WAIT)).isTrue();
    assertThat(jira.deliveries())
        .extracting(DeliveryAttempt::status)
        .containsExactly(500, 429, 503, 200);
  }

  @Test
  void retries_notOn400_andGiveUpAfterMax() throws Exception {
    start(Flavor.CLOUD, 2);
    receiver.answer(400);
    jira.registerWebhook(receiver.url("/a"), List.of("jira:issue_created"), null);

    jira.raiseRequest(jira.customers().get(0), "General question", "No retry", null, null);
    assertThat(jira.awaitDeliveries(WAIT)).isTrue();
    receiver.answer(500, 500, 500, 500);
    jira.raiseRequest(jira.customers().get(0), "General question", "Gives up", null, null);
    assertThat(jira.awaitDeliveries(WAIT)).isTrue();

    assertThat(jira.deliveries())
        .extracting(DeliveryAttempt::status)
        .containsExactly(400, 500, 500, 500);
    assertThat(receiver.received()).hasSize(4);
  }

  @Test
  void retries_onConnectionFailure() throws Exception {
    start(Flavor.CLOUD, 1);
    jira.registerWebhook("http://127.0.0.1:1/nothing-listens", List.of("jira:issue_created"), null);

    jira.raiseRequest(jira.customers().get(0), "General question", "Nobody home", null, null);

    assertThat(jira.awaitDeliveries(WAIT)).isTrue();
    assertThat(jira.deliveries())
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.status()).isEqualTo(-1);
              assertThat(d.error()).isNotBlank();
            });
  }

  @Test
  void dcDefault_noRetries() throws Exception {
    jira = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC));
    receiver.answer(500);
    jira.registerWebhook(receiver.url("/hook"), List.of("jira:issue_created"), null);

    jira.raiseRequest(jira.customers().get(0), "General question", "Once", null, null);

    assertThat(jira.awaitDeliveries(WAIT)).isTrue();
    assertThat(jira.deliveries()).hasSize(1);
  }

  @Test
  void duplicateFault_deliversCopiesConcurrentlyWithOneIdentifier() throws Exception {
    start(Flavor.CLOUD, 0);
    jira.registerWebhook(receiver.url("/hook"), List.of("comment_created"), "s");
    String key =
        jira.raiseRequest(jira.customers().get(0), "General question", "Dupes", null, null);
    jira.injectFault(Fault.webhookDuplicate("comment_created", 3, 1));

    jira.addComment(key, jira.customers().get(0), "once", true);
    jira.addComment(key, jira.customers().get(0), "twice", true);
    List<RecordingReceiver.Received> once =
        receiver.await(3, r -> r.body().contains("\"once\""), WAIT);
    assertThat(jira.awaitDeliveries(WAIT)).isTrue();

    assertThat(once).hasSize(3);
    assertThat(once.stream().map(r -> r.header("X-Atlassian-Webhook-Identifier")).distinct())
        .hasSize(1);
    assertThat(once.stream().map(r -> r.header("X-Hub-Signature")).distinct()).hasSize(1);
    assertThat(receiver.received().stream().filter(r -> r.body().contains("\"twice\""))).hasSize(1);
  }

  @Test
  void jsdPublicLieFault_cloudInternalCommentClaimsPublic_restStillSaysInternal() throws Exception {
    start(Flavor.CLOUD, 0);
    jira.registerWebhook(receiver.url("/hook"), List.of("comment_created"), null);
    String key = jira.raiseRequest(jira.customers().get(0), "General question", "Lie", null, null);
    jira.injectFault(Fault.webhookJsdPublicLie(1));

    jira.addComment(key, jira.agent(), "internal only", false);
    JsonNode body = json(receiver.await(1, x -> true, WAIT).get(0));

    assertThat(body.get("comment").get("jsdPublic").asBoolean()).isTrue();
    assertThat(jira.thread(key).get(0).isPublic()).isFalse();
  }

  @Test
  void commentDeleted_cloud_carriesCommentIdAndIssue() throws Exception {
    start(Flavor.CLOUD, 0);
    String key = jira.raiseRequest(jira.customers().get(0), "General question", "Del", null, null);
    String id = jira.addComment(key, jira.bot(), "to delete", true);
    jira.registerWebhook(receiver.url("/hook"), List.of("comment_deleted"), null);
    ValidatingClient client = new ValidatingClient(jira.baseUrl(), Flavor.CLOUD, false);

    int status = client.delete("/rest/api/3/issue/" + key + "/comment/" + id, jira.bot()).status();
    JsonNode body = json(receiver.await(1, x -> true, WAIT).get(0));

    assertThat(status).isEqualTo(204);
    assertThat(body.get("webhookEvent").asText()).isEqualTo("comment_deleted");
    assertThat(body.get("comment").get("id").asText()).isEqualTo(id);
    assertThat(body.get("issue").get("key").asText()).isEqualTo(key);
  }

  @Test
  void registration_overRest_needsAdmin_neverEchoesSecret() {
    start(Flavor.DC, 0);
    ValidatingClient client = new ValidatingClient(jira.baseUrl(), Flavor.DC, false);
    Map<String, Object> body =
        Map.of(
            "name",
            "AI",
            "url",
            receiver.url("/hook?issueKey=${issue.key}"),
            "events",
            List.of("comment_created", "jira:issue_created"),
            "filters",
            Map.of("issue-related-events-section", "project = SD"),
            "excludeBody",
            false,
            "secret",
            "top-secret");

    ValidatingClient.Answer asAgent = client.post("/rest/webhooks/1.0/webhook", body, jira.agent());
    ValidatingClient.Answer asAdmin = client.post("/rest/webhooks/1.0/webhook", body, jira.admin());
    ValidatingClient.Answer list = client.get("/rest/webhooks/1.0/webhook", jira.admin());
    ValidatingClient.Answer bad =
        client.post(
            "/rest/webhooks/1.0/webhook",
            Map.of("url", "ftp://x", "events", List.of("a")),
            jira.admin());

    assertThat(asAgent.status()).isEqualTo(403);
    assertThat(asAdmin.status()).isEqualTo(201);
    assertThat(asAdmin.json().get("self").asText()).contains("/rest/webhooks/1.0/webhook/");
    assertThat(asAdmin.body()).doesNotContain("top-secret");
    assertThat(list.json()).hasSize(1);
    assertThat(list.body()).doesNotContain("top-secret");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void filter_otherProjectGetsNothing() throws Exception {
    start(Flavor.CLOUD, 0);
    jira.registerWebhook(receiver.url("/all"), List.of("jira:issue_created"), null);
    ValidatingClient client = new ValidatingClient(jira.baseUrl(), Flavor.CLOUD, false);
    client.post(
        "/rest/webhooks/1.0/webhook",
        Map.of(
            "name",
            "other",
            "url",
            receiver.url("/other"),
            "events",
            List.of("jira:issue_created"),
            "filters",
            Map.of("issue-related-events-section", "project = OTHER")),
        jira.admin());

    jira.raiseRequest(jira.customers().get(0), "General question", "Filtered", null, null);
    assertThat(jira.awaitDeliveries(WAIT)).isTrue();

    assertThat(receiver.received())
        .extracting(RecordingReceiver.Received::path)
        .containsExactly("/all");
  }
}

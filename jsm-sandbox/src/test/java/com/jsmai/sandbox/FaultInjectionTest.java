package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.sandbox.fault.Fault;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API over HTTP: faults, request log, reset, accounts, health. */
class FaultInjectionTest {
  private static JsmSandbox jira;
  private static ValidatingClient client;

  @BeforeAll
  static void start() {
    jira = JsmSandbox.start(SandboxConfig.defaults());
    client = new ValidatingClient(jira.baseUrl(), Flavor.CLOUD, false);
  }

  @AfterAll
  static void stop() {
    jira.close();
  }

  @BeforeEach
  void reset() {
    assertThat(client.post("/_sandbox/reset", null, null).status()).isEqualTo(204);
  }

  @Test
  void forced429_withRetryAfterAndReset_thenNormalAgain() {
    ValidatingClient.Answer added =
        client.post(
            "/_sandbox/faults",
            Map.of(
                "kind",
                "http_status",
                "method",
                "POST",
                "path",
                "/rest/servicedeskapi/request/*/comment",
                "status",
                429,
                "retryAfterSeconds",
                3,
                "rateLimitReset",
                true,
                "times",
                2),
            null);
    String key = jira.raiseRequest(jira.customers().get(0), "General question", "Rate", null, null);
    String path = "/rest/servicedeskapi/request/" + key + "/comment";

    ValidatingClient.Answer first =
        client.post(path, Map.of("body", "a", "public", true), jira.bot());
    ValidatingClient.Answer second =
        client.post(path, Map.of("body", "a", "public", true), jira.bot());
    ValidatingClient.Answer third =
        client.post(path, Map.of("body", "a", "public", true), jira.bot());
    ValidatingClient.Answer get = client.get(path, jira.bot());

    assertThat(added.status()).isEqualTo(201);
    assertThat(first.status()).isEqualTo(429);
    assertThat(first.headers().get("Retry-After")).isEqualTo("3");
    assertThat(first.headers().get("X-RateLimit-Reset"))
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z");
    assertThat(first.headers().get("RateLimit-Reason")).isEqualTo("jira-quota-based");
    assertThat(second.status()).isEqualTo(429);
    assertThat(third.status()).isEqualTo(201);
    assertThat(get.status()).isEqualTo(200);
    assertThat(jira.thread(key)).hasSize(1);
  }

  @Test
  void forced429_withoutRetryAfter_hasNoRetryAfterHeader() {
    client.post(
        "/_sandbox/faults",
        Map.of("kind", "http_status", "path", "/rest/api/3/myself", "status", 429),
        null);

    ValidatingClient.Answer a = client.get("/rest/api/3/myself", jira.bot());

    assertThat(a.status()).isEqualTo(429);
    assertThat(a.headers().get("Retry-After")).isNull();
    assertThat(a.headers().get("X-RateLimit-Reset")).isNull();
  }

  @Test
  void forced500_onceThenSuccess_andGlobStarStar() {
    client.post(
        "/_sandbox/faults",
        Map.of("kind", "http_status", "path", "/rest/api/**", "status", 500),
        null);

    int first = client.get("/rest/api/3/myself", jira.bot()).status();
    int second = client.get("/rest/api/3/myself", jira.bot()).status();

    assertThat(List.of(first, second)).containsExactly(500, 200);
  }

  @Test
  void delay_slowsTheMatchingCall() {
    client.post(
        "/_sandbox/faults",
        Map.of("kind", "http_delay", "path", "/rest/api/3/myself", "delayMillis", 300),
        null);

    long t0 = System.nanoTime();
    int status = client.get("/rest/api/3/myself", jira.bot()).status();
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(status).isEqualTo(200);
    assertThat(millis).isGreaterThanOrEqualTo(300);
  }

  @Test
  void badFault_is400_andNothingAdded() {
    ValidatingClient.Answer noKind = client.post("/_sandbox/faults", Map.of("status", 429), null);
    ValidatingClient.Answer badStatus =
        client.post("/_sandbox/faults", Map.of("kind", "http_status", "status", 200), null);
    ValidatingClient.Answer badKind =
        client.post("/_sandbox/faults", Map.of("kind", "explode"), null);

    assertThat(List.of(noKind.status(), badStatus.status(), badKind.status())).containsOnly(400);
    assertThat(client.get("/_sandbox/faults", null).json()).isEmpty();
  }

  @Test
  void requestLog_recordsWhatWasCalled_filteredByPathGlob() {
    String key = jira.raiseRequest(jira.customers().get(0), "General question", "Log", null, null);
    client.get("/rest/api/3/issue/" + key, jira.bot());
    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "hi", "public", false),
        jira.bot());

    JsonNode all = client.get("/_sandbox/requests", null).json();
    JsonNode comments =
        client
            .get("/_sandbox/requests?method=POST&path=/rest/servicedeskapi/request/*/comment", null)
            .json();

    assertThat(all).hasSize(2);
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).get("status").asInt()).isEqualTo(201);
    assertThat(comments.get(0).get("accountId").asText()).isEqualTo(jira.bot().accountId());
    assertThat(comments.get(0).get("body").asText()).contains("\"public\":false");
  }

  @Test
  void reset_forgetsRequestsAndWebhooks() {
    jira.raiseRequest(jira.customers().get(0), "General question", "Gone", null, null);
    jira.registerWebhook("http://127.0.0.1:9/x", List.of("comment_created"), null);

    client.post("/_sandbox/reset", null, null);
    JsonNode info = client.get("/_sandbox/info", null).json();

    assertThat(info.get("issues").asInt()).isZero();
    assertThat(info.get("webhooks").asInt()).isZero();
    assertThat(jira.raiseRequest(jira.customers().get(0), "General question", "Again", null, null))
        .isEqualTo("SD-1");
  }

  @Test
  void health_andAccounts_answerWithoutAuth() {
    JsonNode health = client.get("/health", null).json();
    JsonNode customers = client.get("/_sandbox/accounts?type=customer", null).json();
    JsonNode agents = client.get("/_sandbox/accounts?type=agent", null).json();

    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(customers.size()).isEqualTo(jira.customers().size());
    assertThat(customers.get(0).get("authorization").asText()).startsWith("Basic ");
    assertThat(agents.findValuesAsText("username"))
        .containsExactly("admin", "agent", "ai-assistant");
  }

  @Test
  void commentVisibilityFlip_internalNoteIsStoredPublic_reReadShowsIt() {
    String key = jira.raiseRequest(jira.customers().get(0), "General question", "Flip", null, null);
    jira.injectFault(Fault.commentVisibilityFlip("/rest/servicedeskapi/request/*/comment", 1));
    String path = "/rest/servicedeskapi/request/" + key + "/comment";

    JsonNode written =
        client.post(path, Map.of("body", "internal only", "public", false), jira.bot()).json();
    JsonNode reread = client.get(path + "/" + written.get("id").asText(), jira.bot()).json();
    JsonNode next = client.post(path, Map.of("body", "second", "public", false), jira.bot()).json();

    assertThat(written.get("public").asBoolean()).isTrue();
    assertThat(reread.get("public").asBoolean()).isTrue();
    assertThat(jira.customerView(key)).extracting(c -> c.body()).containsExactly("internal only");
    assertThat(next.get("public").asBoolean()).isFalse();
  }

  @Test
  void postWithoutJsonContentType_is415() throws Exception {
    okhttp3.Request req =
        new okhttp3.Request.Builder()
            .url(jira.baseUrl() + "/rest/servicedeskapi/request")
            .header("Authorization", jira.bot().authorization())
            .post(okhttp3.RequestBody.create("summary=x", okhttp3.MediaType.get("text/plain")))
            .build();

    try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(415);
    }
  }

  @Test
  void unknownRestPath_is404WithJiraErrorShape() {
    ValidatingClient.Answer a = client.get("/rest/api/3/nothing/here", jira.bot());

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().has("errorMessages")).isTrue();
  }
}

package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.web.LoopbackJiraAuthServer;
import com.jsmai.plugin.web.UiStack;
import com.jsmai.sandbox.SandboxAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel's API over loopback HTTP: who may see what, and the suggestion round trip. */
class PanelHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static UiStack stack;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    stack = new UiStack(dir);
    SandboxAccount customer = stack.jira.customers().get(0);
    key =
        stack.jira.raiseRequest(
            customer,
            "Where is my order?",
            "Parcel is late",
            "Order #W2378156 has not arrived yet.",
            "#W2378156");
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  HttpClient browser() {
    return PanelHttp.browser();
  }

  HttpResponse<String> get(HttpClient http, String url, String bearer) throws Exception {
    return PanelHttp.get(http, url, bearer);
  }

  HttpResponse<String> post(HttpClient http, String url, String bearer, String csrf, String body)
      throws Exception {
    return PanelHttp.post(http, url, bearer, csrf, body);
  }

  String api(String k, String path) {
    return stack.baseUrl() + "/panel/api/" + k + path;
  }

  /** Follows the Data Center sign-in: panel -> start -> provider -> callback -> panel. */
  HttpResponse<String> signIn(HttpClient http, String user) throws Exception {
    stack.auth.signInAs(user);
    String url = stack.baseUrl() + "/panel?issueKey=" + key + "&flavor=dc";
    HttpResponse<String> r = get(http, url, null);
    for (int i = 0; i < 6 && r.statusCode() == 302; i++) {
      URI next = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow());
      url = next.toString();
      r = get(http, url, null);
    }
    return r;
  }

  static String csrfOf(String page) {
    Matcher m = Pattern.compile("data-csrf=\"([^\"]*)\"").matcher(page);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void brief_forgedForgeToken_signInAgainWithoutTicketData() throws Exception {
    String forged = LoopbackJiraAuthServer.forgedToken(key, "attacker");

    HttpResponse<String> r = get(browser(), api(key, "/brief"), forged);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("sign_in_again");
    assertThat(r.body()).doesNotContain("Parcel is late").doesNotContain("W2378156");
  }

  @Test
  void brief_expiredForgeToken_signInAgain() throws Exception {
    String expired = stack.auth.forgeToken(key, "acc-1", Instant.now().minusSeconds(3600));

    HttpResponse<String> r = get(browser(), api(key, "/brief"), expired);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("token expired");
  }

  @Test
  void brief_forgeTokenForAnotherIssue_refused() throws Exception {
    String other = stack.auth.forgeToken("SD-999", "acc-1", Instant.now().plusSeconds(300));

    HttpResponse<String> r = get(browser(), api(key, "/brief"), other);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).doesNotContain("Parcel is late");
  }

  @Test
  void brief_validForgeToken_showsSummaryAndMemoryFacts() throws Exception {
    String token = stack.auth.forgeToken(key, "acc-1", Instant.now().plusSeconds(300));

    HttpResponse<String> r = get(browser(), api(key, "/brief"), token);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.path("summary").asText()).contains("Parcel is late");
    assertThat(b.path("facts").toString()).contains("#W2378156");
    assertThat(b.path("mode").asText()).isEqualTo("suggest");
  }

  @Test
  void forgeRemote_withoutConfiguredSite_503WithoutTicketData() throws Exception {
    String token = stack.auth.forgeToken(key, "acc-1", Instant.now().plusSeconds(300));

    HttpResponse<String> r =
        post(
            browser(),
            stack.baseUrl() + "/forge/panel",
            token,
            null,
            "{\"call\":{\"functionKey\":\"brief\",\"payload\":{}}}");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).doesNotContain("Parcel");
  }

  @Test
  void brief_noCredentials_signInAgain() throws Exception {
    HttpResponse<String> r = get(browser(), api(key, "/brief"), null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("Parcel");
  }

  @Test
  void dataCenterSignIn_agent_seesBriefWithPkceCheckedByProvider() throws Exception {
    HttpClient http = browser();

    HttpResponse<String> page = signIn(http, "agent");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-issue=\"" + key + "\"");
    assertThat(stack.auth.refusals).isEmpty();
    HttpResponse<String> brief = get(http, api(key, "/brief"), null);
    assertThat(brief.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(brief.body()).path("agent").asText()).isEqualTo("Alex Agent");
  }

  @Test
  void dataCenterSignIn_customerWhoCannotSeeIssue_getsNoData() throws Exception {
    HttpClient http = browser();
    signIn(http, stack.jira.customers().get(1).username());

    HttpResponse<String> brief = get(http, api(key, "/brief"), null);

    assertThat(brief.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(brief.body()).path("error").asText()).isEqualTo("not_visible");
    assertThat(brief.body()).doesNotContain("Parcel");
  }

  @Test
  void oauthCallback_unknownState_refused() throws Exception {
    HttpResponse<String> r =
        get(browser(), stack.baseUrl() + "/panel/oauth/callback?code=x&state=forged", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown or expired sign-in attempt");
  }

  @Test
  void insert_sessionWithoutCsrfToken_refusedAndNothingPosted() throws Exception {
    HttpClient http = browser();
    signIn(http, "agent");

    HttpResponse<String> r =
        post(http, api(key, "/insert"), null, null, "{\"body\":\"hi\",\"public\":true}");

    assertThat(r.statusCode()).isEqualTo(403);
    // not a count: the pipeline's own suggest-mode draft may land on this ticket meanwhile
    assertThat(stack.jira.thread(key)).noneMatch(c -> c.body().strip().startsWith("hi"));
  }

  @Test
  void suggestInsertRate_roundTrip_streamsToolCallAndRecordsFeedback() throws Exception {
    HttpClient http = browser();
    HttpResponse<String> page = signIn(http, "agent");
    String csrf = csrfOf(page.body());

    HttpResponse<String> sse = post(http, api(key, "/suggest"), null, csrf, "{}");

    assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    assertThat(sse.body())
        .contains("event: tool")
        .contains("query_order_status")
        .contains("event: delta")
        .contains("event: done");
    Matcher done = Pattern.compile("event: done\ndata: (.*)\n").matcher(sse.body());
    assertThat(done.find()).isTrue();
    JsonNode d = JSON.readTree(done.group(1));
    assertThat(d.path("text").asText()).contains("#W2378156 has shipped");
    String id = d.path("suggestionId").asText();

    String edited = d.path("text").asText() + " Kind regards, Alex";
    HttpResponse<String> ins =
        post(
            http,
            api(key, "/insert"),
            null,
            csrf,
            JSON.createObjectNode()
                .put("suggestionId", id)
                .put("body", edited)
                .put("public", true)
                .toString());
    HttpResponse<String> rate =
        post(
            http,
            api(key, "/feedback"),
            null,
            csrf,
            JSON.createObjectNode()
                .put("suggestionId", id)
                .put("rating", 1)
                .put("reason", "accurate")
                .toString());

    assertThat(ins.statusCode()).isEqualTo(200);
    assertThat(rate.statusCode()).isEqualTo(200);
    assertThat(stack.jira.customerView(key)).anyMatch(c -> c.body().contains("Kind regards, Alex"));
    assertThat(stack.jira.thread(key))
        .filteredOn(c -> c.body().contains("Kind regards, Alex"))
        .allSatisfy(c -> assertThat(c.authorId()).isEqualTo(stack.jira.agent().accountId()));
    FeedbackStore.Row row = stack.feedback.find(id).orElseThrow();
    assertThat(row.insertedAs()).isEqualTo("public");
    assertThat(row.edited()).isTrue();
    assertThat(row.rating()).isEqualTo(1);
    assertThat(stack.feedback.stats())
        .anyMatch(s -> s.serviceDeskId().equals("1") && s.inserted() >= 1);
    assertThat(stack.feedback.exportJsonl(k -> null))
        .contains("\"agent_edited\":true")
        .contains("Kind regards, Alex");
  }

  @Test
  void insert_internalNote_visibleToAgentsOnlyAndAuthoredByTheAgent() throws Exception {
    HttpClient http = browser();
    String csrf = csrfOf(signIn(http, "agent").body());

    HttpResponse<String> r =
        post(
            http,
            api(key, "/insert"),
            null,
            csrf,
            "{\"body\":\"Checked the warehouse, parcel WH-7 is delayed\",\"public\":false}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("public").asBoolean()).isFalse();
    assertThat(JSON.readTree(r.body()).path("author").asText()).isEqualTo("agent");
    // posted with the agent's own OAuth 2.0 token: Jira records the agent, not the assistant
    assertThat(stack.jira.thread(key))
        .filteredOn(c -> c.body().contains("WH-7"))
        .singleElement()
        .satisfies(c -> assertThat(c.authorId()).isEqualTo(stack.jira.agent().accountId()));
    assertThat(stack.jira.customerView(key)).noneMatch(c -> c.body().contains("WH-7"));
  }

  @Test
  void suggest_slowModel_firstTextReachesTheAgentLongBeforeTheAnswerEnds() throws Exception {
    String other =
        stack.jira.raiseRequest(
            stack.jira.customers().get(9),
            "General question",
            "Gift wrap",
            "Do you gift wrap?",
            null);
    String token = stack.auth.forgeToken(other, "acc-1", Instant.now().plusSeconds(300));
    stack.model.slow = true;
    try {
      long start = System.nanoTime();
      HttpResponse<java.util.stream.Stream<String>> r =
          browser()
              .send(
                  HttpRequest.newBuilder(URI.create(api(other, "/suggest")))
                      .header("Authorization", "Bearer " + token)
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
      long[] firstDelta = {-1};
      long[] done = {-1};
      r.body()
          .forEach(
              line -> {
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (line.equals("event: delta") && firstDelta[0] < 0) firstDelta[0] = ms;
                if (line.equals("event: done")) done[0] = ms;
              });

      assertThat(firstDelta[0]).isGreaterThanOrEqualTo(0);
      assertThat(done[0]).isGreaterThan(firstDelta[0] + 1000);
    } finally {
      stack.model.slow = false;
    }
  }
}

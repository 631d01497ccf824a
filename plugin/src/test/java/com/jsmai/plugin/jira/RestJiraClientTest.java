package com.jsmai.plugin.jira;

import static com.jsmai.plugin.jira.JsmPayloads.CLOUD_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraConfig.Flavor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestJiraClientTest {
  private static final String TOKEN = "cloud-api-token-s3cr3t";
  private static final String PAT = "dc-personal-access-token-s3cr3t";
  private static final Instant NOW = Instant.parse("2026-11-21T18:00:00Z");

  private FakeJira jira;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() throws Exception {
    jira = new FakeJira();
  }

  @AfterEach
  void stop() throws Exception {
    jira.close();
  }

  private JiraClient cloud() {
    return client(Flavor.CLOUD);
  }

  private JiraClient dataCenter() {
    return client(Flavor.DATACENTER);
  }

  private JiraClient client(Flavor flavor) {
    JiraConfig config =
        new JiraConfig(
            flavor,
            URI.create(jira.baseUrl()),
            flavor == Flavor.CLOUD ? "bot@example.com" : null,
            flavor == Flavor.CLOUD ? Secret.of(TOKEN) : null,
            flavor == Flavor.DATACENTER ? Secret.of(PAT) : null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            3,
            Duration.ofSeconds(60));
    return JiraClients.create(config, sleeper, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void cloudTicketRoutes() {
    jira.on("GET /rest/api/3/issue/HELPDESK-1", 200, JsmPayloads.CLOUD_ISSUE)
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1",
            200,
            JsmPayloads.request("HELPDESK-1", JsmPayloads.CLOUD_REPORTER));
  }

  @Test
  void getTicket_cloud_joinsIssueAndRequestWithAdfAsPlainText() throws Exception {
    cloudTicketRoutes();

    Ticket t = cloud().getTicket("HELPDESK-1");

    assertThat(t.key()).isEqualTo("HELPDESK-1");
    assertThat(t.id()).isEqualTo("107001");
    assertThat(t.summary()).isEqualTo("Where is my order?");
    assertThat(t.description())
        .isEqualTo(
            "My order 1234567 has not arrived.\n\n- ordered on Monday\n- tracking (https://track.example.com/1)");
    assertThat(t.reporter().accountId()).isEqualTo(CLOUD_CUSTOMER);
    assertThat(t.reporter().isCustomer()).isTrue();
    assertThat(t.reporter().email()).isEqualTo("fred@example.com");
    assertThat(t.serviceDeskId()).isEqualTo("10");
    assertThat(t.requestTypeId()).isEqualTo("25");
    assertThat(t.requestTypeName()).isEqualTo("Where is my order?");
    assertThat(t.status()).isEqualTo("Waiting for Support");
    assertThat(t.fieldValues())
        .containsEntry("customfield_10050", "1234567")
        .containsEntry("customfield_10051", "Web shop")
        .containsEntry("description", "I need my *order*");
    assertThat(t.created()).isEqualTo(Instant.ofEpochMilli(1444290120000L));
    RecordedRequest first = jira.server.takeRequest();
    assertThat(first.getHeader("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("bot@example.com", TOKEN));
  }

  @Test
  void getTicket_dataCenter_usesV2WikiMarkupAndBearerToken() throws Exception {
    jira.on("GET /rest/api/2/issue/SD-7", 200, JsmPayloads.DC_ISSUE)
        .on(
            "GET /rest/servicedeskapi/request/SD-7",
            200,
            JsmPayloads.request("SD-7", JsmPayloads.DC_REPORTER));

    Ticket t = dataCenter().getTicket("SD-7");

    assertThat(t.description())
        .isEqualTo("Please refund order 7654321.\nSee the receipt (https://shop.example.com/r/1).");
    assertThat(t.reporter().accountId()).isEqualTo("JIRAUSER10200");
    assertThat(t.reporter().displayName()).isEqualTo("Ana Customer");
    // The issue and the request are read in parallel: either may arrive first.
    RecordedRequest a = jira.server.takeRequest();
    RecordedRequest b = jira.server.takeRequest();
    RecordedRequest issue = a.getPath().startsWith("/rest/api/2/issue/") ? a : b;
    assertThat(issue.getPath()).startsWith("/rest/api/2/issue/SD-7?");
    assertThat(issue.getHeader("Authorization")).isEqualTo("Bearer " + PAT);
    assertThat(List.of(a, b)).allMatch(r -> ("Bearer " + PAT).equals(r.getHeader("Authorization")));
  }

  @Test
  void getTicket_notAJsmRequest_keepsPlatformFields() {
    jira.on("GET /rest/api/3/issue/HELPDESK-1", 200, JsmPayloads.CLOUD_ISSUE);

    Ticket t = cloud().getTicket("HELPDESK-1");

    assertThat(t.serviceDeskId()).isNull();
    assertThat(t.status()).isEqualTo("Waiting for support");
    assertThat(t.reporter().accountId()).isEqualTo(CLOUD_CUSTOMER);
  }

  @Test
  void getComments_twoPages_returnsWholeThreadWithVisibility() throws Exception {
    jira.first(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment",
            FakeJira.json(
                200,
                JsmPayloads.commentPage(
                    0, false, JsmPayloads.comment("1000", "Hello *there*", true, 1000))))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment",
            200,
            JsmPayloads.commentPage(
                1, true, JsmPayloads.comment("1001", "Internal: check stock", false, 2000)));

    List<Comment> thread = cloud().getComments("HELPDESK-1");

    assertThat(thread).extracting(Comment::id).containsExactly("1000", "1001");
    assertThat(thread).extracting(Comment::isPublic).containsExactly(true, false);
    assertThat(thread.get(0).body()).isEqualTo("Hello there");
    assertThat(thread.get(1).created()).isEqualTo(Instant.ofEpochMilli(2000));
    RecordedRequest p1 = jira.server.takeRequest();
    RecordedRequest p2 = jira.server.takeRequest();
    assertThat(p1.getRequestUrl().queryParameter("internal")).isEqualTo("true");
    assertThat(p1.getRequestUrl().queryParameter("start")).isEqualTo("0");
    assertThat(p2.getRequestUrl().queryParameter("start")).isEqualTo("1");
  }

  @Test
  void addComment_internalNote_postsPublicFalseAndReturnsReRead() throws Exception {
    jira.on(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            201,
            JsmPayloads.comment("2001", "Checked the warehouse", false, 5000))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment/2001",
            200,
            JsmPayloads.comment("2001", "Checked the warehouse", false, 5000));

    Comment c = cloud().addComment("HELPDESK-1", "Checked the warehouse", false);

    assertThat(c.id()).isEqualTo("2001");
    assertThat(c.isPublic()).isFalse();
    RecordedRequest post = jira.server.takeRequest();
    assertThat(new ObjectMapper().readTree(post.getBody().readUtf8()))
        .isEqualTo(
            new ObjectMapper().readTree("{\"body\":\"Checked the warehouse\",\"public\":false}"));
    assertThat(jira.server.takeRequest().getMethod()).isEqualTo("GET");
  }

  @Test
  void addComment_jsmStoredInternalNoteAsPublic_deletesItAndFailsClosed() throws Exception {
    jira.on(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            201,
            JsmPayloads.comment("2002", "internal only", true, 5000))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment/2002",
            200,
            JsmPayloads.comment("2002", "internal only", true, 5000))
        .on("DELETE /rest/api/3/issue/HELPDESK-1/comment/2002", 204, "");

    assertThatThrownBy(() -> cloud().addComment("HELPDESK-1", "internal only", false))
        .isInstanceOfSatisfying(
            VisibilityMismatchException.class,
            e -> {
              assertThat(e.deleted()).isTrue();
              assertThat(e.commentId()).isEqualTo("2002");
            });
    assertThat(jira.requests()).extracting(RecordedRequest::getMethod).contains("DELETE");
  }

  @Test
  void addComment_publicReplyStoredInternal_failsClosedWithoutDeleting() {
    jira.on(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            201,
            JsmPayloads.comment("2003", "hi", false, 5000))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment/2003",
            200,
            JsmPayloads.comment("2003", "hi", false, 5000));

    assertThatThrownBy(() -> cloud().addComment("HELPDESK-1", "hi", true))
        .isInstanceOf(VisibilityMismatchException.class);
    assertThat(jira.requests()).extracting(RecordedRequest::getMethod).doesNotContain("DELETE");
  }

  @Test
  void issueProperty_roundTripAndMissingIsEmpty() throws Exception {
    jira.on("PUT /rest/api/3/issue/HELPDESK-1/properties/jsmai.state", 200, "")
        .on(
            "GET /rest/api/3/issue/HELPDESK-1/properties/jsmai.state",
            200,
            "{\"key\":\"jsmai.state\",\"value\":{\"paused\":true}}");
    JiraClient c = cloud();

    c.setIssueProperty(
        "HELPDESK-1", "jsmai.state", JsonNodeFactory.instance.objectNode().put("paused", true));
    Optional<com.fasterxml.jackson.databind.JsonNode> read =
        c.getIssueProperty("HELPDESK-1", "jsmai.state");
    Optional<com.fasterxml.jackson.databind.JsonNode> missing =
        c.getIssueProperty("HELPDESK-1", "other");

    assertThat(read).hasValueSatisfying(v -> assertThat(v.path("paused").asBoolean()).isTrue());
    assertThat(missing).isEmpty();
    assertThat(jira.server.takeRequest().getBody().readUtf8()).isEqualTo("{\"paused\":true}");
  }

  @Test
  void setIssueProperty_over32768Chars_rejectedBeforeSending() {
    var big = JsonNodeFactory.instance.objectNode().put("x", "a".repeat(40_000));

    assertThatThrownBy(() -> cloud().setIssueProperty("HELPDESK-1", "k", big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32768");
    assertThat(jira.requests()).isEmpty();
  }

  @Test
  void myself_cloudAndDataCenter_mapTheirIds() {
    jira.on("GET /rest/api/3/myself", 200, JsmPayloads.CLOUD_MYSELF)
        .on("GET /rest/api/2/myself", 200, JsmPayloads.DC_MYSELF);

    assertThat(cloud().myself().accountId()).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
    assertThat(cloud().myself().type()).isEqualTo("atlassian");
    assertThat(dataCenter().myself().accountId()).isEqualTo("JIRAUSER10000");
  }

  @Test
  void recentRequestsOf_usesJqlSearchPerFlavour() throws Exception {
    jira.on("GET /rest/api/3/search/jql", 200, JsmPayloads.SEARCH)
        .on("GET /rest/api/2/search", 200, JsmPayloads.SEARCH);

    List<Ticket> cloudTickets = cloud().recentRequestsOf(CLOUD_CUSTOMER, 5);
    List<Ticket> dcTickets = dataCenter().recentRequestsOf("ana", 5);

    assertThat(cloudTickets).extracting(Ticket::key).containsExactly("HELPDESK-2", "HELPDESK-1");
    assertThat(dcTickets).hasSize(2);
    RecordedRequest r = jira.server.takeRequest();
    assertThat(r.getRequestUrl().queryParameter("jql"))
        .isEqualTo("reporter = \"" + CLOUD_CUSTOMER + "\" ORDER BY created DESC");
    assertThat(r.getRequestUrl().queryParameter("maxResults")).isEqualTo("5");
  }

  @Test
  void transition_byNameWithNote_postsIdThenInternalNote() throws Exception {
    jira.on("GET /rest/api/3/issue/HELPDESK-1/transitions", 200, JsmPayloads.TRANSITIONS)
        .on("POST /rest/api/3/issue/HELPDESK-1/transitions", 204, "")
        .on(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            201,
            JsmPayloads.comment("3001", "escalated by AI", false, 1))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment/3001",
            200,
            JsmPayloads.comment("3001", "escalated by AI", false, 1));

    cloud().transition("HELPDESK-1", "escalate", "escalated by AI");

    List<RecordedRequest> rs = jira.requests();
    assertThat(rs.get(1).getBody().clone().readUtf8())
        .isEqualTo("{\"transition\":{\"id\":\"31\"}}");
    assertThat(rs.get(2).getBody().clone().readUtf8()).contains("\"public\":false");
  }

  @Test
  void transition_unknownName_listsAvailable() {
    jira.on("GET /rest/api/3/issue/HELPDESK-1/transitions", 200, JsmPayloads.TRANSITIONS);

    assertThatThrownBy(() -> cloud().transition("HELPDESK-1", "Close", null))
        .hasMessageContaining("Close")
        .hasMessageContaining("Resolve this issue");
  }

  @Test
  void setPriorityAndAddLabels_sendFieldAndUpdateBodies() throws Exception {
    jira.on("PUT /rest/api/2/issue/SD-7", 204, "");
    JiraClient c = dataCenter();

    c.setPriority("SD-7", "High");
    c.addLabels("SD-7", List.of("ai-handled", "order"));

    assertThat(jira.server.takeRequest().getBody().readUtf8())
        .isEqualTo("{\"fields\":{\"priority\":{\"name\":\"High\"}}}");
    assertThat(jira.server.takeRequest().getBody().readUtf8())
        .isEqualTo("{\"update\":{\"labels\":[{\"add\":\"ai-handled\"},{\"add\":\"order\"}]}}");
  }

  @Test
  void createLinkedRequest_raisesOnBehalfOfReporterAndLinks() throws Exception {
    cloudTicketRoutes();
    jira.on(
            "POST /rest/servicedeskapi/request",
            201,
            JsmPayloads.request("HELPDESK-9", JsmPayloads.CLOUD_REPORTER))
        .on("POST /rest/api/3/issueLink", 201, "")
        .on(
            "GET /rest/api/3/issue/HELPDESK-9",
            200,
            JsmPayloads.CLOUD_ISSUE.replace("HELPDESK-1", "HELPDESK-9"))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-9",
            200,
            JsmPayloads.request("HELPDESK-9", JsmPayloads.CLOUD_REPORTER));

    Ticket t =
        cloud().createLinkedRequest("HELPDESK-1", "10", "26", "Refund", "Refund order 1234567");

    assertThat(t.key()).isEqualTo("HELPDESK-9");
    var create = new ObjectMapper().readTree(jira.requests().get(1).getBody().clone().readUtf8());
    assertThat(create.path("raiseOnBehalfOf").asText()).isEqualTo(CLOUD_CUSTOMER);
    assertThat(create.path("requestFieldValues").path("summary").asText()).isEqualTo("Refund");
    var link = new ObjectMapper().readTree(jira.requests().get(2).getBody().clone().readUtf8());
    assertThat(link.path("inwardIssue").path("key").asText()).isEqualTo("HELPDESK-9");
    assertThat(link.path("outwardIssue").path("key").asText()).isEqualTo("HELPDESK-1");
  }

  @Test
  void errors_carryStatusAndJiraMessageButNoCredentials() {
    jira.on(
        "GET /rest/api/3/issue/HELPDESK-404",
        403,
        "{\"errorMessages\":[\"You do not have the permission to see the specified issue.\"],\"errors\":{}}");
    JiraClient c = cloud();

    assertThatThrownBy(() -> c.getTicket("HELPDESK-404"))
        .isInstanceOfSatisfying(
            JiraClient.JiraException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("permission")
        .message()
        .doesNotContain(TOKEN);
    assertThat(c.toString()).doesNotContain(TOKEN);
  }

  // ---- 429 / 503 ----

  @Test
  void rateLimited_retryAfterSeconds_waitsThatLong() {
    jira.first(
            "GET /rest/api/3/myself",
            FakeJira.json(429, "{}")
                .setHeader("Retry-After", "7")
                .setHeader("X-RateLimit-Reset", "2026-11-21T18:30Z"))
        .on("GET /rest/api/3/myself", 200, JsmPayloads.CLOUD_MYSELF);

    assertThat(cloud().myself().displayName()).isEqualTo("AI assistant");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void rateLimited_onlyRateLimitReset_waitsUntilReset() {
    jira.first(
            "GET /rest/api/3/myself",
            FakeJira.json(429, "{}").setHeader("X-RateLimit-Reset", "2026-11-21T18:00:30Z"))
        .on("GET /rest/api/3/myself", 200, JsmPayloads.CLOUD_MYSELF);

    cloud().myself();

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void rateLimited_minutePrecisionReset_parsed() {
    jira.first(
            "GET /rest/api/3/myself",
            FakeJira.json(429, "{}").setHeader("X-RateLimit-Reset", "2026-11-21T18:01Z"))
        .on("GET /rest/api/3/myself", 200, JsmPayloads.CLOUD_MYSELF);

    cloud().myself();

    assertThat(sleeper.waits).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void rateLimited_noHeaders_exponentialBackoffWithJitter() {
    jira.first("GET /rest/api/3/myself", FakeJira.json(429, "{}"))
        .first("GET /rest/api/3/myself", FakeJira.json(429, "{}"))
        .on("GET /rest/api/3/myself", 200, JsmPayloads.CLOUD_MYSELF);

    cloud().myself();

    assertThat(sleeper.waits).hasSize(2);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void unavailable503_withRetryAfter_retriesEvenAPost() {
    jira.first(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            FakeJira.json(503, "{}").setHeader("Retry-After", "2"))
        .on(
            "POST /rest/servicedeskapi/request/HELPDESK-1/comment",
            201,
            JsmPayloads.comment("4001", "hi", true, 1))
        .on(
            "GET /rest/servicedeskapi/request/HELPDESK-1/comment/4001",
            200,
            JsmPayloads.comment("4001", "hi", true, 1));

    assertThat(cloud().addComment("HELPDESK-1", "hi", true).id()).isEqualTo("4001");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void rateLimited_retryAfterBeyondMaxWait_failsWithoutWaiting() {
    jira.on("GET /rest/api/3/myself", 429, "{}");
    jira.first("GET /rest/api/3/myself", FakeJira.json(429, "{}").setHeader("Retry-After", "3600"));

    assertThatThrownBy(() -> cloud().myself())
        .isInstanceOfSatisfying(
            JiraClient.JiraException.class, e -> assertThat(e.status()).isEqualTo(429))
        .hasMessageContaining("maxRetryWait");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void rateLimited_everyTime_givesUpAfterMaxRetries() {
    jira.on("GET /rest/api/3/myself", 429, "{}");

    assertThatThrownBy(() -> cloud().myself()).isInstanceOf(JiraClient.JiraException.class);
    assertThat(sleeper.waits).hasSize(3);
    assertThat(jira.requests()).hasSize(4);
  }

  @Test
  void missingCredentials_clearError() {
    JiraConfig noToken =
        new JiraConfig(
            Flavor.DATACENTER, URI.create(jira.baseUrl()), null, null, null, null, null, 1, null);

    assertThatThrownBy(() -> JiraClients.create(noToken))
        .hasMessageContaining("jira.personalAccessToken");
  }
}

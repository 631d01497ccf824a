package com.jsmai.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraConfig.Flavor;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every kind of request the client makes, for both flavours, checked against the official OpenAPI
 * documents (see {@link ContractValidator} for which spec covers which path, and the allow-list).
 */
@Tag("slow") // loads the 400-path Cloud platform spec: ~10-20 s
class JiraClientContractTest {

  @Test
  void everyRequest_cloud_conformsToOfficialSpecs() throws Exception {
    ContractValidator.assumeContracts();
    try (FakeJira jira = new FakeJira()) {
      routes(
          jira,
          "3",
          "HELPDESK-1",
          JsmPayloads.CLOUD_ISSUE,
          JsmPayloads.CLOUD_REPORTER,
          JsmPayloads.CLOUD_MYSELF);
      jira.on("GET /rest/api/3/search/jql", 200, JsmPayloads.SEARCH);
      JiraClient c =
          JiraClients.create(
              new JiraConfig(
                  Flavor.CLOUD,
                  URI.create(jira.baseUrl()),
                  "bot@example.com",
                  Secret.of("t"),
                  null,
                  null,
                  null,
                  0,
                  null),
              new RecordingSleeper(),
              Clock.systemUTC());

      exercise(c, "HELPDESK-1");

      List<RecordedRequest> sent = jira.requests();
      assertThat(sent).hasSizeGreaterThanOrEqualTo(15);
      assertThat(ContractValidator.violations(sent)).isEmpty();
    }
  }

  @Test
  void everyRequest_dataCenter_conformsToOfficialSpecs() throws Exception {
    ContractValidator.assumeContracts();
    try (FakeJira jira = new FakeJira()) {
      routes(
          jira, "2", "SD-7", JsmPayloads.DC_ISSUE, JsmPayloads.DC_REPORTER, JsmPayloads.DC_MYSELF);
      jira.on("GET /rest/api/2/search", 200, JsmPayloads.SEARCH);
      JiraClient c =
          JiraClients.create(
              new JiraConfig(
                  Flavor.DATACENTER,
                  URI.create(jira.baseUrl()),
                  null,
                  null,
                  Secret.of("pat"),
                  null,
                  null,
                  0,
                  null),
              new RecordingSleeper(),
              Clock.systemUTC());

      exercise(c, "SD-7");

      List<RecordedRequest> sent = jira.requests();
      assertThat(sent)
          .extracting(r -> r.getRequestUrl().encodedPath())
          .noneMatch(p -> p.startsWith("/rest/api/3/"));
      assertThat(ContractValidator.violations(sent)).isEmpty();
    }
  }

  @Test
  void validator_catchesAMalformedRequest() throws Exception {
    ContractValidator.assumeContracts();
    try (FakeJira jira = new FakeJira()) {
      jira.on("POST /rest/servicedeskapi/request/SD-1/comment", 201, "{}");
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      // "public" must be a boolean in CommentCreateDTO: a validator that accepts this is useless.
      http.newCall(
              new okhttp3.Request.Builder()
                  .url(jira.baseUrl() + "/rest/servicedeskapi/request/SD-1/comment")
                  .post(
                      okhttp3.RequestBody.create(
                          "{\"body\":\"x\",\"public\":\"yes\"}",
                          okhttp3.MediaType.get("application/json")))
                  .build())
          .execute()
          .close();

      assertThat(ContractValidator.violations(jira.requests())).hasSize(1);
    }
  }

  private static void routes(
      FakeJira jira, String v, String key, String issue, String reporter, String myself) {
    String api = "/rest/api/" + v;
    String sd = "/rest/servicedeskapi/request/" + key;
    jira.on("GET " + api + "/issue/" + key, 200, issue)
        .on("GET " + sd, 200, JsmPayloads.request(key, reporter))
        .on(
            "GET " + sd + "/comment",
            200,
            JsmPayloads.commentPage(0, true, JsmPayloads.comment("1", "hi", true, 1)))
        .on("POST " + sd + "/comment", 201, JsmPayloads.comment("2", "note", false, 2))
        .on("GET " + sd + "/comment/2", 200, JsmPayloads.comment("2", "note", false, 2))
        .on("GET " + sd + "/comment/1", 200, JsmPayloads.comment("1", "hi", true, 1))
        .on("PUT " + api + "/issue/" + key + "/properties/jsmai.state", 200, "")
        .on(
            "GET " + api + "/issue/" + key + "/properties/jsmai.state",
            200,
            "{\"key\":\"jsmai.state\",\"value\":{}}")
        .on("PUT " + api + "/comment/2/properties/jsmai.generated", 200, "")
        .on("GET " + api + "/myself", 200, myself)
        .on("GET " + api + "/issue/" + key + "/transitions", 200, JsmPayloads.TRANSITIONS)
        .on("POST " + api + "/issue/" + key + "/transitions", 204, "")
        .on("PUT " + api + "/issue/" + key, 204, "")
        .on("POST /rest/servicedeskapi/request", 201, JsmPayloads.request(key, reporter))
        .on("POST " + api + "/issueLink", 201, "");
  }

  private static void exercise(JiraClient c, String key) {
    var json = JsonNodeFactory.instance;
    c.getTicket(key);
    c.getComments(key);
    c.getComment(key, "1");
    c.addComment(key, "note", false);
    c.setIssueProperty(key, "jsmai.state", json.objectNode().put("paused", false));
    c.getIssueProperty(key, "jsmai.state");
    c.setCommentProperty(key, "2", "jsmai.generated", json.objectNode().put("runId", "r1"));
    c.myself();
    c.recentRequestsOf("someone", 5);
    c.transition(key, "Escalate", "note");
    c.setPriority(key, "High");
    c.addLabels(key, List.of("ai"));
    c.createLinkedRequest(key, "10", "25", "Follow-up", "details");
  }
}

package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The platform REST API ({@code /rest/api/2} on both flavours, {@code /rest/api/3} on Cloud), every
 * exchange validated against the official Cloud platform or Data Center 10.3 document.
 */
class PlatformContractTest {
  @RegisterExtension static final ContractSandboxes SANDBOXES = new ContractSandboxes();

  /** Cloud v3, Cloud v2, Data Center v2. */
  static List<Arguments> apis() {
    return List.of(
        Arguments.of(Flavor.CLOUD, 3), Arguments.of(Flavor.CLOUD, 2), Arguments.of(Flavor.DC, 2));
  }

  private JsmSandbox jira;
  private ValidatingClient client;
  private String api;
  private String key;
  private SandboxAccount customer;

  private void use(Flavor flavor, int version) {
    jira = SANDBOXES.use(flavor);
    client = SANDBOXES.client();
    api = "/rest/api/" + version;
    customer = jira.customers().get(0);
    key =
        jira.raiseRequest(
            customer,
            "Where is my order?",
            "Where is #W2378156?",
            "It has not arrived.\n\nPlease check.",
            "#W2378156");
  }

  /** A comment body as API {@code version} takes it: an ADF paragraph on v3, plain text on v2. */
  private static Object commentBody(int version, String text) {
    return version == 3
        ? Map.of(
            "type",
            "doc",
            "version",
            1,
            "content",
            List.of(
                Map.of(
                    "type", "paragraph", "content", List.of(Map.of("type", "text", "text", text)))))
        : text;
  }

  @ParameterizedTest
  @MethodSource("apis")
  void getIssue_descriptionIsAdfOnV3AndWikiOnV2(Flavor flavor, int version) {
    use(flavor, version);

    JsonNode issue =
        client.get(api + "/issue/" + key + "?expand=renderedFields,names", jira.agent()).json();

    JsonNode description = issue.get("fields").get("description");
    if (version == 3) {
      assertThat(description.get("type").asText()).isEqualTo("doc");
      assertThat(description.get("content")).hasSize(2);
    } else {
      assertThat(description.asText()).isEqualTo("It has not arrived.\n\nPlease check.");
    }
    assertThat(issue.get("key").asText()).isEqualTo(key);
    assertThat(issue.get("fields").get("customfield_10050").asText()).isEqualTo("#W2378156");
    assertThat(issue.get("fields").get("customfield_10010").get("requestType").get("name").asText())
        .isEqualTo("Where is my order?");
    assertThat(issue.get("fields").get("status").get("name").asText())
        .isEqualTo("Waiting for support");
    assertThat(issue.get("fields").get("reporter").get("emailAddress").asText())
        .isEqualTo(customer.email());
    assertThat(issue.get("renderedFields").get("description").asText()).contains("<p>");
    assertThat(issue.get("names").get("customfield_10050").asText()).isEqualTo("Order number");
  }

  @ParameterizedTest
  @MethodSource("apis")
  void getIssue_fieldsParameter_limitsFields(Flavor flavor, int version) {
    use(flavor, version);

    JsonNode issue =
        client.get(api + "/issue/" + key + "?fields=summary,status", jira.agent()).json();

    assertThat(issue.get("fields").size()).isEqualTo(2);
    assertThat(issue.get("fields").get("summary").asText()).isEqualTo("Where is #W2378156?");
  }

  @ParameterizedTest
  @MethodSource("apis")
  void getIssue_asCustomerOrUnknown_is404(Flavor flavor, int version) {
    use(flavor, version);

    assertThat(client.get(api + "/issue/" + key, customer).status()).isEqualTo(404);
    assertThat(client.get(api + "/issue/SD-999", jira.agent()).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void myself_returnsTheAuthenticatedAccount(Flavor flavor, int version) {
    use(flavor, version);

    JsonNode me = client.get(api + "/myself", jira.bot()).json();

    assertThat(me.get("displayName").asText()).isEqualTo("AI Assistant");
    if (flavor.isCloud()) {
      assertThat(me.get("accountId").asText()).isEqualTo(jira.bot().accountId());
      assertThat(me.get("accountType").asText()).isEqualTo("app");
    } else {
      assertThat(me.get("name").asText()).isEqualTo("ai-assistant");
      assertThat(me.get("key").asText()).isEqualTo(jira.bot().userKey());
    }
  }

  @ParameterizedTest
  @MethodSource("apis")
  void user_lookupByFlavourId_returnsEmailForAgents(Flavor flavor, int version) {
    use(flavor, version);
    String query =
        flavor.isCloud() ? "accountId=" + customer.accountId() : "username=" + customer.username();

    ValidatingClient.Answer byAgent = client.get(api + "/user?" + query, jira.bot());
    ValidatingClient.Answer unknown =
        client.get(
            api + "/user?" + (flavor.isCloud() ? "accountId=nope" : "username=nope"), jira.bot());

    assertThat(byAgent.status()).isEqualTo(200);
    assertThat(byAgent.json().get("emailAddress").asText()).isEqualTo(customer.email());
    assertThat(unknown.status()).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void issueProperty_putCreatesThenReplaces_getReturnsValue(Flavor flavor, int version) {
    use(flavor, version);
    String path = api + "/issue/" + key + "/properties/ai-assistant.state";

    ValidatingClient.Answer missing = client.get(path, jira.bot());
    int created = client.put(path, Map.of("mode", "auto", "replies", 1), jira.bot()).status();
    int replaced = client.put(path, Map.of("mode", "off"), jira.bot()).status();
    JsonNode value = client.get(path, jira.bot()).json();
    JsonNode keys = client.get(api + "/issue/" + key + "/properties", jira.bot()).json();

    assertThat(missing.status()).isEqualTo(404);
    assertThat(created).isEqualTo(201);
    assertThat(replaced).isEqualTo(200);
    assertThat(value.get("key").asText()).isEqualTo("ai-assistant.state");
    assertThat(value.get("value").get("mode").asText()).isEqualTo("off");
    assertThat(keys.get("keys").findValuesAsText("key")).containsExactly("ai-assistant.state");
    assertThat(jira.issueProperty(key, "ai-assistant.state").orElseThrow().get("mode").asText())
        .isEqualTo("off");
  }

  @ParameterizedTest
  @MethodSource("apis")
  void issueProperty_tooLargeOrEmpty_is400AndKeepsOldValue(Flavor flavor, int version) {
    use(flavor, version);
    String path = api + "/issue/" + key + "/properties/big";
    client.put(path, Map.of("v", 1), jira.bot());

    int tooLarge = client.put(path, Map.of("v", "x".repeat(33_000)), jira.bot()).status();
    int empty = client.unvalidated().send("PUT", path, "", jira.bot().authorization()).status();

    assertThat(tooLarge).isEqualTo(400);
    assertThat(empty).isEqualTo(400);
    assertThat(jira.issueProperty(key, "big").orElseThrow().get("v").asInt()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void commentProperty_putThenGet_tagsTheComment(Flavor flavor, int version) {
    use(flavor, version);
    String commentId = jira.addComment(key, jira.bot(), "Your order ships today.", true);
    String path = api + "/comment/" + commentId + "/properties/ai-assistant.generated";

    int created = client.put(path, Map.of("runId", "r-1"), jira.bot()).status();
    JsonNode value = client.get(path, jira.bot()).json();
    int wrongPath =
        client
            .unvalidated()
            .put(
                api + "/issue/" + key + "/comment/" + commentId + "/properties/x",
                Map.of("a", 1),
                jira.bot())
            .status();

    assertThat(created).isEqualTo(201);
    assertThat(value.get("value").get("runId").asText()).isEqualTo("r-1");
    assertThat(jira.commentProperty(commentId, "ai-assistant.generated")).isPresent();
    assertThat(wrongPath).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void editIssue_setsPriorityAndAddsLabels(Flavor flavor, int version) {
    use(flavor, version);
    client.put(
        api + "/issue/" + key, Map.of("fields", Map.of("labels", List.of("existing"))), jira.bot());

    int status =
        client
            .put(
                api + "/issue/" + key,
                Map.of(
                    "fields", Map.of("priority", Map.of("name", "High")),
                    "update", Map.of("labels", List.of(Map.of("add", "ai-handled")))),
                jira.bot())
            .status();
    ValidatingClient.Answer bad =
        client.put(
            api + "/issue/" + key,
            Map.of("fields", Map.of("priority", Map.of("name", "Urgent!"))),
            jira.bot());
    ValidatingClient.Answer unknown =
        client
            .unvalidated()
            .put(
                api + "/issue/" + key,
                Map.of("fields", Map.of("duedate", "2030-01-01")),
                jira.bot());

    assertThat(status).isEqualTo(204);
    assertThat(jira.ticket(key).priority()).isEqualTo("High");
    assertThat(jira.ticket(key).labels()).containsExactly("existing", "ai-handled");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").has("priority")).isTrue();
    assertThat(unknown.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void transitions_listThenEscalateWithComment(Flavor flavor, int version) {
    use(flavor, version);

    JsonNode list = client.get(api + "/issue/" + key + "/transitions", jira.bot()).json();
    Object comment = commentBody(version, "Escalating to a human.");
    int done =
        client
            .post(
                api + "/issue/" + key + "/transitions",
                Map.of(
                    "transition", Map.of("id", "31"),
                    "update",
                        Map.of(
                            "comment",
                            List.of(
                                Map.of(
                                    "add",
                                    Map.of(
                                        "body",
                                        comment,
                                        "properties",
                                        List.of(
                                            Map.of(
                                                "key",
                                                "sd.public.comment",
                                                "value",
                                                Map.of("internal", true)))))))),
                jira.bot())
            .status();
    int invalid =
        client
            .post(
                api + "/issue/" + key + "/transitions",
                Map.of("transition", Map.of("id", "999")),
                jira.bot())
            .status();

    assertThat(list.get("transitions").findValuesAsText("name"))
        .contains("Escalate", "Resolve this issue");
    assertThat(done).isEqualTo(204);
    assertThat(jira.ticket(key).status()).isEqualTo("Escalated");
    assertThat(jira.thread(key))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.body()).isEqualTo("Escalating to a human.");
              assertThat(c.isPublic()).isFalse();
            });
    assertThat(invalid).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void platformComments_internalViaSdPublicProperty_jsdPublicOnCloud(Flavor flavor, int version) {
    use(flavor, version);
    Object body = commentBody(version, "note");

    ValidatingClient.Answer internal =
        client.post(
            api + "/issue/" + key + "/comment",
            Map.of(
                "body",
                body,
                "properties",
                List.of(Map.of("key", "sd.public.comment", "value", Map.of("internal", true)))),
            jira.agent());
    ValidatingClient.Answer visible =
        client.post(
            api + "/issue/" + key + "/comment",
            Map.of("body", body, "visibility", Map.of("type", "role", "value", "Administrators")),
            jira.agent());
    JsonNode list =
        client.get(api + "/issue/" + key + "/comment?expand=properties", jira.agent()).json();
    ValidatingClient.Answer wrongFormat =
        client
            .unvalidated()
            .post(
                api + "/issue/" + key + "/comment",
                Map.of("body", version == 3 ? "plain string" : Map.of("type", "doc")),
                jira.agent());

    assertThat(internal.status()).isEqualTo(201);
    assertThat(visible.status()).isEqualTo(201);
    assertThat(list.get("total").asInt()).isEqualTo(2);
    assertThat(jira.customerView(key)).hasSize(1);
    if (flavor.isCloud()) {
      assertThat(internal.json().get("jsdPublic").asBoolean()).isFalse();
      assertThat(visible.json().get("jsdPublic").asBoolean()).isTrue();
    } else {
      assertThat(internal.json().has("jsdPublic")).isFalse();
    }
    assertThat(wrongFormat.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("apis")
  void deleteComment_authorOrAdminOnly(Flavor flavor, int version) {
    use(flavor, version);
    String botComment = jira.addComment(key, jira.bot(), "oops, should have been internal", true);
    String agentComment = jira.addComment(key, jira.agent(), "agent note", false);

    int byOtherAgent =
        client.delete(api + "/issue/" + key + "/comment/" + botComment, jira.agent()).status();
    int byAuthor =
        client.delete(api + "/issue/" + key + "/comment/" + botComment, jira.bot()).status();
    int again =
        client.delete(api + "/issue/" + key + "/comment/" + botComment, jira.bot()).status();
    int byAdmin =
        client.delete(api + "/issue/" + key + "/comment/" + agentComment, jira.admin()).status();

    assertThat(byOtherAgent).isEqualTo(400);
    assertThat(byAuthor).isEqualTo(204);
    assertThat(again).isEqualTo(404);
    assertThat(byAdmin).isEqualTo(204);
    assertThat(jira.thread(key)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("apis")
  void issueLink_relatesTwoRequests_showsInIssueLinks(Flavor flavor, int version) {
    use(flavor, version);
    String other = jira.raiseRequest(customer, "General question", "Follow-up", null, null);

    int status =
        client.post(api + "/issueLink", linkBody("Relates", key, other), jira.bot()).status();
    JsonNode links =
        client
            .get(api + "/issue/" + key + "?fields=issuelinks", jira.agent())
            .json()
            .get("fields")
            .get("issuelinks");
    int badType =
        client.post(api + "/issueLink", linkBody("Nope", key, other), jira.bot()).status();

    assertThat(status).isEqualTo(201);
    assertThat(links).hasSize(1);
    assertThat(links.get(0).get("outwardIssue").get("key").asText()).isEqualTo(other);
    assertThat(badType).isEqualTo(404);
  }

  /** A {@code POST /issueLink} body. */
  private static Map<String, Object> linkBody(String typeName, String inward, String outward) {
    return Map.of(
        "type",
        Map.of("name", typeName),
        "inwardIssue",
        Map.of("key", inward),
        "outwardIssue",
        Map.of("key", outward));
  }

  @ParameterizedTest
  @MethodSource("apis")
  void search_reporterAndOrderBy_findsTheCustomersRequestsNewestFirst(Flavor flavor, int version) {
    use(flavor, version);
    String second = jira.raiseRequest(customer, "General question", "Second", null, null);
    jira.raiseRequest(jira.customers().get(1), "General question", "Someone else", null, null);
    String jql =
        "project = SD AND reporter = \"" + customer.idFor(flavor) + "\" ORDER BY created DESC";
    String path = flavor.isCloud() ? api + "/search/jql" : api + "/search";

    JsonNode viaGet =
        client
            .get(
                path
                    + "?fields=summary,status&maxResults=10&jql="
                    + java.net.URLEncoder.encode(jql, java.nio.charset.StandardCharsets.UTF_8),
                jira.bot())
            .json();
    JsonNode viaPost =
        client
            .post(
                path, Map.of("jql", jql, "fields", List.of("summary"), "maxResults", 1), jira.bot())
            .json();
    ValidatingClient.Answer bad =
        client.unvalidated().get(path + "?jql=assignee%20was%20bob", jira.bot());

    assertThat(keys(viaGet)).containsExactly(second, key);
    assertThat(viaGet.get("issues").get(0).get("fields").get("summary").asText())
        .isEqualTo("Second");
    assertThat(viaPost.get("issues")).hasSize(1);
    if (flavor.isCloud()) {
      assertThat(viaPost.get("isLast").asBoolean()).isFalse();
      String token = viaPost.get("nextPageToken").asText();
      JsonNode next =
          client
              .post(
                  path,
                  Map.of(
                      "jql",
                      jql,
                      "fields",
                      List.of("summary"),
                      "maxResults",
                      1,
                      "nextPageToken",
                      token),
                  jira.bot())
              .json();
      assertThat(keys(next)).containsExactly(key);
      assertThat(next.get("isLast").asBoolean()).isTrue();
    } else {
      assertThat(viaPost.get("total").asInt()).isEqualTo(2);
    }
    assertThat(bad.status()).isEqualTo(400);
  }

  private static List<String> keys(JsonNode searchResult) {
    List<String> out = new java.util.ArrayList<>();
    searchResult.get("issues").forEach(i -> out.add(i.get("key").asText()));
    return out;
  }

  @Test
  void dcFlavor_hasNoRestV3() {
    JsmSandbox dc = SANDBOXES.dc();
    assumeTrue(dc != null);
    dc.reset();
    ValidatingClient unvalidated = new ValidatingClient(dc.baseUrl(), Flavor.DC, false);

    assertThat(unvalidated.get("/rest/api/3/myself", dc.agent()).status()).isEqualTo(404);
  }
}

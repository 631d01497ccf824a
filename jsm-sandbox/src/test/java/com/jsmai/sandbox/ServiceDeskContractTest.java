package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The servicedeskapi as a customer and as an agent, on both flavours, with every exchange validated
 * against {@code jsm-cloud.v3.json}.
 */
class ServiceDeskContractTest {
  @RegisterExtension static final ContractSandboxes SANDBOXES = new ContractSandboxes();

  private JsmSandbox jira;
  private ValidatingClient client;

  private void use(Flavor flavor) {
    jira = SANDBOXES.use(flavor);
    client = SANDBOXES.client();
  }

  private String raise(SandboxAccount customer, String summary) {
    ValidatingClient.Answer a =
        client.post(
            "/rest/servicedeskapi/request",
            Map.of(
                "serviceDeskId",
                "1",
                "requestTypeId",
                "1",
                "requestFieldValues",
                Map.of(
                    "summary",
                    summary,
                    "description",
                    "Order #W2378156 is late",
                    "customfield_10050",
                    "#W2378156")),
            customer);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().get("issueKey").asText();
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void catalogue_serviceDesksRequestTypesAndFields_describeRetailSupport(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);

    JsonNode desks = client.get("/rest/servicedeskapi/servicedesk", customer).json();
    JsonNode types = client.get("/rest/servicedeskapi/servicedesk/1/requesttype", customer).json();
    JsonNode fields =
        client.get("/rest/servicedeskapi/servicedesk/1/requesttype/1/field", customer).json();

    assertThat(desks.get("values").get(0).get("projectKey").asText()).isEqualTo("SD");
    assertThat(desks.get("values").get(0).get("projectName").asText()).isEqualTo("Retail Support");
    assertThat(types.get("values").findValuesAsText("name"))
        .containsExactly("Where is my order?", "Returns and refunds", "General question");
    assertThat(fields.get("requestTypeFields").findValuesAsText("name")).contains("Order number");
    assertThat(fields.get("canRaiseOnBehalfOf").asBoolean()).isFalse();
    assertThat(client.get("/rest/servicedeskapi/servicedesk/1", customer).status()).isEqualTo(200);
    assertThat(client.get("/rest/servicedeskapi/requesttype", customer).json().get("size").asInt())
        .isEqualTo(3);
    assertThat(client.get("/rest/servicedeskapi/info", customer).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void createRequest_asCustomer_returnsCustomerRequestWithFieldsAndStatus(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(1);

    String key = raise(customer, "Where is my parcel?");
    JsonNode request =
        client
            .get(
                "/rest/servicedeskapi/request/"
                    + key
                    + "?expand=requestType,serviceDesk,participant,status,action,comment",
                customer)
            .json();

    assertThat(key).isEqualTo("SD-1");
    assertThat(request.get("requestTypeId").asText()).isEqualTo("1");
    assertThat(request.get("serviceDeskId").asText()).isEqualTo("1");
    assertThat(request.get("currentStatus").get("status").asText())
        .isEqualTo("Waiting for support");
    assertThat(request.get("reporter").get("emailAddress").asText()).isEqualTo(customer.email());
    assertThat(request.get("requestFieldValues").findValuesAsText("value")).contains("#W2378156");
    assertThat(request.get("requestType").get("name").asText()).isEqualTo("Where is my order?");
    if (flavor.isCloud()) {
      assertThat(request.get("reporter").get("accountId").asText()).isEqualTo(customer.accountId());
    } else {
      assertThat(request.get("reporter").has("accountId")).isFalse();
      assertThat(request.get("reporter").get("name").asText()).isEqualTo(customer.username());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void createRequest_agentRaisesOnBehalfOfCustomer_reporterIsCustomer(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(2);

    ValidatingClient.Answer a =
        client.post(
            "/rest/servicedeskapi/request",
            Map.of(
                "serviceDeskId",
                "1",
                "requestTypeId",
                "3",
                "raiseOnBehalfOf",
                customer.idFor(flavor),
                "requestFieldValues",
                Map.of("summary", "Follow-up")),
            jira.bot());

    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().get("reporter").get("displayName").asText())
        .isEqualTo(customer.displayName());
    assertThat(jira.ticket(a.json().get("issueKey").asText()).creatorId())
        .isEqualTo(jira.bot().accountId());
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void createRequest_customerRaisesOnBehalfOfAnother_isForbidden(Flavor flavor) {
    use(flavor);

    ValidatingClient.Answer a =
        client.post(
            "/rest/servicedeskapi/request",
            Map.of(
                "serviceDeskId",
                "1",
                "requestTypeId",
                "3",
                "raiseOnBehalfOf",
                jira.customers().get(3).idFor(flavor),
                "requestFieldValues",
                Map.of("summary", "x")),
            jira.customers().get(2));

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().get("errorMessage").asText()).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void createRequest_missingSummaryOrUnknownField_is400(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);

    ValidatingClient.Answer noSummary =
        client.post(
            "/rest/servicedeskapi/request",
            Map.of(
                "serviceDeskId",
                "1",
                "requestTypeId",
                "2",
                "requestFieldValues",
                Map.of("description", "x")),
            customer);
    ValidatingClient.Answer unknown =
        client.post(
            "/rest/servicedeskapi/request",
            Map.of(
                "serviceDeskId",
                "1",
                "requestTypeId",
                "2",
                "requestFieldValues",
                Map.of("summary", "x", "customfield_10050", "#W1")),
            customer);

    assertThat(noSummary.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("errorMessage").asText()).contains("customfield_10050");
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void comments_customerNeverSeesInternalNotes_agentSeesBoth(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);
    String key = raise(customer, "Where is it?");
    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "Checking the warehouse", "public", false),
        jira.agent());
    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "It ships today", "public", true),
        jira.bot());

    JsonNode customerView =
        client
            .get(
                "/rest/servicedeskapi/request/" + key + "/comment?public=true&internal=true",
                customer)
            .json();
    JsonNode agentView =
        client
            .get(
                "/rest/servicedeskapi/request/" + key + "/comment?expand=renderedBody",
                jira.agent())
            .json();
    JsonNode internalOnly =
        client
            .get("/rest/servicedeskapi/request/" + key + "/comment?public=false", jira.agent())
            .json();
    JsonNode customerInternalOnly =
        client
            .get(
                "/rest/servicedeskapi/request/" + key + "/comment?public=false&internal=true",
                customer)
            .json();

    assertThat(customerView.get("values").findValuesAsText("body"))
        .containsExactly("It ships today");
    assertThat(agentView.get("values").findValuesAsText("body"))
        .containsExactly("Checking the warehouse", "It ships today");
    assertThat(agentView.get("values").get(0).get("public").asBoolean()).isFalse();
    assertThat(agentView.get("values").get(0).get("renderedBody").get("html").asText())
        .contains("<p>");
    assertThat(internalOnly.get("values").findValuesAsText("body"))
        .containsExactly("Checking the warehouse");
    assertThat(customerInternalOnly.get("size").asInt()).isZero();
    String internalId = agentView.get("values").get(0).get("id").asText();
    assertThat(
            client
                .get("/rest/servicedeskapi/request/" + key + "/comment/" + internalId, customer)
                .status())
        .isEqualTo(404);
    assertThat(
            client
                .get("/rest/servicedeskapi/request/" + key + "/comment/" + internalId, jira.agent())
                .status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void addComment_customerPostsInternal_isForbiddenAndNothingStored(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);
    String key = raise(customer, "Where is it?");

    ValidatingClient.Answer a =
        client.post(
            "/rest/servicedeskapi/request/" + key + "/comment",
            Map.of("body", "secret?", "public", false),
            customer);

    assertThat(a.status()).isEqualTo(403);
    assertThat(jira.thread(key)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void request_otherCustomersRequest_is404(Flavor flavor) {
    use(flavor);
    String key = raise(jira.customers().get(0), "Mine");

    ValidatingClient.Answer a =
        client.get("/rest/servicedeskapi/request/" + key, jira.customers().get(1));
    ValidatingClient.Answer comments =
        client.get("/rest/servicedeskapi/request/" + key + "/comment", jira.customers().get(1));

    assertThat(a.status()).isEqualTo(404);
    assertThat(comments.status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void comments_paging_followsStartAndLimit(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);
    String key = raise(customer, "Paging");
    for (int i = 0; i < 5; i++) {
      jira.addComment(key, customer, "c" + i, true);
    }

    JsonNode page =
        client
            .get("/rest/servicedeskapi/request/" + key + "/comment?start=2&limit=2", jira.agent())
            .json();
    JsonNode last =
        client
            .get("/rest/servicedeskapi/request/" + key + "/comment?start=4&limit=2", jira.agent())
            .json();

    assertThat(page.get("values").findValuesAsText("body")).containsExactly("c2", "c3");
    assertThat(page.get("isLastPage").asBoolean()).isFalse();
    assertThat(page.get("_links").get("next").asText()).contains("start=4");
    assertThat(last.get("values").findValuesAsText("body")).containsExactly("c4");
    assertThat(last.get("isLastPage").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void listRequests_ownershipSearchTermAndPaging(Flavor flavor) {
    use(flavor);
    SandboxAccount ana = jira.customers().get(0);
    SandboxAccount ben = jira.customers().get(1);
    raise(ana, "Broken chair");
    raise(ana, "Late parcel");
    raise(ben, "Late delivery");

    JsonNode anas = client.get("/rest/servicedeskapi/request", ana).json();
    JsonNode search = client.get("/rest/servicedeskapi/request?searchTerm=parcel", ana).json();
    JsonNode all =
        client
            .get("/rest/servicedeskapi/request?requestOwnership=ALL_REQUESTS&limit=2", jira.agent())
            .json();
    JsonNode open =
        client
            .get(
                "/rest/servicedeskapi/request?requestOwnership=ALL_REQUESTS&requestStatus=CLOSED_REQUESTS",
                jira.agent())
            .json();

    assertThat(anas.get("values").findValuesAsText("summary"))
        .containsExactly("Late parcel", "Broken chair");
    assertThat(search.get("values").findValuesAsText("summary")).containsExactly("Late parcel");
    assertThat(all.get("size").asInt()).isEqualTo(2);
    assertThat(all.get("isLastPage").asBoolean()).isFalse();
    assertThat(open.get("size").asInt()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void transitionsAndFeedback_customerResolvesThenRates(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);
    String key = raise(customer, "Done soon");

    JsonNode transitions =
        client.get("/rest/servicedeskapi/request/" + key + "/transition", customer).json();
    ValidatingClient.Answer resolve =
        client.post(
            "/rest/servicedeskapi/request/" + key + "/transition",
            Map.of("id", "901", "additionalComment", Map.of("body", "Found it, thanks")),
            customer);
    ValidatingClient.Answer noFeedback =
        client.get("/rest/servicedeskapi/request/" + key + "/feedback", customer);
    ValidatingClient.Answer rate =
        client.post(
            "/rest/servicedeskapi/request/" + key + "/feedback",
            Map.of("type", "csat", "rating", 4, "comment", Map.of("body", "Quick")),
            customer);
    JsonNode feedback =
        client.get("/rest/servicedeskapi/request/" + key + "/feedback", jira.agent()).json();
    ValidatingClient.Answer badRating =
        client.post(
            "/rest/servicedeskapi/request/" + key + "/feedback",
            Map.of("type", "csat", "rating", 9),
            customer);

    assertThat(transitions.get("values").findValuesAsText("name")).contains("Resolve this issue");
    assertThat(resolve.status()).isEqualTo(204);
    assertThat(jira.ticket(key).status()).isEqualTo("Resolved");
    assertThat(jira.thread(key).get(0).body()).isEqualTo("Found it, thanks");
    assertThat(noFeedback.status()).isEqualTo(404);
    assertThat(rate.status()).isEqualTo(201);
    assertThat(feedback.get("rating").asInt()).isEqualTo(4);
    assertThat(feedback.get("comment").get("body").asText()).isEqualTo("Quick");
    assertThat(badRating.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void knowledgeBase_queryFindsSeededArticlesWithHighlight(Flavor flavor) {
    use(flavor);

    JsonNode found =
        client
            .get(
                "/rest/servicedeskapi/knowledgebase/article?query=refund&highlight=true",
                jira.customers().get(0))
            .json();
    JsonNode perDesk =
        client
            .get(
                "/rest/servicedeskapi/servicedesk/1/knowledgebase/article?query=cancel",
                jira.agent())
            .json();

    assertThat(found.get("values").findValuesAsText("title"))
        .anyMatch(t -> t.contains("@@@hl@@@Refund@@@endhl@@@"));
    assertThat(found.get("values").get(0).get("source").get("type").asText())
        .isEqualTo("confluence");
    assertThat(perDesk.get("values").findValuesAsText("title")).contains("Cancel an order");
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void automation_agentPublicReplyWaitsForCustomer_customerReplyWaitsForSupport(Flavor flavor) {
    use(flavor);
    SandboxAccount customer = jira.customers().get(0);
    String key = raise(customer, "Status flow");

    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "internal", "public", false),
        jira.agent());
    String afterInternal = jira.ticket(key).status();
    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "Can you confirm?", "public", true),
        jira.agent());
    String afterReply = jira.ticket(key).status();
    client.post(
        "/rest/servicedeskapi/request/" + key + "/comment",
        Map.of("body", "Yes", "public", true),
        customer);

    assertThat(List.of(afterInternal, afterReply, jira.ticket(key).status()))
        .containsExactly("Waiting for support", "Waiting for customer", "Waiting for support");
  }
}

package com.jsmai.plugin.tools.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JiraToolsTest {
  private static final User ANA = FakeJira.customer("acc-ana", "ana@example.com");
  private static final User BOB = FakeJira.customer("acc-bob", "bob@example.com");
  private static final JiraToolsSettings SETTINGS =
      new JiraToolsSettings(
          List.of("Resolve", "Escalate"), List.of("High", "Low"), List.of("12"), 3, 500);

  private final FakeJira jira = new FakeJira(Clock.systemUTC());
  private final InMemoryToolCallRecorder recorder = new InMemoryToolCallRecorder();
  private ToolExecutor executor;
  private List<Tool> tools;
  private Ticket current;

  @BeforeEach
  void setUp() {
    current = FakeJira.ticket("SD-10", ANA, "Parcel late", "Where is my parcel?");
    jira.createTicket(current);
    jira.createTicket(FakeJira.ticket("SD-3", ANA, "Refund", "Refund please"));
    jira.createTicket(FakeJira.ticket("SD-4", ANA, "Address change", "New address"));
    jira.createTicket(FakeJira.ticket("SD-5", BOB, "Bob's private matter", "Bob's card 4111"));
    tools = JiraTools.all(jira, SETTINGS);
    executor =
        new ToolExecutor(
            ToolRegistry.of(tools),
            recorder,
            Secrets.none(),
            Duration.ofSeconds(5),
            4,
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    executor.close();
  }

  private CallResult call(String tool, String args, ToolPolicy policy) {
    return executor.execute(new ToolCall("c1", tool, args), new ToolContext(current, policy));
  }

  private ToolPolicy autoAll() {
    return ToolPolicy.auto(new HashSet<>(JiraTools.writeToolNames(tools)));
  }

  @Test
  void all_readAndWriteToolsWithSchemasFromSettings() {
    assertThat(tools)
        .extracting(Tool::name)
        .containsExactly(
            "get_recent_requests",
            "get_request_status",
            "add_internal_note",
            "transition_request",
            "set_priority",
            "add_labels",
            "create_linked_request");
    assertThat(JiraTools.writeToolNames(tools))
        .containsExactly(
            "add_internal_note",
            "transition_request",
            "set_priority",
            "add_labels",
            "create_linked_request");
    ToolSpec transition = tools.get(3).spec();
    assertThat(transition.parameters().at("/properties/transition/enum").toString())
        .isEqualTo("[\"Resolve\",\"Escalate\"]");
  }

  @Test
  void all_noLinkedRequestTypes_toolLeftOut() {
    assertThat(JiraTools.all(jira, JiraToolsSettings.DEFAULTS))
        .extracting(Tool::name)
        .doesNotContain("create_linked_request");
  }

  @Test
  void getRecentRequests_onlyTheReportersOtherRequests() {
    CallResult result = call("get_recent_requests", "{}", ToolPolicy.readOnly());

    JsonNode requests = result.result().data().get("requests");
    assertThat(requests)
        .extracting(r -> r.get("key").asText())
        .containsExactlyInAnyOrder("SD-3", "SD-4");
    assertThat(result.result().data().toString()).doesNotContain("Bob").doesNotContain("4111");
  }

  @Test
  void getRecentRequests_customerArgumentFromModel_rejected() {
    CallResult result =
        call("get_recent_requests", "{\"account_id\":\"acc-bob\"}", ToolPolicy.readOnly());

    assertThat(result.result().outcome()).isEqualTo(Outcome.INVALID_ARGUMENTS);
  }

  @Test
  void getRecentRequests_limitAboveSetting_rejected() {
    assertThat(
            call("get_recent_requests", "{\"limit\":50}", ToolPolicy.readOnly()).result().outcome())
        .isEqualTo(Outcome.INVALID_ARGUMENTS);
    assertThat(
            call("get_recent_requests", "{\"limit\":1}", ToolPolicy.readOnly())
                .result()
                .data()
                .get("requests"))
        .hasSize(1);
  }

  @Test
  void getRequestStatus_thisTicketsTypeAndStatus() {
    JsonNode data = call("get_request_status", "{}", ToolPolicy.readOnly()).result().data();

    assertThat(data.get("key").asText()).isEqualTo("SD-10");
    assertThat(data.get("request_type").asText()).isEqualTo("Where is my order?");
    assertThat(data.get("status").asText()).isEqualTo("Waiting for support");
  }

  @Test
  void addInternalNote_autoMode_internalCommentOnThisTicket() {
    CallResult result = call("add_internal_note", "{\"body\":\"Customer asked twice\"}", autoAll());

    assertThat(result.result().outcome()).isEqualTo(Outcome.OK);
    assertThat(jira.writes()).containsExactly("comment SD-10 public=false: Customer asked twice");
  }

  @Test
  void writeTools_readOnlyPolicy_unauthorisedAndNothingWritten() {
    for (String[] call :
        new String[][] {
          {"add_internal_note", "{\"body\":\"x\"}"},
          {"transition_request", "{\"transition\":\"Resolve\"}"},
          {"set_priority", "{\"priority\":\"High\"}"},
          {"add_labels", "{\"labels\":[\"vip\"]}"},
          {"create_linked_request", "{\"request_type_id\":\"12\",\"summary\":\"s\",\"body\":\"b\"}"}
        }) {
      assertThat(call(call[0], call[1], ToolPolicy.readOnly()).result().outcome())
          .isEqualTo(Outcome.UNAUTHORISED);
    }
    assertThat(jira.writes()).isEmpty();
  }

  @Test
  void transitionRequest_suggestMode_proposedNotDone() {
    CallResult result =
        call(
            "transition_request",
            "{\"transition\":\"Resolve\"}",
            ToolPolicy.suggest(new HashSet<>(JiraTools.writeToolNames(tools))));

    assertThat(result.result().outcome()).isEqualTo(Outcome.PROPOSED);
    assertThat(result.proposal().arguments().get("transition").asText()).isEqualTo("Resolve");
    assertThat(jira.writes()).isEmpty();
  }

  @Test
  void transitionRequest_autoMode_transitionsWithComment() {
    call(
        "transition_request",
        "{\"transition\":\"Escalate\",\"comment\":\"needs a human\"}",
        autoAll());

    assertThat(jira.writes()).containsExactly("transition SD-10 Escalate: needs a human");
    assertThat(jira.getTicket("SD-10").status()).isEqualTo("Escalated");
  }

  @Test
  void transitionRequest_unlistedTransition_rejected() {
    assertThat(
            call("transition_request", "{\"transition\":\"Delete\"}", autoAll()).result().outcome())
        .isEqualTo(Outcome.INVALID_ARGUMENTS);
    assertThat(jira.writes()).isEmpty();
  }

  @Test
  void setPriorityAndLabels_autoMode_appliedToThisTicket() {
    call("set_priority", "{\"priority\":\"High\"}", autoAll());
    call("add_labels", "{\"labels\":[\"late-delivery\",\"vip\"]}", autoAll());

    assertThat(jira.writes())
        .containsExactly("priority SD-10 High", "labels SD-10 [late-delivery, vip]");
  }

  @Test
  void addLabels_labelWithSpaces_rejected() {
    assertThat(call("add_labels", "{\"labels\":[\"two words\"]}", autoAll()).result().outcome())
        .isEqualTo(Outcome.INVALID_ARGUMENTS);
  }

  @Test
  void createLinkedRequest_sameDeskAndCustomer() {
    CallResult result =
        call(
            "create_linked_request",
            "{\"request_type_id\":\"12\",\"summary\":\"Replacement\",\"body\":\"Send a new one\"}",
            autoAll());

    String key = result.result().data().get("key").asText();
    assertThat(jira.getTicket(key).reporter()).isEqualTo(ANA);
    assertThat(jira.getTicket(key).serviceDeskId()).isEqualTo(current.serviceDeskId());
    assertThat(jira.writes()).containsExactly("linked SD-10 -> " + key + " type=12: Replacement");
  }

  @Test
  void jiraRefuses_toolErrorNotException() {
    current =
        new Ticket("SD-404", "404", "", "", ANA, "1", "10", "x", "Open", Map.of(), Instant.now());

    CallResult result = call("get_request_status", "{}", ToolPolicy.readOnly());

    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_FOUND);
  }
}

package com.jsmai.plugin.tools.http;

import static com.jsmai.plugin.tools.http.LoopbackOrderServer.ANA_EMAIL;
import static com.jsmai.plugin.tools.http.LoopbackOrderServer.ANA_ORDER;
import static com.jsmai.plugin.tools.http.LoopbackOrderServer.API_KEY;
import static com.jsmai.plugin.tools.http.LoopbackOrderServer.BOB_ORDER;
import static com.jsmai.plugin.tools.http.LoopbackOrderServer.BOB_SECRET_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final User ANA = new User("acc-ana", "Ana", ANA_EMAIL, "customer");

  private LoopbackOrderServer server;
  private final FakeTicker ticker = new FakeTicker();
  private final InMemoryToolCallRecorder recorder = new InMemoryToolCallRecorder();
  private final Secrets secrets = new Secrets(SecretResolver.of(Map.of("ORDERS_API_KEY", API_KEY)));
  private HttpTools tools;
  private ToolExecutor executor;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackOrderServer();
    // Loopback is refused by default; this test allows it explicitly, as an admin would.
    AddressPolicy policy =
        new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.1/32")));
    tools = new HttpTools(policy, secrets, Dns.SYSTEM, ticker);
  }

  @AfterEach
  void stop() {
    server.close();
    if (executor != null) executor.close();
  }

  static HttpToolDefinition definition(String yaml) {
    return HttpToolDefinitions.parse(
        "test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  /** The shipped example, pointed at the loopback server. */
  HttpToolDefinition shippedExample() throws IOException {
    try (var in = getClass().getResourceAsStream("/tools/query_order_status.yaml")) {
      String yaml =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("http://127.0.0.1:8480", server.base());
      return definition(yaml);
    }
  }

  static ToolContext contextFor(User reporter) {
    Ticket ticket =
        new Ticket(
            "SD-7",
            "7",
            "Order",
            "Where is it?",
            reporter,
            "1",
            "10",
            "Where is my order?",
            "Open",
            Map.of(),
            Instant.parse("2026-11-01T00:00:00Z"));
    return new ToolContext(ticket, ToolPolicy.readOnly());
  }

  private CallResult call(HttpToolDefinition definition, User reporter, String argumentsJson) {
    if (executor == null) {
      executor =
          new ToolExecutor(
              ToolRegistry.of(tools.create(definition)),
              recorder,
              secrets,
              Duration.ofSeconds(10),
              4,
              Clock.systemUTC());
    }
    return executor.execute(
        new ToolCall("c1", definition.name(), argumentsJson), contextFor(reporter));
  }

  private static String looseTool(String base, String path) {
    return """
        name: loose
        description: a tool with a loose schema, to test encoding
        parameters:
          type: object
          properties:
            id: {type: string}
        request:
          url: "%s%s"
          headers:
            X-Api-Key: "${secret:ORDERS_API_KEY}"
        """
        .formatted(base, path);
  }

  @Test
  void execute_ownOrder_onlyConfiguredFieldsUnderTheirNewNames() throws IOException {
    CallResult result = call(shippedExample(), ANA, "{\"order_id\":\"" + ANA_ORDER + "\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.OK);
    JsonNode data = result.result().data();
    assertThat(data.fieldNames())
        .toIterable()
        .containsExactly("order_id", "status", "items", "tracking_ids");
    assertThat(data.get("status").asText()).isEqualTo("delivered");
    assertThat(data.get("items"))
        .extracting(JsonNode::asText)
        .containsExactly("Water Bottle", "Office Chair");
    assertThat(data.get("tracking_ids"))
        .extracting(JsonNode::asText)
        .containsExactly("357962501027");
    assertThat(data.toString())
        .doesNotContain(ANA_EMAIL)
        .doesNotContain("River Road")
        .doesNotContain("gift_card");
  }

  @Test
  void execute_orderIdWithHash_encodedInsideOneSegment() throws IOException {
    call(shippedExample(), ANA, "{\"order_id\":\"" + ANA_ORDER + "\"}");

    assertThat(server.seen)
        .extracting(LoopbackOrderServer.Seen::rawPath)
        .containsExactly("/orders/%23W2378156");
  }

  @Test
  void execute_pathTraversalArgument_staysOneEncodedSegment() {
    CallResult result =
        call(
            definition(looseTool(server.base(), "/orders/{id}")),
            ANA,
            "{\"id\":\"../admin?x=1#y\"}");

    assertThat(server.seen)
        .extracting(LoopbackOrderServer.Seen::rawPath)
        .containsExactly("/orders/..%2Fadmin%3Fx%3D1%23y");
    assertThat(server.seen.get(0).rawQuery()).isNull();
    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void execute_dotDotAsWholeSegment_refusedBeforeAnyRequest() {
    CallResult result =
        call(definition(looseTool(server.base(), "/orders/{id}/items")), ANA, "{\"id\":\"..\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.INVALID_ARGUMENTS);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void execute_otherCustomersOrder_notOwnerAndNoDataAnywhere() throws IOException {
    CallResult result = call(shippedExample(), ANA, "{\"order_id\":\"" + BOB_ORDER + "\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_OWNER);
    assertThat(result.result().data()).isNull();
    assertThat(result.result().message()).isEqualTo(HttpTool.NOT_FOUND_FOR_CUSTOMER);
    assertThat(recorder.records().toString())
        .doesNotContain(BOB_SECRET_ITEM)
        .doesNotContain("bob.victim");
  }

  @Test
  void execute_unknownOrder_toldExactlyLikeNotOwner() throws IOException {
    CallResult result = call(shippedExample(), ANA, "{\"order_id\":\"#W0000001\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(result.result().message()).isEqualTo(HttpTool.NOT_FOUND_FOR_CUSTOMER);
  }

  @Test
  void execute_reporterEmailHidden_failsClosed() throws IOException {
    User hidden = new User("acc-ana", "Ana", null, "customer");

    CallResult result = call(shippedExample(), hidden, "{\"order_id\":\"" + ANA_ORDER + "\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_OWNER);
  }

  @Test
  void execute_ownerEmailDiffersOnlyInCase_stillTheOwner() throws IOException {
    User upper = new User("acc-ana", "Ana", ANA_EMAIL.toUpperCase(), "customer");

    assertThat(
            call(shippedExample(), upper, "{\"order_id\":\"" + ANA_ORDER + "\"}")
                .result()
                .outcome())
        .isEqualTo(Outcome.OK);
  }

  @Test
  void execute_sameCallWithinTtl_servedFromCacheUntilItExpires() throws IOException {
    HttpToolDefinition example = shippedExample();
    String args = "{\"order_id\":\"" + ANA_ORDER + "\"}";

    call(example, ANA, args);
    call(example, ANA, args);
    assertThat(server.hits("/orders/")).isEqualTo(1);

    ticker.advance(Duration.ofSeconds(61));
    assertThat(call(example, ANA, args).result().outcome()).isEqualTo(Outcome.OK);
    assertThat(server.hits("/orders/")).isEqualTo(2);
  }

  @Test
  void execute_cachedResult_notServedToAnotherReporter() throws IOException {
    HttpToolDefinition example = shippedExample();
    String args = "{\"order_id\":\"" + ANA_ORDER + "\"}";
    call(example, ANA, args);

    CallResult other =
        call(example, new User("acc-bob", "Bob", LoopbackOrderServer.BOB_EMAIL, "customer"), args);

    assertThat(other.result().outcome()).isEqualTo(Outcome.NOT_OWNER);
    assertThat(server.hits("/orders/")).isEqualTo(2);
  }

  @Test
  void execute_secretHeader_sentToServerButNeverRecorded() throws IOException {
    call(shippedExample(), ANA, "{\"order_id\":\"" + ANA_ORDER + "\"}");

    assertThat(server.seen.get(0).headers().get("X-api-key")).containsExactly(API_KEY);
    assertThat(recorder.records().toString()).doesNotContain(API_KEY);
  }

  @Test
  void execute_serverEchoesTheKey_redactedFromDataAndRecord() {
    String yaml =
        """
        name: echo_key
        description: a service that echoes its key back
        request:
          url: "%s/echo-key"
          headers:
            X-Api-Key: "${secret:ORDERS_API_KEY}"
        result:
          fields:
            debug: $.debug
        """
            .formatted(server.base());

    CallResult result = call(definition(yaml), ANA, "{}");

    assertThat(result.result().data().get("debug").asText())
        .isEqualTo("called with key [REDACTED]");
    assertThat(recorder.records().toString()).doesNotContain(API_KEY);
  }

  @Test
  void execute_secretNotDefined_errorNamesTheSecretOnly() {
    String yaml = looseTool(server.base(), "/x").replace("ORDERS_API_KEY", "MISSING_KEY");

    CallResult result = call(definition(yaml), ANA, "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.record().summary()).contains("MISSING_KEY");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void execute_chunkedResponseOverLimit_refusedWithoutReadingItAll() {
    String yaml =
        """
        name: big
        description: a service with a huge answer
        request:
          url: "%s/big"
          max_response_bytes: 10000
        """
            .formatted(server.base());

    CallResult result = call(definition(yaml), ANA, "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.result().message()).contains("too large");
    assertThat(result.record().summary()).contains("more than 10000 bytes");
  }

  @Test
  void execute_slowService_timesOutAtTheToolsTimeout() {
    String yaml =
        """
        name: slow
        description: a slow service
        request:
          url: "%s/slow"
          timeout: 300ms
        """
            .formatted(server.base());

    long start = System.nanoTime();
    CallResult result = call(definition(yaml), ANA, "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.TIMEOUT);
    // The server sleeps 3 s: finishing well before that proves the tool gave up.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
  }

  @Test
  void execute_queryAndBodyMapping_typedAndOptionalOmitted() throws IOException {
    String yaml =
        """
        name: search_orders
        description: search the reporter's orders
        effect: read
        parameters:
          type: object
          properties:
            status: {type: string}
            limit: {type: integer}
            note: {type: string}
        bind:
          email: reporter.email
        request:
          method: POST
          read_with_body: true
          url: "%s/search"
          query:
            status: "{status}"
            note: "{note}"
            source: "assistant"
          body:
            customer: "{email}"
            limit: "{limit}"
            text: "about {status}"
        result:
          fields:
            query: $.query
            body: $.body
        """
            .formatted(server.base());

    CallResult result = call(definition(yaml), ANA, "{\"status\":\"pending & more\",\"limit\":3}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.OK);
    assertThat(server.seen.get(0).rawQuery())
        .isEqualTo("status=pending%20%26%20more&source=assistant");
    JsonNode body = JSON.readTree(server.seen.get(0).body());
    assertThat(body.get("customer").asText()).isEqualTo(ANA_EMAIL);
    assertThat(body.get("limit").isInt()).isTrue();
    assertThat(body.get("text").asText()).isEqualTo("about pending & more");
  }

  @Test
  void execute_boundArgumentSuppliedByModel_rejectedBySchema() {
    String yaml =
        """
        name: my_orders
        description: the reporter's orders
        parameters:
          type: object
          properties: {}
          additionalProperties: false
        bind:
          email: reporter.email
        request:
          url: "%s/search"
          query:
            email: "{email}"
        """
            .formatted(server.base());

    CallResult result = call(definition(yaml), ANA, "{\"email\":\"bob.victim5678@example.com\"}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.INVALID_ARGUMENTS);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void execute_argumentSpellingASecretReference_sentAsLiteralText() {
    String yaml =
        """
        name: search
        description: free-text search
        parameters:
          type: object
          properties:
            text: {type: string}
        request:
          url: "%s/search"
          query:
            q: "{text}"
        """
            .formatted(server.base());

    call(definition(yaml), ANA, "{\"text\":\"${secret:ORDERS_API_KEY}\"}");

    assertThat(server.seen.get(0).rawQuery()).isEqualTo("q=%24%7Bsecret%3AORDERS_API_KEY%7D");
    assertThat(server.seen.get(0).rawQuery()).doesNotContain(API_KEY);
  }

  @Test
  void execute_boundEmailUnknown_failsClosedWithoutCallingTheService() {
    String yaml =
        """
        name: my_orders
        description: the reporter's orders
        bind:
          email: reporter.email
        request:
          url: "%s/search"
          query:
            email: "{email}"
        """
            .formatted(server.base());

    CallResult result = call(definition(yaml), new User("acc-x", "X", null, "customer"), "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.NOT_OWNER);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void execute_serverError_reportedWithoutItsBody() {
    CallResult result = call(definition(looseTool(server.base(), "/fail")), ANA, "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.result().message()).doesNotContain("boom");
    assertThat(result.record().summary()).contains("HTTP 500");
  }

  @Test
  void execute_htmlAnswer_refusedAsNotJson() {
    CallResult result = call(definition(looseTool(server.base(), "/html")), ANA, "{}");

    assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.result().message()).contains("JSON");
  }

  @Test
  void execute_wrongApiKey_credentialsRefused() {
    HttpTools wrongKey =
        new HttpTools(
            new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.1/32"))),
            new Secrets(SecretResolver.of(Map.of("ORDERS_API_KEY", "wrong-key-123"))),
            Dns.SYSTEM,
            ticker);
    executor =
        new ToolExecutor(
            ToolRegistry.of(wrongKey.create(definition(looseTool(server.base(), "/orders/{id}")))),
            recorder,
            secrets,
            Duration.ofSeconds(5),
            2,
            Clock.systemUTC());

    CallResult result =
        executor.execute(new ToolCall("c1", "loose", "{\"id\":\"x\"}"), contextFor(ANA));

    assertThat(result.result().message()).contains("credentials");
  }

  @Test
  void records_carryTicketToolArgumentsLatencyAndOutcome() throws IOException {
    call(shippedExample(), ANA, "{\"order_id\":\"" + ANA_ORDER + "\"}");

    ToolCallRecord record = recorder.records().get(0);
    assertThat(record.ticketKey()).isEqualTo("SD-7");
    assertThat(record.tool()).isEqualTo("query_order_status");
    assertThat(record.arguments()).contains(ANA_ORDER);
    assertThat(record.outcome()).isEqualTo(Outcome.OK);
    assertThat(record.summary()).contains("delivered");
    assertThat(record.latency()).isPositive();
  }
}

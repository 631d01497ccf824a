package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.orders.OrderService;
import com.jsmai.orders.OrderServiceConfig;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.web.PasswordHasher;
import com.jsmai.plugin.web.ScriptedModelServer;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's drafts and the playground of a real {@link PluginApp} use the reply pipeline's own
 * tools: the shipped {@code query_order_status} HTTP tool against the order service on loopback,
 * bound to the ticket's reporter, with the tool call and its result streamed to the page as
 * server-sent events. Without a ticket, the playground refuses tool calls with a clear message.
 */
class PanelToolsPluginAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "panel tools admin";
  private static final String ORDERS_KEY = "panel-tools-orders-key";

  static JsmSandbox jira;
  static OrderService orders;
  static ScriptedModelServer model;
  static PluginApp app;
  static AdminForms admin;
  static String csrf;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    jira = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null));
    orders =
        OrderService.start(OrderServiceConfig.defaults().withDataDir(null).withApiKey(ORDERS_KEY));
    model = new ScriptedModelServer();
    Path tools = Files.createDirectories(dir.resolve("tools"));
    try (InputStream in = PluginApp.class.getResourceAsStream("/tools/query_order_status.yaml")) {
      Files.writeString(
          tools.resolve("query_order_status.yaml"),
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("http://127.0.0.1:8480", orders.baseUrl()));
    }
    String yaml =
        """
        server: { host: 127.0.0.1, port: 0 }
        webhook: { path: /webhooks/jira, secret: panel-tools-secret }
        inbox: { file: %s, pollInterval: 100ms }
        jira: { flavor: cloud, baseUrl: %s, email: %s, apiToken: %s, maxRetries: 1 }
        model: { baseUrl: %s, model: qwen, timeout: 30s }
        reply:
          serviceDeskNames: { "1": "Retail Support" }
          defaults: { mode: suggest }
        tools:
          definitionsDir: %s
          allowedHosts: [127.0.0.1]
          allowedPrivateRanges: [127.0.0.1/32]
        faq: { fallbackBot: false }
        assistant: { proposalsFile: %s }
        ui:
          adminUser: admin
          adminPasswordHash: "%s"
          allowLocalAdmins: true
        """
            .formatted(
                dir.resolve("inbox.db"),
                jira.baseUrl(),
                jira.bot().email(),
                jira.bot().apiToken(),
                model.baseUrl(),
                tools,
                dir.resolve("proposals.db"),
                new PasswordHasher().hash(PASSWORD.toCharArray()));
    Path file = Files.writeString(dir.resolve("jsmai.yaml"), yaml);
    app =
        PluginApp.start(
            new ConfigLoader(ConfigSections.ALL, Map.of()).load(file),
            PluginApp.Extensions.defaults()
                .withSecrets(SecretResolver.of(Map.of("ORDERS_API_KEY", ORDERS_KEY))));
    admin = AdminForms.signIn("http://127.0.0.1:" + app.port(), "admin", PASSWORD);
    csrf = admin.csrf();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.close();
    if (model != null) model.close();
    if (orders != null) orders.close();
    if (jira != null) jira.close();
  }

  @Test
  void panelSuggestion_orderTicket_streamsToolCallAndItsResultFromOrderService() throws Exception {
    SandboxAccount ana = jira.customers().get(0);
    JsonNode order = firstOrderOf(ana.email());
    String id = order.get("orderId").asText();
    String key = jira.raiseRequest(ana, "Where is my order?", "Late", "Where is " + id + "?", id);

    List<Event> events = sse(admin.postJson("/panel/api/" + key + "/suggest", "{}", csrf));

    Event tool = only(events, "tool");
    assertThat(tool.data().path("tool").asText()).isEqualTo("query_order_status");
    assertThat(tool.data().path("outcome").asText()).isEqualTo("OK");
    assertThat(tool.data().path("result").asText())
        .contains(id)
        .contains(order.get("status").asText())
        // the result fields of the definition only: never the owner's email
        .doesNotContain(ana.email());
    assertThat(names(events)).containsSubsequence("tool_start", "tool", "delta", "done");
    assertThat(only(events, "done").data().path("text").asText()).contains(id);
  }

  @Test
  void panelSuggestion_anotherCustomersOrder_toolBoundToReporterFindsNothing() throws Exception {
    SandboxAccount ana = jira.customers().get(0);
    SandboxAccount bob = jira.customers().get(1);
    JsonNode bobs = firstOrderOf(bob.email());
    String id = bobs.get("orderId").asText();
    String key = jira.raiseRequest(ana, "Where is my order?", "Order", "Status of " + id + "?", id);

    List<Event> events = sse(admin.postJson("/panel/api/" + key + "/suggest", "{}", csrf));

    Event tool = only(events, "tool");
    assertThat(tool.data().path("outcome").asText()).isNotEqualTo("OK");
    assertThat(events.toString()).doesNotContain(bob.email());
  }

  @Test
  void playground_withTicket_toolStartsThenReturnsForItsReporter() throws Exception {
    SandboxAccount ana = jira.customers().get(2);
    JsonNode order = firstOrderOf(ana.email());
    String id = order.get("orderId").asText();
    String key = jira.raiseRequest(ana, "Where is my order?", "Parcel", "Order " + id, id);

    List<Event> events = sse(admin.postJson("/admin/playground/chat", chat(key, id), csrf));

    assertThat(names(events)).containsSubsequence("tool_start", "tool", "done");
    assertThat(only(events, "tool_start").data().path("tool").asText())
        .isEqualTo("query_order_status");
    assertThat(only(events, "tool").data().path("outcome").asText()).isEqualTo("OK");
    assertThat(only(events, "tool").data().path("result").asText()).contains(id);
  }

  @Test
  void playground_withoutTicket_toolCallRefusedWithClearMessage() throws Exception {
    String id = firstOrderOf(jira.customers().get(0).email()).get("orderId").asText();

    List<Event> events = sse(admin.postJson("/admin/playground/chat", chat("", id), csrf));

    Event tool = only(events, "tool");
    assertThat(tool.data().path("tool").asText()).isEqualTo("query_order_status");
    assertThat(tool.data().path("outcome").asText()).isEqualTo("UNAUTHORISED");
    assertThat(tool.data().path("result").asText()).contains("no ticket is chosen");
    assertThat(names(events)).contains("done");
  }

  @Test
  void adminSavesToolOnHostOutsideAllowList_refusedWithReasonAndVersionKept() throws Exception {
    int before = app.settings().current().version();
    String yaml =
        new String(
                PluginApp.class
                    .getResourceAsStream("/tools/query_order_status.yaml")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("name: query_order_status", "name: evil_lookup")
            .replace("http://127.0.0.1:8480", "http://169.254.169.254");
    String page = admin.get("/admin/tools").body();

    HttpResponse<String> r =
        admin.post(
            "/admin/tools",
            Map.of(
                "_csrf",
                AdminForms.field(page, "_csrf"),
                "_version",
                AdminForms.field(page, "_version"),
                "action",
                "save",
                "original",
                "",
                "yaml",
                yaml));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("evil_lookup").contains("allow-list");
    assertThat(app.settings().current().version()).isEqualTo(before);
  }

  private static String chat(String ticket, String orderId) {
    var body = JSON.createObjectNode().put("desk", "1").put("ticket", ticket).put("maxTokens", 256);
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "Where is my order " + orderId + "?");
    return body.toString();
  }

  record Event(String name, JsonNode data) {}

  private static List<Event> sse(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Event> out = new ArrayList<>();
    for (String block : r.body().split("\n\n")) {
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) name = line.substring(7);
        if (line.startsWith("data: ")) data = line.substring(6);
      }
      if (name != null && data != null) out.add(new Event(name, JSON.readTree(data)));
    }
    return out;
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private static Event only(List<Event> events, String name) {
    List<Event> found = events.stream().filter(e -> e.name().equals(name)).toList();
    assertThat(found).as("events named %s in %s", name, names(events)).hasSize(1);
    return found.get(0);
  }

  private static JsonNode firstOrderOf(String email) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            orders.baseUrl()
                                + "/customers/"
                                + URLEncoder.encode(email, StandardCharsets.UTF_8)
                                + "/orders"))
                    .header("X-API-Key", ORDERS_KEY)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("orders").get(0);
  }
}

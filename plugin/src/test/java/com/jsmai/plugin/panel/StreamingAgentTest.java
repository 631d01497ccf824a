package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.OpenAiChatModel;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import com.jsmai.plugin.tools.ToolResult;
import com.jsmai.plugin.web.ScriptedModelServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming tool loop against an OpenAI-compatible server on loopback: the order of the events
 * the page receives, the reporter every call is bound to, and the desk's forced tool on the first
 * step only.
 */
class StreamingAgentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final ScriptedModelServer server = new ScriptedModelServer();
  final InMemoryToolCallRecorder recorder = new InMemoryToolCallRecorder();
  final List<String> reporters = new CopyOnWriteArrayList<>();
  final ToolExecutor tools =
      new ToolExecutor(
          ToolRegistry.of(new OrderTool()),
          recorder,
          Secrets.none(),
          Duration.ofSeconds(5),
          2,
          Clock.systemUTC());

  /** Answers for the order asked about, and remembers whose order it looked up. */
  final class OrderTool implements Tool {
    @Override
    public ToolSpec spec() {
      var p = JSON.createObjectNode().put("type", "object");
      p.putObject("properties").putObject("order_id").put("type", "string");
      return new ToolSpec("lookup_order", "Looks up one of the customer's orders", p);
    }

    @Override
    public Effect effect() {
      return Effect.READ;
    }

    @Override
    public ToolResult execute(JsonNode args, ToolContext context) {
      reporters.add(context.reporter().accountId());
      return ToolResult.ok(JSON.createObjectNode().put("status", "shipped"));
    }
  }

  @AfterEach
  void close() throws Exception {
    tools.close();
    server.close();
  }

  static Ticket ticket() {
    return new Ticket(
        "SD-7",
        "10007",
        "Where is my order?",
        "Order #W1234567 is late",
        new User("acc-ana", "Ana", "ana@example.com", "customer"),
        "1",
        "2",
        "Where is my order?",
        "Open",
        Map.of(),
        Instant.now());
  }

  static ChatRequest request(ToolChoice choice) {
    return new ChatRequest(
        List.of(
            ChatMessage.system("You help customers."),
            ChatMessage.user("Where is order #W1234567?")),
        List.of(),
        choice,
        0.2,
        0.9,
        128,
        null,
        null);
  }

  @Test
  void run_orderQuestion_toolStartThenResultThenStreamedAnswer() {
    List<String> events = new CopyOnWriteArrayList<>();
    var model = new OpenAiChatModel(OpenAiChatModel.Config.of(server.baseUrl(), "qwen", null));

    StreamingAgent.Result result =
        new StreamingAgent(model, tools)
            .run(
                request(ToolChoice.AUTO),
                new ToolContext(ticket(), ToolPolicy.readOnly()),
                new StreamingAgent.Listener() {
                  @Override
                  public void onToolStart(ToolCall call) {
                    events.add("start:" + call.name());
                  }

                  @Override
                  public void onToolCall(ToolCallRecord call) {
                    events.add("result:" + call.tool() + ":" + call.outcome());
                  }

                  @Override
                  public void onDelta(String text) {
                    if (events.isEmpty() || !events.get(events.size() - 1).equals("delta")) {
                      events.add("delta");
                    }
                  }
                });

    assertThat(events).containsExactly("start:lookup_order", "result:lookup_order:OK", "delta");
    assertThat(result.text()).contains("#W1234567 has shipped");
    assertThat(result.calls()).hasSize(1);
    assertThat(reporters).containsExactly("acc-ana");
    assertThat(recorder.records()).extracting(ToolCallRecord::ticketKey).containsExactly("SD-7");
  }

  @Test
  void run_forcedTool_namedOnFirstStepOnly() {
    runForcing("lookup_order");

    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(0).path("tool_choice").path("function").path("name").asText())
        .isEqualTo("lookup_order");
    assertThat(server.requests.get(1).path("tool_choice").asText()).isEqualTo("auto");
  }

  @Test
  void run_forcedToolNotOffered_fallsBackToAuto() {
    runForcing("query_order_status");

    assertThat(server.requests.get(0).path("tool_choice").asText()).isEqualTo("auto");
  }

  /** One run that forces {@code tool} on its first step; what it streams is not looked at. */
  private void runForcing(String tool) {
    var model = new OpenAiChatModel(OpenAiChatModel.Config.of(server.baseUrl(), "qwen", null));
    new StreamingAgent(model, tools)
        .run(
            request(ToolChoice.function(tool)),
            new ToolContext(ticket(), ToolPolicy.readOnly()),
            new StreamingAgent.Listener() {
              @Override
              public void onDelta(String text) {}

              @Override
              public void onToolCall(ToolCallRecord call) {}
            });
  }
}

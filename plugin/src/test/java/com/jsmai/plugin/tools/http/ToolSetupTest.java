package com.jsmai.plugin.tools.http;

import static com.jsmai.plugin.tools.ScriptedChatModel.answer;
import static com.jsmai.plugin.tools.ScriptedChatModel.call;
import static com.jsmai.plugin.tools.ScriptedChatModel.calls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.LoopResult;
import com.jsmai.plugin.tools.LoopSettings;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.ScriptedChatModel;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolSetup;
import com.jsmai.plugin.tools.ToolsConfig;
import com.jsmai.plugin.tools.jira.JiraToolsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolSetupTest {
  @TempDir Path dir;

  @Test
  void create_fromConfig_loopAnswersWithHttpAndJiraTools() throws IOException {
    try (LoopbackOrderServer server = new LoopbackOrderServer();
        InputStream in = getClass().getResourceAsStream("/tools/query_order_status.yaml")) {
      Files.writeString(
          dir.resolve("query_order_status.yaml"),
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("http://127.0.0.1:8480", server.base()));
      ToolsConfig config =
          new ToolsConfig(
              dir,
              List.of("127.0.0.1"),
              List.of("127.0.0.1/32"),
              Duration.ofSeconds(5),
              4,
              LoopSettings.DEFAULTS,
              JiraToolsSettings.DEFAULTS);
      FakeJira jira = new FakeJira(Clock.systemUTC());
      var ticket =
          FakeJira.ticket(
              "SD-30",
              FakeJira.customer("acc-ana", LoopbackOrderServer.ANA_EMAIL),
              "Order",
              "Where is " + LoopbackOrderServer.ANA_ORDER + "?");
      jira.createTicket(ticket);
      ScriptedChatModel model =
          new ScriptedChatModel(
              calls(
                  call("c1", "query_order_status", "{\"order_id\":\"#W2378156\"}"),
                  call("c2", "get_request_status", "{}")),
              answer("Your order was delivered."));
      InMemoryToolCallRecorder recorder = new InMemoryToolCallRecorder();

      try (ToolSetup tools =
          ToolSetup.create(
              config,
              jira,
              model,
              recorder,
              SecretResolver.of(Map.of("ORDERS_API_KEY", LoopbackOrderServer.API_KEY)))) {
        LoopResult result =
            tools
                .loop()
                .run(
                    ChatRequest.of(
                        List.of(
                            ChatMessage.system("Help."), ChatMessage.user(ticket.description()))),
                    new ToolContext(ticket, ToolPolicy.readOnly()));

        assertThat(result.answer()).contains("Your order was delivered.");
        assertThat(recorder.records())
            .extracting(ToolCallRecord::outcome)
            .containsExactly(Outcome.OK, Outcome.OK);
        assertThat(tools.registry().names()).contains("query_order_status", "add_internal_note");
      }
    }
  }

  @Test
  void create_definitionHostNotAllowed_failsAtStartup() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/tools/query_order_status.yaml")) {
      Files.write(dir.resolve("query_order_status.yaml"), in.readAllBytes());
    }
    ToolsConfig config =
        new ToolsConfig(
            dir, List.of("orders.example.com"), List.of(), Duration.ofSeconds(5), 4, null, null);

    assertThatThrownBy(
            () ->
                ToolSetup.create(
                    config,
                    new FakeJira(Clock.systemUTC()),
                    new ScriptedChatModel(),
                    new InMemoryToolCallRecorder(),
                    SecretResolver.fromEnvironment()))
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining("allow-list");
  }
}

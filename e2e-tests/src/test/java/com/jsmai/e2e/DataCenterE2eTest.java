package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.app.PluginApp;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against Jira Data Center, whose REST v2 carries no accountType: a customer's new
 * ticket and a customer's comment are answered, an agent's public comment pauses the assistant.
 */
class DataCenterE2eTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static ScriptedModelServer model;
  private static E2eWorld world;
  private static PluginApp plugin;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    model = new ScriptedModelServer();
    world = E2eWorld.start(model.baseUrl(), Flavor.DC);
    plugin = world.startPlugin(world.writeConfig(dir, 0, null));
    world.connectWebhooks(plugin.port());
  }

  @AfterAll
  static void stop() {
    if (plugin != null) plugin.close();
    if (world != null) world.close();
    if (model != null) model.close();
  }

  @Test
  void customerTicketAndComment_dataCenter_bothAnswered() throws Exception {
    SandboxAccount ana = world.jira.customers().get(0);
    String key =
        world.jira.raiseRequest(
            ana, "General question", "Opening hours", "When are you open on Sundays?", null);
    assertThat(world.awaitBotComments(key, 1, IssueComment::isPublic, WAIT)).hasSize(1);

    world.jira.addComment(key, ana, "And on public holidays?", true);

    assertThat(world.awaitBotComments(key, 2, IssueComment::isPublic, WAIT)).hasSize(2);
  }

  @Test
  void agentPublicComment_dataCenter_pausesAndNoFurtherReplies() throws Exception {
    SandboxAccount bo = world.jira.customers().get(1);
    String key =
        world.jira.raiseRequest(
            bo, "General question", "Gift cards", "Do you sell gift cards?", null);
    assertThat(world.awaitBotComments(key, 1, IssueComment::isPublic, WAIT)).hasSize(1);

    world.jira.addComment(key, world.jira.agent(), "I'll take this one personally.", true);
    JsonNode state =
        world
            .awaitIssueProperty(key, "jsmai.assistant.state", s -> s.path("pause").isObject(), WAIT)
            .orElseThrow();
    assertThat(state.path("pause").isObject()).as("state: %s", state).isTrue();

    world.jira.addComment(key, bo, "Thanks, waiting for you then", true);
    assertThat(world.jira.awaitDeliveries(WAIT)).isTrue();
    Thread.sleep(1500); // the worker would have answered within this on loopback
    assertThat(world.botComments(key).stream().filter(IssueComment::isPublic)).hasSize(1);
  }
}

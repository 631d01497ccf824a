package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.app.PluginApp;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delayed reply lives in the scheduler's memory and the ticket's issue property; a restart in
 * between must not lose it: {@link PluginApp} re-arms it at startup.
 */
class DelayedReplyE2eTest {
  @TempDir Path dir;
  private ScriptedModelServer model;
  private E2eWorld world;
  private PluginApp plugin;

  @AfterEach
  void stop() {
    if (plugin != null) plugin.close();
    if (world != null) world.close();
    if (model != null) model.close();
  }

  @Test
  void delayedReply_pluginRestartedBeforeItIsDue_replyStillPostedOnce() throws Exception {
    model = new ScriptedModelServer();
    world = E2eWorld.start(model.baseUrl());
    Path config = world.writeConfig(dir, 0, "    delaySeconds: 4");
    plugin = world.startPlugin(config);
    world.connectWebhooks(plugin.port());
    SandboxAccount ana = world.jira.customers().get(0);
    String key =
        world.jira.raiseRequest(ana, "General question", "Sizes", "Do the shoes run small?", null);
    // Scheduled: recorded in the ticket's state property, nothing posted yet.
    world.awaitIssueProperty(key, "jsmai.assistant.state", s -> true, Duration.ofSeconds(5));
    assertThat(world.jira.issueProperty(key, "jsmai.assistant.state")).isPresent();
    assertThat(world.botComments(key)).isEmpty();

    plugin.close(); // the in-memory timer is gone with it
    plugin = world.startPlugin(config);
    world.jira.clearRequests();

    List<IssueComment> replies =
        world.awaitBotComments(key, 1, IssueComment::isPublic, Duration.ofSeconds(30));
    assertThat(replies).hasSize(1);
    Thread.sleep(1000);
    assertThat(world.botComments(key)).hasSize(1);
  }
}

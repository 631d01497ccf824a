package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.web.PasswordHasher;
import com.jsmai.plugin.web.ScriptedModelServer;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jira connection and the model endpoint saved on the admin screens reach the automatic webhook
 * → reply pipeline of a real {@link PluginApp} without a restart, and a rollback switches back the
 * same way. Two JSM sandboxes and two scripted model servers on loopback stand for "the old" and
 * "the new" Jira and model; the model servers sign their answers so the reply in the thread tells
 * which one wrote it.
 */
class LiveSettingsPipelineTest {
  private static final String PASSWORD = "live settings admin";
  private static final String SECRET = "live-settings-webhook-secret";
  private static final Duration WAIT = Duration.ofSeconds(60);

  static JsmSandbox jiraA;
  static JsmSandbox jiraB;
  static ScriptedModelServer modelA;
  static ScriptedModelServer modelB;
  static PluginApp app;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    jiraA = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null));
    jiraB = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null));
    modelA = new ScriptedModelServer();
    modelA.signature = " [model A]";
    modelB = new ScriptedModelServer();
    modelB.signature = " [model B]";
    String yaml =
        """
        server: { host: 127.0.0.1, port: 0 }
        webhook: { path: /webhooks/jira, secret: %s }
        inbox: { file: %s, pollInterval: 100ms, initialBackoff: 200ms }
        jira: { flavor: cloud, baseUrl: %s, email: %s, apiToken: %s, maxRetries: 1 }
        model: { baseUrl: %s, model: qwen, timeout: 30s }
        reply:
          serviceDeskNames: { "1": "Retail Support" }
          defaults: { mode: auto, maxAutoReplies: 100 }
        faq: { fallbackBot: false }
        ratelimit: { customerReplies: 1000, customerModelCalls: 4000 }
        assistant: { proposalsFile: %s }
        ui:
          adminUser: admin
          adminPasswordHash: "%s"
        """
            .formatted(
                SECRET,
                dir.resolve("inbox.db"),
                jiraA.baseUrl(),
                jiraA.bot().email(),
                jiraA.bot().apiToken(),
                modelA.baseUrl(),
                dir.resolve("proposals.db"),
                new PasswordHasher().hash(PASSWORD.toCharArray()));
    Path file = Files.writeString(dir.resolve("jsmai.yaml"), yaml);
    app =
        PluginApp.start(
            new ConfigLoader(ConfigSections.ALL, Map.of()).load(file),
            PluginApp.Extensions.defaults());
    // The inbox de-duplicates by what happened ("issue 10000 created"), which carries no Jira
    // identity: start B's issue ids well above A's, as two real Jira instances would differ.
    for (int i = 0; i < 20; i++) {
      jiraB.raiseRequest(jiraB.customers().get(9), "General question", "old " + i, "old", null);
    }
    // Both Jiras send their events to the plugin; it reads and answers on the one it is set to.
    for (JsmSandbox j : List.of(jiraA, jiraB)) {
      j.registerWebhook(
          base() + "/webhooks/jira", List.of("jira:issue_created", "comment_created"), SECRET);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.close();
    if (modelA != null) modelA.close();
    if (modelB != null) modelB.close();
    if (jiraA != null) jiraA.close();
    if (jiraB != null) jiraB.close();
  }

  static String base() {
    return "http://127.0.0.1:" + app.port();
  }

  @Test
  void adminSwitchesModelEndpoint_nextWebhookReplyUsesIt_rollbackSwitchesBack() throws Exception {
    AdminForms admin = AdminForms.signIn(base(), "admin", PASSWORD);
    String before = reply(jiraA, jiraA.customers().get(0), "Are you open on Monday?");
    assertThat(before).as("the config file's model answers first").contains("[model A]");
    int beforeVersion = app.settings().current().version();

    // Models screen: add the second server, then make it the active one.
    admin.save(
        "/admin/models",
        "/admin/models",
        Map.of("action", "upsert", "name", "vllm", "baseUrl", modelB.baseUrl(), "model", "qwen"));
    admin.save("/admin/models", "/admin/models", Map.of("action", "activate", "name", "vllm"));
    assertThat(app.settings().current().models().get(0).name()).isEqualTo("vllm");

    String switched = reply(jiraA, jiraA.customers().get(1), "Are you open on Tuesday?");
    assertThat(switched).contains("[model B]").doesNotContain("[model A]");

    // History screen: roll back to the version before the change.
    admin.save(
        "/admin/history", "/admin/history/rollback", Map.of("to", String.valueOf(beforeVersion)));
    assertThat(app.settings().current().models().get(0).name()).isEqualTo("node");

    String rolledBack = reply(jiraA, jiraA.customers().get(2), "Are you open on Wednesday?");
    assertThat(rolledBack).contains("[model A]").doesNotContain("[model B]");
  }

  @Test
  void adminSwitchesJiraConnection_nextWebhookIsAnsweredThere_rollbackSwitchesBack()
      throws Exception {
    AdminForms admin = AdminForms.signIn(base(), "admin", PASSWORD);
    int beforeVersion = app.settings().current().version();

    // Jira connection screen: the second Jira, with its own bot credentials.
    admin.save(
        "/admin/connection",
        "/admin/connection",
        Map.of(
            "baseUrl", jiraB.baseUrl(),
            "flavor", "cloud",
            "email", jiraB.bot().email(),
            "token", jiraB.bot().apiToken()));
    assertThat(app.settings().current().jira().orElseThrow().baseUrl().toString())
        .isEqualTo(jiraB.baseUrl());

    String onB = reply(jiraB, jiraB.customers().get(3), "Do you ship to Norway?");
    assertThat(onB).as("read and answered on the new Jira").contains(ScriptedModelServer.ANSWER);

    admin.save(
        "/admin/history", "/admin/history/rollback", Map.of("to", String.valueOf(beforeVersion)));
    assertThat(app.settings().current().jira().orElseThrow().baseUrl().toString())
        .isEqualTo(jiraA.baseUrl());

    String onA = reply(jiraA, jiraA.customers().get(4), "Do you ship to Chile?");
    assertThat(onA).as("answered on the old Jira again").contains(ScriptedModelServer.ANSWER);
    // Nothing was posted on B after the rollback: its newest ticket has no bot reply.
    String quiet =
        jiraB.raiseRequest(jiraB.customers().get(5), "General question", "Q", "Hi?", null);
    Thread.sleep(1500);
    assertThat(botComments(jiraB, quiet)).isEmpty();
  }

  @Test
  void jiraSwitchedWhileEventInFlight_eventFinishesOnTheJiraItStartedWith() throws Exception {
    AdminForms admin = AdminForms.signIn(base(), "admin", PASSWORD);
    int beforeVersion = app.settings().current().version();
    String key;
    modelA.delayMs = 1500;
    try {
      int seen = modelA.requests.size();
      key = jiraA.raiseRequest(jiraA.customers().get(6), "General question", "Q", "Hello?", null);
      long end = System.nanoTime() + WAIT.toNanos();
      while (modelA.requests.size() == seen && System.nanoTime() < end) Thread.sleep(20);
      assertThat(modelA.requests.size()).as("the event is at the model").isGreaterThan(seen);
      // Mid-event, the admin points the service at the other Jira.
      admin.save(
          "/admin/connection",
          "/admin/connection",
          Map.of(
              "baseUrl", jiraB.baseUrl(),
              "flavor", "cloud",
              "email", jiraB.bot().email(),
              "token", jiraB.bot().apiToken()));
    } finally {
      modelA.delayMs = 0;
    }

    long end = System.nanoTime() + WAIT.toNanos();
    while (botComments(jiraA, key).isEmpty() && System.nanoTime() < end) Thread.sleep(50);
    assertThat(botComments(jiraA, key)).as("answered where the event came from").hasSize(1);
    // B has a ticket with the same key (its own customer's): nothing was posted there.
    assertThat(botComments(jiraB, key)).isEmpty();
    admin.save(
        "/admin/history", "/admin/history/rollback", Map.of("to", String.valueOf(beforeVersion)));
  }

  /** Raises a request on {@code jira} and waits for the assistant's reply there; its text. */
  private static String reply(JsmSandbox jira, SandboxAccount customer, String question)
      throws InterruptedException {
    String key = jira.raiseRequest(customer, "General question", question, question, null);
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      List<IssueComment> found = botComments(jira, key);
      if (!found.isEmpty()) return found.get(0).body();
      Thread.sleep(50);
    }
    throw new AssertionError("no reply on " + key + " at " + jira.baseUrl());
  }

  private static List<IssueComment> botComments(JsmSandbox jira, String key) {
    String bot = jira.bot().accountId();
    return jira.thread(key).stream().filter(c -> c.authorId().equals(bot)).toList();
  }
}

package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.app.PluginApp;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox → webhook → plugin (in this JVM, configured from a YAML file) → model server → a comment
 * in the sandbox thread. Real HTTP everywhere, a real SQLite inbox; the model is the scripted
 * loopback server so the test can inspect every prompt.
 */
class PipelineE2eTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> TOPICS =
      List.of(
          "Can you gift wrap it",
          "Please send an invoice copy",
          "Could the delivery address change",
          "Which courier brings it",
          "How big is the box",
          "Is a warranty card included",
          "Do I get a return label",
          "Are there customs fees",
          "Do you deliver on Saturday",
          "Must somebody sign",
          "May it go to a parcel locker",
          "Is shipping insured",
          "My discount code failed",
          "Were loyalty points added",
          "Which colours exist",
          "Can I buy spare parts",
          "Where is the assembly manual",
          "What battery type fits",
          "Does the charger plug suit Europe",
          "How should I clean this",
          "How do I store it in winter",
          "Do you match competitor prices",
          "Any bulk purchase rebate",
          "Is there a student discount",
          "Unsubscribe me from newsletters",
          "Reset my account password",
          "I need a payment receipt",
          "Send a VAT tax invoice",
          "Can express shipping speed things up");
  private static ScriptedModelServer model;
  private static E2eWorld world;

  @TempDir Path dir;
  private PluginApp plugin;
  private SandboxAccount ana;

  @BeforeAll
  static void startWorld() throws Exception {
    model = new ScriptedModelServer();
    world = E2eWorld.start(model.baseUrl());
  }

  @AfterAll
  static void stopWorld() {
    if (world != null) world.close();
    if (model != null) model.close();
  }

  @BeforeEach
  void startPlugin() throws Exception {
    world.jira.reset();
    model.failWith(0);
    model.delay(Duration.ZERO);
    plugin = world.startPlugin(world.writeConfig(dir, 0, null));
    world.connectWebhooks(plugin.port());
    ana = world.jira.customers().get(0);
  }

  @AfterEach
  void stopPlugin() {
    if (plugin != null) plugin.close();
  }

  @Test
  void newTicket_modelAnswers_publicReplyAppearsInSandboxThread() throws Exception {
    int before = model.completions().size();
    String key =
        world.jira.raiseRequest(
            ana, "General question", "Opening hours", "When are you open on Sundays?", null);

    List<IssueComment> replies = world.awaitBotComments(key, 1, IssueComment::isPublic, WAIT);

    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).body()).contains("we are on it");
    assertThat(world.jira.customerView(key))
        .extracting(IssueComment::body)
        .anySatisfy(b -> assertThat(b).contains("we are on it"));
    assertThat(model.completions().size()).isGreaterThan(before);
    JsonNode prompt = model.completions().get(model.completions().size() - 1);
    assertThat(prompt.toString()).contains("When are you open on Sundays?");
  }

  @Test
  void duplicateDeliveries_fiveCopiesAtOnce_exactlyOneReply() throws Exception {
    world.jira.injectFault(Fault.webhookDuplicate("jira:issue_created", 5, 1));
    String key =
        world.jira.raiseRequest(
            ana, "General question", "Gift cards", "Do you sell gift cards?", null);
    assertThat(world.jira.awaitDeliveries(WAIT)).isTrue();

    world.awaitBotComments(key, 1, c -> true, WAIT);
    Thread.sleep(1500); // time for any late duplicate to post a second comment

    long copies =
        world.jira.deliveries().stream()
            .filter(d -> d.event().equals("jira:issue_created"))
            .count();
    assertThat(copies).as("the sandbox delivered duplicates").isGreaterThanOrEqualTo(5);
    assertThat(world.botComments(key)).hasSize(1);
  }

  @Test
  void modelDown_retriedUntilDeadline_thenInternalHandoffNoteAndPublicNotice() throws Exception {
    model.failWith(503);
    int before = model.completions().size();
    String key =
        world.jira.raiseRequest(
            ana, "General question", "Invoice", "Please resend my invoice.", null);

    List<IssueComment> notes = world.awaitBotComments(key, 1, c -> !c.isPublic(), WAIT);

    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).body()).containsIgnoringCase("unavailable");
    assertThat(model.completions().size() - before).as("model calls (retries)").isGreaterThan(1);
    // Auto mode: the customer hears that a person will reply, and nothing of the reason.
    List<IssueComment> seen = awaitCustomerView(key, 1);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).body())
        .contains("support team will reply")
        .doesNotContainIgnoringCase("unavailable")
        .doesNotContainIgnoringCase("reason");
    assertThat(world.botComments(key)).filteredOn(c -> !c.isPublic()).hasSize(1);
  }

  @Test
  void customerAsksForAHumanInChinese_internalNoteAndOneChineseNotice() throws Exception {
    int before = model.completions().size();
    String key =
        world.jira.raiseRequest(ana, "General question", "订单", "我的订单 #W2234567 还没到，我要转人工", null);

    List<IssueComment> notes = world.awaitBotComments(key, 1, c -> !c.isPublic(), WAIT);
    List<IssueComment> seen = awaitCustomerView(key, 1);

    assertThat(notes.get(0).body()).contains("asked for a human").contains("#W2234567");
    assertThat(seen).as("only the notice").hasSize(1);
    assertThat(seen.get(0).body()).contains("客服").doesNotContain("W2234567");
    assertThat(model.completions().size()).as("no model call").isEqualTo(before);
    // A second customer message while handed off gets no second notice.
    world.jira.addComment(key, ana, "还有人吗？", true);
    Thread.sleep(1500);
    assertThat(world.botComments(key)).filteredOn(IssueComment::isPublic).hasSize(1);
  }

  private List<IssueComment> awaitCustomerView(String key, int count) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    List<IssueComment> seen = world.jira.customerView(key);
    while (seen.size() < count && System.nanoTime() < end) {
      Thread.sleep(50);
      seen = world.jira.customerView(key);
    }
    return seen;
  }

  @Test
  void internalNote_neverInThePromptOfAPublicReply() throws Exception {
    String key =
        world.jira.raiseRequest(
            ana, "General question", "Warranty", "Is my kettle under warranty?", null);
    world.awaitBotComments(key, 1, IssueComment::isPublic, WAIT);
    world.jira.addComment(
        key, world.jira.agent(), "INTERNAL-ONLY: customer flagged for fraud review 7731", false);
    world.jira.addComment(key, ana, "Thanks! And how long does the warranty last?", true);

    world.awaitBotComments(key, 2, IssueComment::isPublic, WAIT);

    assertThat(model.completions()).isNotEmpty();
    for (JsonNode request : model.completions()) {
      assertThat(request.toString()).doesNotContain("fraud review 7731");
    }
    assertThat(model.completions().get(model.completions().size() - 1).toString())
        .contains("how long does the warranty last");
  }

  @Test
  @Tag("slow")
  void memoryFacts_thirtyTurnThread_orderNumberStillInTheLastPrompt() throws Exception {
    String key =
        world.jira.raiseRequest(
            ana,
            "Where is my order?",
            "Parcel missing",
            "My order #W2234567 has not arrived yet.",
            "#W2234567");
    world.awaitBotComments(key, 1, IssueComment::isPublic, WAIT);
    for (int turn = 1; turn < 30; turn++) {
      // Distinct questions: a near-repeat of an answered one is (rightly) handed to a human.
      world.jira.addComment(
          key, ana, TOPICS.get(turn - 1) + "? (courier note " + (1000 + turn) + ")", true);
      List<IssueComment> replies =
          world.awaitBotComments(key, turn + 1, IssueComment::isPublic, WAIT);
      assertThat(replies).as("reply to turn %d", turn).hasSize(turn + 1);
    }

    JsonNode last = model.completions().get(model.completions().size() - 1);
    String system = last.path("messages").get(0).path("content").asText();
    assertThat(system).contains("#W2234567");
    assertThat(last.toString()).contains("courier note 1029");
    // The window keeps the prompt bounded: the first turns are summarised, not repeated.
    assertThat(last.toString()).doesNotContain("courier note 1001)");
  }
}

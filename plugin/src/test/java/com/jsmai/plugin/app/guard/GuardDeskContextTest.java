package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.app.ReplySection;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.ReplyOrchestrator.Outcome;
import com.jsmai.plugin.safety.DeskContextCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input check's context stage, fed by the desk's configured prompt template. */
class GuardDeskContextTest {
  @TempDir Path dir;

  private static final String NO_POLITICS_DESK =
      "reply:\n  defaults:\n    prompt:\n      template: \"You are the help desk of Acme Outdoor."
          + " Never discuss politics.\"\n";
  private static final String QUESTION =
      "Before my tent question: what is your view on the politics of the new mayor?";

  @Test
  void process_requestOnTopicTheDeskForbids_routesToHuman() throws Exception {
    try (GuardHarness h =
        new GuardHarness(
            dir,
            NO_POLITICS_DESK
                + "safety:\n  contextEmbeddings: false\nfaq:\n  fallbackBot: false\n")) {
      h.jira.createTicket("SD-1", GuardHarness.ANA, "Tent", QUESTION, Map.of());

      Outcome outcome = h.orchestrator.process(h.created("SD-1", GuardHarness.ANA));

      assertThat(outcome).isEqualTo(Outcome.HANDOFF);
      assertThat(h.publicReplies("SD-1")).isZero();
      assertThat(h.handoffNotices("SD-1")).isEqualTo(1);
      assertThat(h.model.replyRequests()).isEmpty();
      assertThat(h.jira.assistantComments("SD-1").get(0).body()).contains("forbidden-topic");
    }
  }

  @Test
  void process_sameRequestOnDefaultDesk_isAnswered() throws Exception {
    try (GuardHarness h =
        new GuardHarness(
            dir, "safety:\n  contextEmbeddings: false\nfaq:\n  fallbackBot: false\n")) {
      h.jira.createTicket("SD-2", GuardHarness.ANA, "Tent", QUESTION, Map.of());
      h.model.thenReply("I can help with the tent.");

      Outcome outcome = h.orchestrator.process(h.created("SD-2", GuardHarness.ANA));

      assertThat(outcome).isNotEqualTo(Outcome.HANDOFF);
      assertThat(h.model.replyRequests()).hasSize(1);
    }
  }

  @Test
  void process_contextCheckOff_forbiddenTopicIsAnswered() throws Exception {
    try (GuardHarness h =
        new GuardHarness(
            dir,
            NO_POLITICS_DESK + "safety:\n  contextCheck: false\nfaq:\n  fallbackBot: false\n")) {
      h.jira.createTicket("SD-3", GuardHarness.ANA, "Tent", QUESTION, Map.of());
      h.model.thenReply("I can help with the tent.");

      Outcome outcome = h.orchestrator.process(h.created("SD-3", GuardHarness.ANA));

      assertThat(outcome).isNotEqualTo(Outcome.HANDOFF);
    }
  }

  @Test
  void process_promptTemplateChangedAtRunTime_nextTicketJudgedByTheNewTemplate() throws Exception {
    Scoped<PromptConfig> defaults =
        GuardHarness.config(dir, "").get(ReplySection.class).toReplyConfig().prompts();
    Scoped<PromptConfig> noPolitics =
        GuardHarness.config(dir, NO_POLITICS_DESK)
            .get(ReplySection.class)
            .toReplyConfig()
            .prompts();
    AtomicReference<Scoped<PromptConfig>> live = new AtomicReference<>(defaults);
    try (GuardHarness h =
        new GuardHarness(
            dir,
            "safety:\n  contextEmbeddings: false\nfaq:\n  fallbackBot: false\n",
            b -> b.prompts(live::get),
            ModelAssistant::new)) {
      h.jira.createTicket("SD-4", GuardHarness.ANA, "Tent", QUESTION, Map.of());
      h.jira.createTicket("SD-5", GuardHarness.ANA, "Tent", QUESTION, Map.of());
      h.model.thenReply("I can help with the tent.");

      Outcome before = h.orchestrator.process(h.created("SD-4", GuardHarness.ANA));
      live.set(noPolitics); // what an admin's saved template does through the live settings
      Outcome after = h.orchestrator.process(h.created("SD-5", GuardHarness.ANA));

      assertThat(before).isNotEqualTo(Outcome.HANDOFF);
      assertThat(after).isEqualTo(Outcome.HANDOFF);
      assertThat(h.publicReplies("SD-5")).isZero();
      assertThat(h.handoffNotices("SD-5")).isEqualTo(1);
    }
  }

  @Test
  void config_topicSimilarityOutOfRange_failsNamingTheValue() {
    assertThatThrownBy(() -> GuardHarness.config(dir, "safety:\n  topicSimilarity: 1.7\n"))
        .hasMessageContaining("1.7");
  }

  @Test
  void config_chineseThresholds_reachTheContextStage() throws Exception {
    SafetyConfig safety =
        GuardHarness.config(
                dir, "safety:\n  chineseTopicSimilarity: 0.5\n  chineseScopeSimilarity: 0.3\n")
            .get(SafetyConfig.class);

    assertThat(safety.context().chineseTopicSimilarity()).isEqualTo(0.5);
    assertThat(safety.context().chineseScopeSimilarity()).isEqualTo(0.3);
    assertThat(GuardHarness.config(dir, "").get(SafetyConfig.class).context())
        .isEqualTo(DeskContextCheck.Config.defaults());
  }

  @Test
  void config_chineseTopicSimilarityOutOfRange_failsNamingTheValue() {
    assertThatThrownBy(() -> GuardHarness.config(dir, "safety:\n  chineseTopicSimilarity: 0\n"))
        .hasMessageContaining("chineseTopicSimilarity");
  }

  @Test
  void config_unknownSafetyKey_fails() {
    assertThatThrownBy(() -> GuardHarness.config(dir, "safety:\n  contextChek: true\n"))
        .hasMessageContaining("contextChek");
  }
}

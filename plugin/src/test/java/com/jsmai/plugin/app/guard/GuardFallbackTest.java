package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.faq.FaqEntry;
import com.jsmai.plugin.faq.KnowledgeBase;
import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.ReplyOrchestrator.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model down: the fallback bot with the real English encoder answers known questions only. */
@Tag("slow")
class GuardFallbackTest {
  static final List<FaqEntry> FAQ =
      List.of(
          new FaqEntry(
              "reset-password",
              List.of("How do I reset my password?", "I forgot my password"),
              "Use 'Forgot password' on the login page; the link is valid for one hour."),
          new FaqEntry(
              "opening-hours",
              List.of("What are your opening hours?", "When is support open?"),
              "Support is open Monday to Friday, 9:00 to 18:00."));

  static OnnxEmbedder english;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    english = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15, 2);
  }

  @AfterAll
  static void close() {
    english.close();
  }

  GuardHarness harness() throws Exception {
    // Instant answers off, so only the bot can answer without the model.
    return new GuardHarness(
        dir,
        "faq:\n  instantAnswers: false\n",
        b -> b.faqEntries(FAQ).embedders(english, null).knowledgeBase(KnowledgeBase.NONE),
        ModelAssistant::new);
  }

  @Test
  void process_modelDownAndKnownQuestion_fallbackBotAnswersPublicly() throws Exception {
    try (GuardHarness h = harness()) {
      h.model.setDown(true);
      h.jira.createTicket(
          "SD-30", GuardHarness.ANA, "Password", "How can I reset my password?", Map.of());

      Outcome outcome = h.orchestrator.process(h.created("SD-30", GuardHarness.ANA));

      assertThat(outcome).isEqualTo(Outcome.PUBLIC_REPLY);
      assertThat(h.jira.assistantComments("SD-30").get(0).body())
          .startsWith("Use 'Forgot password' on the login page");
      assertThat(h.guard.metrics().scrape())
          .contains("jsmai_fallback_answers_total{outcome=\"answered\"} 1")
          .contains("jsmai_replies_total{mode=\"fallback\"} 1");
    }
  }

  @Test
  void process_modelDownAndUnknownQuestion_retriesThenHandsOffAfterTheDeadline() throws Exception {
    try (GuardHarness h = harness()) {
      h.model.setDown(true);
      h.jira.createTicket(
          "SD-31",
          GuardHarness.ANA,
          "Damaged sofa",
          "The sofa you delivered has a torn cushion.",
          Map.of());
      var event = h.created("SD-31", GuardHarness.ANA);

      assertThatThrownBy(() -> h.orchestrator.process(event))
          .isInstanceOf(ModelUnavailableException.class);
      assertThat(h.jira.assistantComments("SD-31")).isEmpty();

      h.clock.advance(Duration.ofMinutes(16)); // past the default 15-minute model deadline
      assertThat(h.orchestrator.process(event)).isEqualTo(Outcome.HANDOFF);
      assertThat(h.publicReplies("SD-31")).isZero();
      assertThat(h.handoffNotices("SD-31")).isEqualTo(1);
      assertThat(h.guard.metrics().scrape())
          .contains("jsmai_fallback_answers_total{outcome=\"handoff\"} 2")
          .contains("jsmai_handoffs_total{reason=\"model_unavailable\"} 1");
    }
  }
}

package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.reply.ReplyOrchestrator.Outcome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context stage on a desk whose prompt template is written in Chinese, through GuardRails. */
class GuardChineseDeskContextTest {
  @TempDir Path dir;

  private static final String CHINESE_DESK =
      "reply:\n  defaults:\n    prompt:\n      template: \"你是户外用品店的客服。不要讨论政治或宗教。\"\n"
          + "safety:\n  contextEmbeddings: false\nfaq:\n  fallbackBot: false\n";

  @Test
  void process_chineseTicketOnTopicTheChineseDeskForbids_routesToHuman() throws Exception {
    try (GuardHarness h = new GuardHarness(dir, CHINESE_DESK)) {
      h.jira.createTicket("SD-1", GuardHarness.ANA, "帐篷", "先不说帐篷，你怎么看新市长的政治立场？", Map.of());

      Outcome outcome = h.orchestrator.process(h.created("SD-1", GuardHarness.ANA));

      assertThat(outcome).isEqualTo(Outcome.HANDOFF);
      assertThat(h.model.replyRequests()).isEmpty();
      assertThat(h.jira.assistantComments("SD-1").get(0).body()).contains("forbidden-topic");
    }
  }

  @Test
  void process_inScopeChineseTicketOnChineseDesk_isAnswered() throws Exception {
    try (GuardHarness h = new GuardHarness(dir, CHINESE_DESK)) {
      h.jira.createTicket("SD-2", GuardHarness.ANA, "帐篷", "我买的帐篷少了一根支杆，可以补发吗？", Map.of());
      h.model.thenReply("可以，我们会补发支杆。");

      Outcome outcome = h.orchestrator.process(h.created("SD-2", GuardHarness.ANA));

      assertThat(outcome).isNotEqualTo(Outcome.HANDOFF);
      assertThat(h.model.replyRequests()).hasSize(1);
    }
  }
}

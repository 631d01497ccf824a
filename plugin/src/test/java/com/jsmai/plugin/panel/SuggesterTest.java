package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jsmai.plugin.conversation.Turn;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.MutableClock;
import com.jsmai.plugin.testing.ScriptedChatModel;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The suggestion prompt the panel sends, built from the same thread the reply pipeline reads: the
 * assistant's earlier replies reach the model without the footer they were posted with, in
 * whichever language that footer went out, and they are recognised as the assistant's exactly as
 * the pipeline recognises them (author, recorded id, or comment-property mark).
 */
class SuggesterTest {
  static final User ANA = new User("acc-ana", "Ana Lima", "ana@example.com", "customer");
  static final String KEY = "SD-1";

  /**
   * The account an earlier reply went out under that is not {@code myself()} now (a shared account,
   * or the connection before an admin switched it): only its mark tells it is ours.
   */
  static final User SHARED = new User("acc-shared", "Support team", null, "atlassian");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  final FakeJira jira = new FakeJira(clock);
  final ScriptedChatModel model = new ScriptedChatModel();
  final Suggester suggester =
      new Suggester(
          jira,
          () ->
              ReplyConfig.defaults()
                  .withPolicies(Scoped.of(ReplyPolicy.defaults()))
                  .withServiceDeskNames(Map.of("1", "Acme Shop")),
          model,
          null,
          clock);

  /** The messages of the suggestion request for {@link #KEY}, as one string. */
  String prompt() {
    ChatRequest request = suggester.request(suggester.read(KEY));
    return request.messages().toString();
  }

  @Test
  void request_earlierReplyUnderChineseFooter_promptOmitsTheFooter() {
    jira.createTicket(KEY, ANA, "订单", "我的订单 #W2378156 什么时候到？", Map.of());
    // What the reply pipeline posts for a Chinese customer: the answer, then the Chinese footer.
    jira.addComment(KEY, "您的订单 #W2378156 正在配送中。\n\n" + ReplyPolicy.DEFAULT_FOOTER_ZH, true);
    jira.customerComment(KEY, ANA, "还没有收到，怎么办？");

    assertThat(prompt())
        .contains("正在配送中")
        .contains("还没有收到")
        .doesNotContain(ReplyPolicy.DEFAULT_FOOTER_ZH);
  }

  @Test
  void request_earlierReplyUnderEnglishFooter_promptOmitsTheFooter() {
    jira.createTicket(KEY, ANA, "Order", "Where is my order #W2378156?", Map.of());
    jira.addComment(KEY, "Your order is on its way.\n\n" + ReplyPolicy.DEFAULT_FOOTER, true);
    jira.customerComment(KEY, ANA, "Still nothing, what now?");

    assertThat(prompt())
        .contains("on its way")
        .contains("Still nothing")
        .doesNotContain(ReplyPolicy.DEFAULT_FOOTER);
  }

  @Test
  void request_earlierReplyKnownOnlyByItsMark_isAnAssistantTurnWithoutFooter() {
    jira.createTicket(KEY, ANA, "Order", "Where is my order #W2378156?", Map.of());
    // Posted by the pipeline, but the state write was lost (a crash) and the author is not us: the
    // comment property the pipeline wrote right after posting is all that marks it as ours.
    Comment earlier =
        jira.agentComment(
            KEY, SHARED, "Your order is on its way.\n\n" + ReplyPolicy.DEFAULT_FOOTER, true);
    jira.setCommentProperty(
        KEY,
        earlier.id(),
        ReplyOrchestrator.COMMENT_PROPERTY,
        JsonNodeFactory.instance.objectNode().put("eventId", "d-created").put("kind", "reply"));
    jira.customerComment(KEY, ANA, "Still nothing, what now?");

    Suggester.Read read = suggester.read(KEY);

    assertThat(read.state().isOwnComment(earlier.id())).isFalse();
    assertThat(read.transcript().all())
        .filteredOn(t -> t.id().equals(earlier.id()))
        .singleElement()
        .extracting(Turn::speaker)
        .isEqualTo(Turn.Speaker.ASSISTANT);
    assertThat(suggester.request(read).messages().toString())
        .contains("on its way")
        .contains("Still nothing")
        .doesNotContain(ReplyPolicy.DEFAULT_FOOTER);
  }
}

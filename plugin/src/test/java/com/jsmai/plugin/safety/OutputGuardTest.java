package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.safety.OutputGuard.Reason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputGuardTest {
  private static final String SYSTEM_PROMPT =
      "You are the help desk assistant of Acme Retail. Answer only questions about orders,"
          + " returns and deliveries. Never promise refunds above 100 dollars without an agent.";
  private final OutputGuard guard = new OutputGuard(OutputGuard.Config.defaults());
  private final OutputGuard.Context context =
      new OutputGuard.Context(
          Set.of("Jane.Roe@example.com"),
          Set.of("+86 138 0013 8000"),
          SYSTEM_PROMPT,
          List.of("Customer has charged back twice before, be careful with goodwill credits."));

  private List<Reason> reasons(String reply) {
    return guard.check(reply, context).violations().stream()
        .map(OutputGuard.Violation::reason)
        .toList();
  }

  @Test
  void check_ordinaryReply_passes() {
    OutputGuard.Verdict v =
        guard.check("Your order #W2378156 left our warehouse today and arrives Friday.", context);

    assertThat(v.passed()).isTrue();
    assertThat(v.reason()).isEqualTo("passed");
  }

  @Test
  void check_orderItemAndTrackingNumbers_notMistakenForPersonalData() {
    assertThat(
            reasons(
                "Order #W4417290 (items 5830021947, 7712096634) shipped with tracking 482910374615;"
                    + " total 129.99 USD, 2024-05-01."))
        .isEmpty();
  }

  @Test
  void check_customersOwnEmailAndPhone_pass() {
    assertThat(reasons("We will write to jane.roe@EXAMPLE.com or call 13800138000.")).isEmpty();
  }

  @Test
  void check_anotherCustomersEmailOrPhone_fails() {
    assertThat(reasons("I forwarded it to john.doe@example.com"))
        .containsExactly(Reason.FOREIGN_PII);
    assertThat(reasons("他的手机是 13912345678")).containsExactly(Reason.FOREIGN_PII);
  }

  @Test
  void check_cardOrResidentId_failsEvenIfTheCustomers() {
    assertThat(reasons("Card 4111 1111 1111 1111 was charged."))
        .containsExactly(Reason.FOREIGN_PII);
    assertThat(reasons("身份证 110101199003071233")).containsExactly(Reason.FOREIGN_PII);
    assertThat(reasons("Reference 4111 1111 1111 1112")).as("fails Luhn: not a card").isEmpty();
  }

  @Test
  void check_sensitiveWordsEnglishAndChinese_fail() {
    assertThat(reasons("This is CONFIDENTIAL information.")).containsExactly(Reason.SENSITIVE_WORD);
    assertThat(reasons("这是内部资料，请勿外传")).containsExactly(Reason.SENSITIVE_WORD);
    assertThat(reasons("Our confidentiality policy is on the website")).as("whole words").isEmpty();
  }

  @Test
  void check_sensitiveWordHiddenByZeroWidthOrFullWidth_stillFails() {
    assertThat(reasons("ｃｏｎｆｉｄｅｎｔｉａｌ")).containsExactly(Reason.SENSITIVE_WORD);
    assertThat(reasons("confi\u200Bdential")).containsExactly(Reason.SENSITIVE_WORD);
  }

  @Test
  void check_copiedSystemPrompt_failsAsLeak() {
    assertThat(
            reasons(
                "Sure! My instructions say: answer only questions about orders, returns and"
                    + " deliveries."))
        .containsExactly(Reason.SYSTEM_PROMPT_LEAK);
  }

  @Test
  void check_copiedInternalNote_failsAsLeak() {
    assertThat(reasons("Note: customer has charged back twice before, be careful with credits."))
        .containsExactly(Reason.INTERNAL_NOTE_LEAK);
  }

  @Test
  void check_chineseSystemPromptCopied_fails() {
    OutputGuard.Context zh =
        new OutputGuard.Context(Set.of(), Set.of(), "你是某零售公司的客服助手，只回答订单、退货和配送的问题。", List.of());

    assertThat(guard.check("根据设定：我只回答订单、退货和配送的问题。", zh).violations())
        .extracting(OutputGuard.Violation::reason)
        .containsExactly(Reason.SYSTEM_PROMPT_LEAK);
  }

  @Test
  void asInternalDraft_carriesReasonAndReply_withoutFullPii() {
    OutputGuard.Verdict v = guard.check("Card 4111 1111 1111 1111 was charged.", context);

    String draft = v.asInternalDraft("Card 4111 1111 1111 1111 was charged.");

    assertThat(v.passed()).isFalse();
    assertThat(v.reason())
        .contains("FOREIGN_PII")
        .contains("1111")
        .doesNotContain("4111111111111111");
    assertThat(draft).startsWith("[AI draft held back: FOREIGN_PII");
  }

  @Test
  void contextFor_ticketAndThread_reporterEmailAndInternalNotes() {
    var reporter =
        new com.jsmai.plugin.jira.User("c-1", "Jane", "jane.roe@example.com", "customer");
    var ticket =
        new com.jsmai.plugin.jira.Ticket(
            "SD-1",
            "1",
            "s",
            "d",
            reporter,
            "1",
            "1",
            "t",
            "Open",
            java.util.Map.of(),
            java.time.Instant.EPOCH);
    var thread =
        List.of(
            new com.jsmai.plugin.jira.Comment(
                "1",
                "Refund approved up to 40 dollars only, not more.",
                false,
                reporter,
                java.time.Instant.EPOCH),
            new com.jsmai.plugin.jira.Comment(
                "2", "public text", true, reporter, java.time.Instant.EPOCH));

    OutputGuard.Context ctx = OutputGuard.contextFor(ticket, SYSTEM_PROMPT, thread);

    assertThat(ctx.customerEmails()).containsExactly("jane.roe@example.com");
    assertThat(ctx.internalNotes())
        .containsExactly("Refund approved up to 40 dollars only, not more.");
    assertThat(
            guard
                .check(
                    "Write to jane.roe@example.com: refund approved up to 40 dollars only, not more.",
                    ctx)
                .violations())
        .extracting(OutputGuard.Violation::reason)
        .containsExactly(Reason.INTERNAL_NOTE_LEAK);
  }

  @Test
  void config_blankWordOrTinyLeakWindow_rejectedWithValue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new OutputGuard.Config(List.of(" "), 8, Set.of()))
        .hasMessageContaining("blank");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new OutputGuard.Config(List.of(), 2, Set.of()))
        .hasMessageContaining("2");
  }
}

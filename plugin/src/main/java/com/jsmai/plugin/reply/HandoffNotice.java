package com.jsmai.plugin.reply;

import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.policy.HandoffPolicy;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The public acknowledgement a customer gets when the assistant hands the ticket to a person (auto
 * mode): without it a customer used to instant answers saw silence. The text is fixed, built-in
 * ({@code reply.handoffNotice.text} in {@code i18n/messages*.properties}) or an admin's {@code
 * handoff.customerNoticeText}: it is never built from the handoff's reason, the ticket, the facts
 * or anything else in the internal note, so nothing internal can reach the customer through it.
 */
final class HandoffNotice {
  static final String KEY = "reply.handoffNotice.text";

  private HandoffNotice() {}

  /**
   * The notice for a customer writing in {@code language}: Chinese gets Chinese, others English.
   */
  static String text(HandoffPolicy handoff, Language language) {
    String lang = language == Language.CHINESE ? "zh" : "en";
    String custom = handoff.customerNoticeText().get(lang);
    if (custom != null) return custom.strip();
    return builtIn(lang);
  }

  /** The shipped text in {@code lang} ({@code en} or {@code zh}). */
  static String builtIn(String lang) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            "i18n.messages",
            lang.equals("zh") ? Locale.CHINESE : Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return bundle.getString(KEY);
  }
}

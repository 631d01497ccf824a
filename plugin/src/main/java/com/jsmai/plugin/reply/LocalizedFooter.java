package com.jsmai.plugin.reply;

import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.policy.ReplyPolicy;
import java.util.List;

/**
 * The footer under an automatic public reply, in the customer's language where we have a
 * translation. Only the built-in default is translated: a footer an admin wrote is theirs and goes
 * out as written. A Chinese customer used to get a Chinese answer under an English footer.
 */
final class LocalizedFooter {
  /** {@link ReplyPolicy#DEFAULT_FOOTER} in Simplified Chinese, with the same two handoff words. */
  static final String DEFAULT_FOOTER_ZH = "—— 此回复由 AI 助手自动生成。回复“转人工”（或 \"human\"）即可联系人工客服。";

  private LocalizedFooter() {}

  /** The footer to append for a customer writing in {@code language}. */
  static String of(String configured, Language language) {
    if (language == Language.CHINESE && ReplyPolicy.DEFAULT_FOOTER.equals(configured)) {
      return DEFAULT_FOOTER_ZH;
    }
    return configured;
  }

  /** Every form {@code configured} can take in a posted reply (to strip from the transcript). */
  static List<String> all(String configured) {
    return ReplyPolicy.DEFAULT_FOOTER.equals(configured)
        ? List.of(configured, DEFAULT_FOOTER_ZH)
        : List.of(configured);
  }
}

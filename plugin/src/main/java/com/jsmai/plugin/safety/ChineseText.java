package com.jsmai.plugin.safety;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lexical units of Chinese text for the context stage. Chinese has no spaces between words and the
 * plugin ships no word segmenter, so a topic is compared by its overlapping character bigrams (what
 * Lucene's CJK analyzer indexes): "退货和退款" gives 退货, 退款 (bigrams that hold a function character such
 * as 和, 的, 我 are dropped), and a ticket "退款什么时候到账" shares 退款 with it. A bigram is the shortest unit
 * that is mostly a word of its own; single characters are too ambiguous (款 is in 退款 and 款式), and a
 * whole multi-word topic as one substring misses reorderings ("股票投资" against "投资哪只股票").
 */
final class ChineseText {
  private ChineseText() {}

  private static final Pattern HAN_RUN = Pattern.compile("\\p{IsHan}+");

  // Function characters: pronouns, particles, conjunctions, copulas, negations, question words.
  // A bigram holding one of them carries no topic ("的问", "我的", "和退").
  private static final String FUNCTION_CHARS =
      "的了是在和与或及跟也都就又还而并且把被让给对向从为以于之其这那些我你您他她它们吗呢吧啊呀么哪谁" + "怎何什不没请但";

  // Bigrams that are words of the request or of the restriction itself, not of a topic: the
  // Chinese counterpart of the English STOP words "question", "help", "related", "user".
  private static final Set<String> STOP_BIGRAMS =
      Set.of(
          "问题", "话题", "内容", "事情", "事项", "信息", "方面", "领域", "主题", "议题", "相关", "有关", "关于", "涉及", "用户",
          "客户", "顾客", "帮助", "帮忙", "协助", "回答", "解答", "回复", "答复", "讨论", "谈论", "提供", "处理", "负责", "咨询",
          "请求", "一下", "一些", "一个", "任何", "所有", "一切", "知道", "告诉", "想问", "希望", "需要", "可以", "能够", "应该",
          "必须", "一定", "助手", "客服", "机器", "器人", "服务", "例如", "比如", "包括", "诸如", "譬如", "特别", "尤其", "之类",
          "等等", "其他", "东西", "现在", "今天", "时候", "时间");

  /** Content bigrams of the Han runs of {@code text}, in order of first occurrence. */
  static Set<String> bigrams(String text) {
    Set<String> out = new LinkedHashSet<>();
    var m = HAN_RUN.matcher(text);
    while (m.find()) {
      String run = m.group();
      for (int i = 0; i + 2 <= run.length(); i++) {
        String b = run.substring(i, i + 2);
        if (FUNCTION_CHARS.indexOf(b.charAt(0)) >= 0 || FUNCTION_CHARS.indexOf(b.charAt(1)) >= 0)
          continue;
        if (!STOP_BIGRAMS.contains(b)) out.add(b);
      }
    }
    return out;
  }
}

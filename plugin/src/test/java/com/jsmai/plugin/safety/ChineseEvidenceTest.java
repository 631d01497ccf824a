package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.conversation.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChineseEvidenceTest {

  private static final List<String> TERMS =
      List.of(
          "juniper-7", "ada quill", "王芳", "a.b", "c++", "x|y", "(secret)", "$1", "\\e", "pin", "7");
  private static final List<String> VIEWS =
      List.of(
          "juniper-7是什么",
          "告诉我juniper-7",
          "xjuniper-7",
          "juniper-70",
          "ada quill的生日",
          "王芳住在哪里",
          "aab a.b",
          "axb",
          "用c++写",
          "x|y的值",
          "xy",
          "(secret)!",
          "价格$1",
          "\\e",
          "pin码",
          "spin",
          "7号",
          "17");

  @Test
  void contains_cachedPattern_sameAnswerAsCompilingEachCall() {
    for (int round = 0; round < 2; round++) {
      for (String term : TERMS) {
        for (String view : VIEWS) {
          boolean expected =
              Language.hasHan(term)
                  ? view.contains(term)
                  : ChineseEvidence.termPattern(term).matcher(view).find();
          assertThat(ChineseEvidence.contains(view, term))
              .as("contains(%s, %s)", view, term)
              .isEqualTo(expected);
        }
      }
    }
    // Spot checks that the reference itself behaves as documented.
    assertThat(ChineseEvidence.contains("juniper-7是什么", "juniper-7")).isTrue();
    assertThat(ChineseEvidence.contains("juniper-70", "juniper-7")).isFalse();
    assertThat(ChineseEvidence.contains("axb", "a.b")).isFalse();
  }

  @Test
  void cachedTermPattern_sameTerm_compiledOnce() {
    assertThat(ChineseEvidence.cachedTermPattern("ada quill"))
        .isSameAs(ChineseEvidence.cachedTermPattern("ada quill"));
    assertThat(ChineseEvidence.cachedTermPattern("ada quill").pattern())
        .isEqualTo(ChineseEvidence.termPattern("ada quill").pattern());
  }
}

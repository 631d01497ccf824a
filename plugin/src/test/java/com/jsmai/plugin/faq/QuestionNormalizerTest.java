package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionNormalizerTest {

  @Test
  void normalize_caseGreetingPunctuationAndThanks_removed() {
    assertThat(QuestionNormalizer.normalize("Hi! How do I RETURN an item??  Thanks"))
        .isEqualTo(QuestionNormalizer.normalize("how do i return an item"))
        .isEqualTo("how do i return an item");
  }

  @Test
  void normalize_chineseFullWidthAndPoliteness_removed() {
    assertThat(QuestionNormalizer.normalize("您好，请问怎么退货？谢谢！"))
        .isEqualTo(QuestionNormalizer.normalize("怎么退货"));
    assertThat(QuestionNormalizer.normalize("ＷＨＥＲＥ　is my order")).isEqualTo("where is my order");
  }

  @Test
  void normalize_differentQuestions_stayDifferent() {
    assertThat(QuestionNormalizer.normalize("How do I return an item?"))
        .isNotEqualTo(QuestionNormalizer.normalize("How do I return two items?"));
    assertThat(QuestionNormalizer.normalize(null)).isEmpty();
  }
}

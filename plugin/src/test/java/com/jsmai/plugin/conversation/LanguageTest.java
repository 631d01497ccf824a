package com.jsmai.plugin.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "我的订单 #W2378156 在哪里？|CHINESE",
        "订单号 SO-20240915-8812 还没发货，email ana@example.com|CHINESE",
        "Where is my order #W2378156?|ENGLISH",
        "ok|ENGLISH",
        "注文はいつ届きますか|JAPANESE",
        "주문이 언제 도착하나요|KOREAN",
        "Где мой заказ?|RUSSIAN",
        "¿Dónde está mi pedido? Ya pagué en línea|OTHER_LATIN",
        "Hi, I ordered 手机壳 last week and it has not arrived yet|ENGLISH"
      })
  void detect_text_language(String text, Language expected) {
    assertThat(Language.detect(text)).isEqualTo(expected);
  }

  @Test
  void hasHan_detectsChineseCharactersOnly() {
    assertThat(Language.hasHan("退款多久到账")).isTrue();
    assertThat(Language.hasHan("refund 退款")).isTrue();
    assertThat(Language.hasHan("refund status")).isFalse();
  }
}

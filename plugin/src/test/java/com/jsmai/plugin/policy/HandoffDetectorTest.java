package com.jsmai.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandoffDetectorTest {
  final HandoffDetector detector = new HandoffDetector(List.of("speak to sales"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I want to talk to a human",
        "Can I SPEAK TO A PERSON please?",
        "human",
        "Get me a real agent now",
        "转人工",
        "我要人工客服",
        "请帮我找人工",
        "I'd like to speak to sales"
      })
  void asksForHuman_phrase_detected(String text) {
    assertThat(detector.asksForHuman(text)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Where is my order?", "人工智能客服能帮我查订单吗", "My manager ordered it", "humane"})
  void asksForHuman_ordinaryText_notDetected(String text) {
    assertThat(detector.asksForHuman(text)).isEmpty();
  }

  @Test
  void repeats_sameQuestionWithPunctuation_detected() {
    assertThat(
            detector.repeats(
                "When will order #W2378156 arrive??", List.of("when will order #W2378156 arrive?")))
        .isTrue();
  }

  @Test
  void repeats_differentQuestion_notDetected() {
    assertThat(
            detector.repeats(
                "Can I return the shoes?", List.of("When will order #W2378156 arrive?")))
        .isFalse();
  }

  @Test
  void repeats_shortAcknowledgement_neverCounts() {
    assertThat(detector.repeats("ok", List.of("ok"))).isFalse();
  }
}

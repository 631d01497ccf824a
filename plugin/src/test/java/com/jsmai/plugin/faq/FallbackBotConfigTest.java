package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackBotConfigTest {

  @Test
  void config_outOfRangeThresholds_rejectedNamingTheField() {
    assertThatThrownBy(() -> new FallbackBot.Config(1.0, 0.9, 0.8))
        .hasMessageContaining("threshold")
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> new FallbackBot.Config(0.9, 0, 0.8))
        .hasMessageContaining("chineseThreshold");
    assertThatThrownBy(() -> new FallbackBot.Config(0.9, 0.9, -1))
        .hasMessageContaining("articleThreshold");
  }

  @Test
  void faqEntry_badIdOrBlankParts_rejectedWithValue() {
    assertThatThrownBy(() -> new FaqEntry("bad id?", List.of("q"), "a"))
        .hasMessageContaining("bad id?");
    assertThatThrownBy(() -> new FaqEntry("x", List.of(" "), "a"))
        .hasMessageContaining("non-blank");
    assertThatThrownBy(() -> new FaqEntry("x", List.of("q"), " "))
        .hasMessageContaining("blank answer");
  }
}

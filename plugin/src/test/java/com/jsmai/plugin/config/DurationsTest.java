package com.jsmai.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parse_shortForms_andIso() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse(" 30 s ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void parse_garbageOrHugeCount_clearErrorNamingTheText() {
    assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"soon\"");
    // Ten digits would once have reached Long.parseLong unchecked; now it is simply not a duration.
    assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
  }
}

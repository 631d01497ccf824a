package com.jsmai.node.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {
  @Test
  void firstMatch_severalStopStrings_earliestStartWins() {
    StopStrings stops = new StopStrings(List.of("END", "x"));

    assertThat(stops.firstMatch("abc x def END", 0)).isEqualTo(4);
    assertThat(stops.firstMatch(new StringBuilder("abc END"), 0)).isEqualTo(4);
  }

  @Test
  void firstMatch_matchStraddlingEmittedText_found() {
    StopStrings stops = new StopStrings(List.of("</end>"));

    // "</e" was held back, so a match may start before what has been emitted ("abc ").
    assertThat(stops.firstMatch("abc </end>", 4)).isEqualTo(4);
    assertThat(stops.firstMatch("abc </en", 4)).isEqualTo(-1);
  }

  @Test
  void firstMatch_noStopStrings_none() {
    assertThat(new StopStrings(List.of()).firstMatch("anything", 0)).isEqualTo(-1);
  }

  @Test
  void releasable_suffixThatCouldBecomeAStopString_heldBack() {
    StopStrings stops = new StopStrings(List.of("</end>"));

    assertThat(stops.releasable("Hello </en", 0, 10)).isEqualTo(6);
    assertThat(stops.releasable("Hello <", 0, 7)).isEqualTo(6);
    assertThat(stops.releasable("Hello </x", 0, 9)).isEqualTo(9);
  }

  @Test
  void releasable_neverHoldsBackAlreadyEmittedText() {
    StopStrings stops = new StopStrings(List.of("STOP"));

    // "ST" could start "STOP", but "S" was already emitted: only the "T" after it is in play.
    assertThat(stops.releasable("abc ST", 5, 6)).isEqualTo(6);
    assertThat(stops.releasable("abc ST", 4, 6)).isEqualTo(4);
  }

  @Test
  void releasable_endBeforeTextLength_onlyLooksAtTextUpToEnd() {
    StopStrings stops = new StopStrings(List.of("ab"));

    assertThat(stops.releasable("xa\uFFFD", 0, 2)).isEqualTo(1);
  }
}

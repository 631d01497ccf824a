package com.jsmai.node.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamStateTest {
  @Test
  void update_stopStringSplitAcrossSteps_neverEmitsItsBeginning() {
    List<String> out = new ArrayList<>();
    TextGenerator.StreamState s = new TextGenerator.StreamState(List.of("</end>"), out::add);

    assertThat(s.update("Hello </")).isFalse();
    assertThat(String.join("", out)).isEqualTo("Hello ");
    assertThat(s.update("Hello </en")).isFalse();
    assertThat(s.update("Hello </end> more")).isTrue();

    assertThat(String.join("", out)).isEqualTo("Hello ");
    assertThat(s.finish("ignored")).isEqualTo("Hello ");
  }

  @Test
  void update_partialUtf8Character_heldBackUntilComplete() {
    List<String> out = new ArrayList<>();
    TextGenerator.StreamState s = new TextGenerator.StreamState(List.of(), out::add);

    s.update("ab\uFFFD");
    assertThat(String.join("", out)).isEqualTo("ab");
    s.update("ab你");

    assertThat(String.join("", out)).isEqualTo("ab你");
  }

  @Test
  void finish_noStop_flushesHeldBackText() {
    List<String> out = new ArrayList<>();
    TextGenerator.StreamState s = new TextGenerator.StreamState(List.of("STOP"), out::add);

    s.update("abc ST");

    assertThat(s.finish("abc ST")).isEqualTo("abc ST");
    assertThat(String.join("", out)).isEqualTo("abc ST");
  }
}

package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.safety.InjectionClassifier;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code safety.learnedClassifier} key and how the learned stage starts. */
class GuardLearnedStageTest {
  @TempDir Path dir;

  /** An encoder of another model than the one the shipped weights were trained on. */
  private static final class OtherModelEmbedder implements Embedder {
    @Override
    public String name() {
      return "some-other-encoder";
    }

    @Override
    public float[] embed(String text) {
      return new float[] {1, 0, 0};
    }
  }

  @Test
  void config_learnedClassifierAbsent_full() throws Exception {
    // FULL is the default since the fifth round (docs/safety.md); it was NONE before.
    SafetyConfig safety = GuardHarness.config(dir, "").get(SafetyConfig.class);

    assertThat(safety.learnedClassifier()).isEqualTo(InjectionClassifier.Mode.FULL);
  }

  @Test
  void config_learnedClassifierNone_parsed() throws Exception {
    SafetyConfig safety =
        GuardHarness.config(dir, "safety:\n  learnedClassifier: NONE\n").get(SafetyConfig.class);

    assertThat(safety.learnedClassifier()).isEqualTo(InjectionClassifier.Mode.NONE);
  }

  @Test
  void config_learnedClassifierWeak_parsed() throws Exception {
    SafetyConfig safety =
        GuardHarness.config(dir, "safety:\n  learnedClassifier: WEAK\n").get(SafetyConfig.class);

    assertThat(safety.learnedClassifier()).isEqualTo(InjectionClassifier.Mode.WEAK);
  }

  @Test
  void config_learnedClassifierUnknownMode_failsNamingTheKey() {
    assertThatThrownBy(() -> GuardHarness.config(dir, "safety:\n  learnedClassifier: sometimes\n"))
        .hasMessageContaining("learnedClassifier");
  }

  @Test
  void build_learnedClassifierOnWithAnEncoderItWasNotTrainedOn_failsAtStartup() throws Exception {
    var config =
        GuardHarness.config(
            dir, "safety:\n  learnedClassifier: FULL\nfaq:\n  fallbackBot: false\n");
    FakeJira jira = new FakeJira(new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));

    assertThatThrownBy(
            () ->
                GuardRails.builder(config, jira).embedders(new OtherModelEmbedder(), null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("safety.learnedClassifier")
        .hasMessageContaining("some-other-encoder");
  }
}

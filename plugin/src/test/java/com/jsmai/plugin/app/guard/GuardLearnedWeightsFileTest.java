package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.safety.InjectionClassifier;
import com.jsmai.plugin.safety.InjectionDetector;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safety.learnedClassifierWeights}: an install's own weights instead of the shipped ones.
 */
class GuardLearnedWeightsFileTest {
  @TempDir Path dir;

  /** A deterministic three-dimensional encoder, standing in for bge-small-en. */
  static final class ThreeAxisEmbedder implements Embedder {
    @Override
    public String name() {
      return "three-axis-test-encoder";
    }

    @Override
    public float[] embed(String text) {
      return Embedder.normalize(new float[] {1, text.length() % 7, 2});
    }
  }

  /** Weights for the test encoder; {@code bias} decides what the stage says about every text. */
  static InjectionClassifier.Weights weights(String encoder, List<String> techniques, double bias) {
    return new InjectionClassifier.Weights(
        encoder,
        3,
        techniques,
        new double[3],
        new double[techniques.size()],
        bias,
        0.7,
        null,
        false,
        1.0,
        "test",
        "test");
  }

  Path write(InjectionClassifier.Weights w) throws Exception {
    Path f = dir.resolve("my-weights.json");
    Files.writeString(f, w.toJson());
    return f;
  }

  PluginConfig config(Path weights) throws Exception {
    return GuardHarness.config(
        dir,
        "safety:\n  learnedClassifier: FULL\n  learnedClassifierWeights: "
            + weights
            + "\nfaq:\n  fallbackBot: false\n");
  }

  GuardRails build(PluginConfig config) {
    FakeJira jira = new FakeJira(new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
    return GuardRails.builder(config, jira).embedders(new ThreeAxisEmbedder(), null).build();
  }

  @Test
  void build_ownWeightsThatFlagEverything_usedInsteadOfTheShippedOnes() throws Exception {
    Path file =
        write(weights("three-axis-test-encoder", InjectionDetector.TECHNIQUES, 8.0)); // p ≈ 1
    try (GuardHarness h =
        new GuardHarness(
            dir,
            // The handoff note below shows the stage's technique; since the fifth round a flag only
            // the learned stage reaches is fenced by default, so this test asks for the handoff.
            "safety:\n  learnedClassifier: FULL\n  learnedAction: ROUTE_TO_HUMAN\n"
                + "  learnedClassifierWeights: "
                + file
                + "\nfaq:\n  fallbackBot: false\n",
            b -> b.embedders(new ThreeAxisEmbedder(), null),
            com.jsmai.plugin.reply.ModelAssistant::new)) {
      h.jira.createTicket("SD-1", GuardHarness.ANA, "Hello", "Where is my parcel?", Map.of());

      h.handler.handle(h.created("SD-1", GuardHarness.ANA));

      assertThat(h.guard.flaggedInputs().forTicket("SD-1"))
          .singleElement()
          .satisfies(r -> assertThat(r.techniques()).containsExactly("learned-classifier"));
      assertThat(h.jira.assistantComments("SD-1"))
          .extracting(Comment::body)
          .anyMatch(b -> b.contains("learned-classifier"));
    }
  }

  @Test
  void build_ownWeightsThatFlagNothing_benignTicketAnswered() throws Exception {
    Path file = write(weights("three-axis-test-encoder", InjectionDetector.TECHNIQUES, -8.0));
    try (GuardRails guard = build(config(file))) {
      assertThat(guard.flaggedInputs()).isNotNull();
    }
  }

  @Test
  void build_missingFile_failsNamingTheSettingAndTheFile() throws Exception {
    Path missing = dir.resolve("nowhere.json");

    assertThatThrownBy(() -> build(config(missing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("safety.learnedClassifierWeights")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void build_malformedFile_failsNamingTheSettingAndTheFile() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"encoder\": \"three-axis-test-encoder\", \"dimensions\": ");

    assertThatThrownBy(() -> build(config(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("safety.learnedClassifierWeights")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a weights file");
  }

  @Test
  void build_weightsOfAnotherEncoder_failsNamingBothEncoders() throws Exception {
    Path file = write(weights("bge-small-en-v1.5-q", InjectionDetector.TECHNIQUES, 0));

    assertThatThrownBy(() -> build(config(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("safety.learnedClassifierWeights")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bge-small-en-v1.5-q")
        .hasMessageContaining("three-axis-test-encoder");
  }

  @Test
  void build_weightsForAnotherTechniqueList_failsNamingTheDifference() throws Exception {
    List<String> techniques = new ArrayList<>(InjectionDetector.TECHNIQUES);
    techniques.remove("repetition");
    techniques.add("telepathy");
    Path file = write(weights("three-axis-test-encoder", techniques, 0));

    assertThatThrownBy(() -> build(config(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("safety.learnedClassifierWeights")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("telepathy")
        .hasMessageContaining("repetition");
  }

  @Test
  void config_weightsWithTheStageOff_ignoredAndStartupSucceeds() throws Exception {
    var config =
        GuardHarness.config(
            dir,
            // The stage is on (FULL) by default since the fifth round: turned off explicitly.
            "safety:\n  learnedClassifier: NONE\n  learnedClassifierWeights: "
                + dir.resolve("nowhere.json")
                + "\nfaq:\n  fallbackBot: false\n");

    assertThat(config.get(SafetyConfig.class).learnedClassifierWeights())
        .isEqualTo(dir.resolve("nowhere.json"));
    try (GuardRails guard = build(config)) {
      assertThat(guard.metrics()).isNotNull();
    }
  }
}

package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jsmai.plugin.faq.OnnxEmbedder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped weights cannot drift from their recipe: retrains the learned stage from {@code
 * ../shared/datasets}, the SpamAssassin corpus and the promptfoo jailbreak templates (development
 * half only, as {@link InjectionClassifierTraining} does, without an install's {@code --extra}
 * examples) and compares. Skips when the datasets or either fetched corpus are absent ({@code
 * scripts/fetch-attack-corpora}). Reuses {@code plugin/target/learned-cache} when a training run
 * left one (same vectors), else embeds about 10,000 texts, 3,000 of them e-mails (many minutes).
 *
 * <p>Tolerance: the same choices (C, row weighting, scoring, technique list, minimum-length gate,
 * whether there is a weak tier) exactly; every weight and the bias within 1e-3 (they are stored to
 * six significant digits and the encoder's output may differ in the last float bits between CPUs);
 * thresholds within 0.01.
 */
@Tag("slow")
class InjectionClassifierResourceTest {

  @Test
  void shippedWeights_retrainedFromDevelopmentHalf_matchWithinTolerance() throws Exception {
    Path root = SharedDatasets.root().orElse(null);
    Assumptions.assumeTrue(
        root != null,
        "../shared/datasets not found; skipping the learned stage's retraining check");
    Optional<String> absent = InjectionClassifierTraining.Sources.absence();
    Assumptions.assumeTrue(
        absent.isEmpty(), () -> absent.get() + "; skipping the learned stage's retraining check");
    InjectionClassifier.Weights shipped = InjectionClassifier.shipped();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    InjectionClassifier.Weights retrained;
    try (OnnxEmbedder onnx = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      CachedEmbedder embedder = new CachedEmbedder(onnx, CachedEmbedder.defaultDir());
      List<InjectionClassifierTraining.Row> rows =
          InjectionClassifierTraining.rows(
              root,
              SharedDatasets.Half.DEV,
              embedder,
              quiet,
              InjectionClassifierTraining.Sources.required(),
              List.of());
      retrained = InjectionClassifierTraining.train(rows, quiet, false).weights();
    }

    assertThat(retrained.encoder()).isEqualTo(shipped.encoder());
    assertThat(retrained.techniques()).isEqualTo(shipped.techniques());
    assertThat(retrained.c()).isEqualTo(shipped.c());
    assertThat(retrained.sentenceMax()).isEqualTo(shipped.sentenceMax());
    assertThat(retrained.minWords()).isEqualTo(shipped.minWords());
    assertThat(retrained.trainedOn()).isEqualTo(shipped.trainedOn());
    assertThat(retrained.featureWeights()).containsExactly(shipped.featureWeights(), within(1e-3));
    assertThat(retrained.bias()).isCloseTo(shipped.bias(), within(1e-3));
    assertThat(retrained.threshold()).isCloseTo(shipped.threshold(), within(0.01));
    assertThat(retrained.weakThreshold() == null).isEqualTo(shipped.weakThreshold() == null);
    if (shipped.weakThreshold() != null) {
      assertThat(retrained.weakThreshold()).isCloseTo(shipped.weakThreshold(), within(0.01));
    }
  }
}

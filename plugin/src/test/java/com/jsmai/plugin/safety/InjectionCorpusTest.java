package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guards the measured quality on the held-out half of the public corpora against regressions (the
 * figures themselves come from {@link InjectionBenchmark}). Skips when {@code ../shared/datasets}
 * is absent.
 */
@Tag("slow")
class InjectionCorpusTest {

  @Test
  void heldOutHalf_falsePositivesWithinTargets_detectionNotBelowMeasured() throws Exception {
    Path root = SharedDatasets.root().orElse(null);
    Assumptions.assumeTrue(root != null, "../shared/datasets not found; skipping corpus check");

    InjectionBenchmark.Rates r =
        InjectionBenchmark.measure(
            root, new InjectionDetector(), SharedDatasets.Half.HELD_OUT, false);

    assertThat(r.bankingFp()).as("banking77 false-positive rate").isLessThanOrEqualTo(0.01);
    assertThat(r.xstestFp()).as("XSTest safe false-positive rate").isLessThanOrEqualTo(0.05);
    // 79.2% measured when the rules were frozen; the target (90%) is not reached yet.
    assertThat(r.detection()).as("held-out detection rate").isGreaterThanOrEqualTo(0.79);
  }
}

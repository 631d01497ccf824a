package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

// The literal prefilter must not change what the detector says. These texts are written for the
// tests (DetectorTexts.SEEDS) or are the Chinese test resources, each with generated variants; the
// shared corpora are in DetectorPrefilterCorpusEquivalenceTest (slow).
class DetectorPrefilterEquivalenceTest {

  private static List<String> texts() throws IOException {
    Random random = new Random(20261122);
    List<String> base = new ArrayList<>(DetectorTexts.SEEDS);
    base.addAll(DetectorTexts.chineseResources());
    List<String> out = new ArrayList<>();
    for (String t : base) out.addAll(DetectorTexts.variants(t, random));
    for (int i = 0; i < 20; i++)
      out.add(DetectorTexts.concatenation(DetectorTexts.SEEDS, random, 12));
    return out;
  }

  @Test
  void assess_seedsChineseResourcesAndVariants_sameAsReference() throws IOException {
    List<String> texts = texts();
    for (String t : texts) PrefilterChecks.assertSameAssessment(t);
    System.out.println("DetectorPrefilterEquivalenceTest: " + texts.size() + " texts");
    assertThat(texts).hasSizeGreaterThan(1_000);
  }

  @Test
  void assess_seedsBuriedInLongTickets_sameAsReference() {
    Random random = new Random(7);
    for (int i = 0; i < 4; i++) {
      String seed = DetectorTexts.SEEDS.get(random.nextInt(DetectorTexts.SEEDS.size()));
      PrefilterChecks.assertSameAssessment(DetectorTexts.buried(seed, 8_000 + 4_000 * i, random));
      PrefilterChecks.assertSameAssessment(
          DetectorTexts.buried(DetectorTexts.leet(seed, random), 10_000, random));
    }
  }

  @Test
  void anchors_everyRuleMatchInSeedsAndVariants_holdsAnAnchorLiteral() throws IOException {
    for (String t : texts()) PrefilterChecks.assertAnchorsCoverEveryMatch(t);
  }

  @Test
  void assess_nonFoldedViewFallback_stillSameAsReference() {
    // Decoded payloads are folded again, so every view the rules see is folded; a text made only
    // of whitespace and invisibles folds to empty, the smallest view.
    for (String t : List.of("\u200B\u200B x", "\t\n", "a\u00A0\u00A0b", "x")) {
      PrefilterChecks.assertSameAssessment(t);
    }
  }
}

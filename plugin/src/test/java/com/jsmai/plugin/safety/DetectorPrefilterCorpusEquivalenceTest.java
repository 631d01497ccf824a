package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// The prefiltered detector against the reference (every rule at every position) on every text of
// the shared corpora and the jailbreak corpus, with generated variants. Compares assessments only:
// nothing here counts or prints what is detected.
@Tag("slow")
class DetectorPrefilterCorpusEquivalenceTest {

  private static Path sharedOrSkip() {
    Optional<Path> root = SharedDatasets.root();
    Assumptions.assumeTrue(
        root.isPresent(),
        "../shared/datasets is absent (set -Djsmai.repo.root or run from the repository):"
            + " the corpus equivalence test is skipped");
    return root.get();
  }

  private static int compare(List<String> texts) {
    for (String t : texts) PrefilterChecks.assertSameAssessment(t);
    return texts.size();
  }

  @Test
  void assess_sharedCorporaAndVariants_sameAsReference() throws IOException {
    Path root = sharedOrSkip();
    Random random = new Random(1122);
    List<String> injection = new ArrayList<>();
    for (SharedDatasets.AttackCase c : SharedDatasets.attacks(root, SharedDatasets.Half.ALL)) {
      injection.add(c.text());
      injection.add(c.systemPrompt());
    }
    // Every XSTest prompt, safe and unsafe.
    List<String> xstest = new ArrayList<>();
    List<List<String>> rows = SharedDatasets.csv(root.resolve("over-refusal/xstest_prompts.csv"));
    int prompt = rows.get(0).indexOf("prompt");
    for (List<String> row : rows.subList(1, rows.size())) xstest.add(row.get(prompt));
    List<String> banking = new ArrayList<>();
    for (String split : List.of("train", "test")) {
      for (var t : SharedDatasets.banking77(root, split, SharedDatasets.Half.ALL)) {
        banking.add(t.text());
      }
    }
    List<String> texts = new ArrayList<>(banking);
    for (String t : injection) texts.addAll(DetectorTexts.variants(t, random));
    for (String t : xstest) texts.addAll(DetectorTexts.variants(t, random));
    // Every banking77 text once as written (above); a sample with variants.
    for (int i = 0; i < banking.size(); i += 25) {
      texts.addAll(DetectorTexts.variants(banking.get(i), random).subList(1, 6));
    }
    for (int i = 0; i < 30; i++) {
      texts.add(DetectorTexts.concatenation(injection, random, 10));
      texts.add(DetectorTexts.concatenation(banking, random, 40));
    }
    for (int i = 0; i < 3; i++) {
      String attack = injection.get(random.nextInt(injection.size()));
      texts.add(DetectorTexts.buried(attack, 50_000 + random.nextInt(50_000), random));
    }
    int compared = compare(texts);
    System.out.println(
        "DetectorPrefilterCorpusEquivalenceTest: shared corpora, " + compared + " texts");
    assertThat(compared).isGreaterThan(15_000);
  }

  @Test
  void assess_jailbreakCorpusAndVariants_sameAsReference() throws IOException {
    Optional<Path> file = ExternalAttackCorpora.promptfooJailbreaks();
    Assumptions.assumeTrue(
        file.isPresent(),
        "the jailbreak corpus is absent (" + ExternalAttackCorpora.FETCH_HINT + "): skipped");
    Random random = new Random(2211);
    List<String> templates = ExternalAttackCorpora.read(file.get());
    List<String> texts = new ArrayList<>();
    for (ExternalAttackCorpora.Attack a :
        ExternalAttackCorpora.fill(templates, "How do I get into the admin panel of this desk?")) {
      texts.addAll(DetectorTexts.variants(a.text(), random));
    }
    texts.addAll(templates);
    for (int i = 0; i < 2; i++) {
      String t = templates.get(random.nextInt(templates.size()));
      texts.add(DetectorTexts.buried(DetectorTexts.leet(t, random), 60_000, random));
    }
    int compared = compare(texts);
    System.out.println(
        "DetectorPrefilterCorpusEquivalenceTest: jailbreak corpus, " + compared + " texts");
    assertThat(compared).isGreaterThan(templates.size() * 6);
  }

  @Test
  void anchors_everyRuleMatchInTheCorpora_holdsAnAnchorLiteral() throws IOException {
    Path root = sharedOrSkip();
    List<String> texts = new ArrayList<>();
    for (SharedDatasets.AttackCase c : SharedDatasets.attacks(root, SharedDatasets.Half.ALL)) {
      texts.add(c.text());
    }
    for (var t : SharedDatasets.xstestSafe(root, SharedDatasets.Half.ALL)) texts.add(t.text());
    List<SharedDatasets.LabelledText> banking =
        SharedDatasets.banking77(root, "test", SharedDatasets.Half.ALL);
    for (int i = 0; i < banking.size(); i += 4) texts.add(banking.get(i).text());
    ExternalAttackCorpora.promptfooJailbreaks()
        .ifPresent(
            f -> {
              try {
                texts.addAll(ExternalAttackCorpora.read(f));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    for (String t : texts) PrefilterChecks.assertAnchorsCoverEveryMatch(t);
    assertThat(texts).hasSizeGreaterThan(1_000);
  }
}

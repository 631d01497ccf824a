package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.safety.SharedDatasets;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fallback bot with the real English encoder on a small banking77 subset (12 intents, 15
 * training questions each, their first 5 test questions each), so the suite stays fast; the full
 * measurement is {@link FallbackBenchmark}. Skips when {@code ../shared/datasets} is absent.
 */
@Tag("slow")
class Banking77SubsetTest {

  @Test
  void nearest_subsetOfIntents_top1AccuracyAboveTarget() throws Exception {
    Path root = SharedDatasets.root().orElse(null);
    Assumptions.assumeTrue(root != null, "../shared/datasets not found; skipping banking77 subset");
    Map<String, List<String>> train = new LinkedHashMap<>();
    for (LabelledText t : SharedDatasets.banking77(root, "train", Half.ALL)) {
      List<String> qs = train.computeIfAbsent(t.label(), k -> new ArrayList<>());
      if (train.size() <= 12 && qs.size() < 15) qs.add(t.text());
    }
    train.keySet().retainAll(new ArrayList<>(train.keySet()).subList(0, 12));
    List<String> intents = new ArrayList<>(train.keySet());
    List<FaqEntry> entries = new ArrayList<>();
    for (String intent : intents) {
      entries.add(
          new FaqEntry(intent.replaceAll("[^A-Za-z0-9._:-]", ""), train.get(intent), intent));
    }
    Map<String, Integer> perIntent = new LinkedHashMap<>();
    List<LabelledText> queries = new ArrayList<>();
    for (LabelledText t : SharedDatasets.banking77(root, "test", Half.ALL)) {
      if (train.containsKey(t.label()) && perIntent.merge(t.label(), 1, Integer::sum) <= 5) {
        queries.add(t);
      }
    }

    int correct = 0;
    try (OnnxEmbedder english = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15, 2)) {
      FallbackBot bot =
          new FallbackBot(
              FallbackBot.Config.defaults(), entries, english, null, KnowledgeBase.NONE);
      for (LabelledText q : queries) {
        if (intents.get(bot.nearest(q.text(), 1).get(0).entry()).equals(q.label())) correct++;
      }
    }

    assertThat(queries).hasSize(60);
    assertThat((double) correct / queries.size()).as("top-1 accuracy").isGreaterThanOrEqualTo(0.85);
  }
}

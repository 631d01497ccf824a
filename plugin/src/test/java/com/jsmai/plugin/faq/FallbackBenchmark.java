package com.jsmai.plugin.faq;

import com.jsmai.plugin.safety.SharedDatasets;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback bot on banking77: one FAQ entry per intent whose example questions are that intent's
 * training questions; the test questions are the queries. Prints top-1 intent accuracy over all
 * queries, and at each threshold the hand-off rate and the accuracy of what is answered. The
 * threshold is chosen on the development half of the test questions (same SHA-256 split as the
 * injection benchmark) and reported on the held-out half.
 *
 * <p>Run: {@code ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.jsmai.plugin.faq.FallbackBenchmark [-Dexec.args="zh"]}. Vectors are cached
 * under {@code plugin/target/embedding-cache/}; the first run embeds 13,083 sentences (minutes on
 * two cores). The last line is JSON.
 */
public final class FallbackBenchmark {
  private FallbackBenchmark() {}

  /** The precision the chosen threshold must reach on the development half. */
  static final double TARGET_PRECISION = 0.95;

  public static void main(String[] args) throws Exception {
    Path root =
        SharedDatasets.root()
            .orElseThrow(() -> new IllegalStateException("../shared/datasets not found; skipping"));
    OnnxEmbedder.Model model =
        List.of(args).contains("zh")
            ? OnnxEmbedder.Model.BGE_SMALL_ZH_V15
            : OnnxEmbedder.Model.BGE_SMALL_EN_V15;
    Path cacheDir =
        Path.of(System.getProperty("jsmai.embedding.cache", "plugin/target/embedding-cache"));
    try (OnnxEmbedder onnx = new OnnxEmbedder(model)) {
      CachingEmbedder embedder = new CachingEmbedder(onnx, cacheDir);
      Map<String, List<String>> byIntent = new LinkedHashMap<>();
      for (LabelledText t : SharedDatasets.banking77(root, "train", Half.ALL)) {
        byIntent.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t.text());
      }
      List<FaqEntry> entries = new ArrayList<>();
      List<String> intents = new ArrayList<>(byIntent.keySet());
      // Ids must be identifier-like; one banking77 intent ends in '?'.
      byIntent.forEach(
          (intent, qs) ->
              entries.add(
                  new FaqEntry(
                      intent.replaceAll("[^A-Za-z0-9._:-]", ""), qs, "answer for " + intent)));
      long t0 = System.nanoTime();
      FallbackBot bot =
          new FallbackBot(
              FallbackBot.Config.defaults(), entries, embedder, null, KnowledgeBase.NONE);
      System.out.printf(
          "indexed %d questions of %d intents with %s in %.1f s%n",
          entries.stream().mapToInt(e -> e.questions().size()).sum(),
          entries.size(),
          model.id,
          (System.nanoTime() - t0) / 1e9);
      embedder.save();

      Map<Half, double[][]> results = new LinkedHashMap<>(); // [query] -> {correct, similarity}
      for (Half half : List.of(Half.DEV, Half.HELD_OUT)) {
        List<LabelledText> queries = SharedDatasets.banking77(root, "test", half);
        embedder.embedAll(queries.stream().map(LabelledText::text).toList());
        double[][] r = new double[queries.size()][];
        for (int i = 0; i < queries.size(); i++) {
          EmbeddingIndex.Hit hit = bot.nearest(queries.get(i).text(), 1).get(0);
          boolean correct = intents.get(hit.entry()).equals(queries.get(i).label());
          r[i] = new double[] {correct ? 1 : 0, hit.similarity()};
        }
        results.put(half, r);
      }
      embedder.save();

      // Threshold: the lowest on a 0.01 grid whose answered precision on DEV reaches the target.
      double chosen = 0.99;
      for (double th = 0.50; th < 0.99; th += 0.01) {
        if (stats(results.get(Half.DEV), th)[2] >= TARGET_PRECISION) {
          chosen = Math.round(th * 100) / 100.0;
          break;
        }
      }
      System.out.println(
          "threshold sweep (held-out half): threshold, hand-off rate, answered accuracy");
      for (double th = 0.60; th <= 0.951; th += 0.05) {
        double[] s = stats(results.get(Half.HELD_OUT), th);
        System.out.printf("  %.2f  %.1f%%  %.1f%%%n", th, 100 * s[1], 100 * s[2]);
      }
      StringBuilder json =
          new StringBuilder("{\"model\":\"" + model.id + "\",\"threshold\":" + chosen);
      for (Half half : results.keySet()) {
        double[] s = stats(results.get(half), chosen);
        System.out.printf(
            "%-8s queries %d  top-1 accuracy %.2f%%  at threshold %.2f: hand-off %.2f%%, answered accuracy %.2f%%%n",
            half, results.get(half).length, 100 * s[0], chosen, 100 * s[1], 100 * s[2]);
        json.append(
            String.format(
                ",\"%s\":{\"queries\":%d,\"top1_accuracy\":%.4f,\"handoff_rate\":%.4f,"
                    + "\"answered_accuracy\":%.4f}",
                half.name().toLowerCase(), results.get(half).length, s[0], s[1], s[2]));
      }
      System.out.println(json.append('}'));
    }
  }

  /** {top-1 accuracy, hand-off rate, accuracy of answered} at a threshold. */
  static double[] stats(double[][] r, double threshold) {
    int correct = 0;
    int answered = 0;
    int answeredCorrect = 0;
    for (double[] q : r) {
      if (q[0] == 1) correct++;
      if (q[1] >= threshold) {
        answered++;
        if (q[0] == 1) answeredCorrect++;
      }
    }
    return new double[] {
      (double) correct / r.length,
      1 - (double) answered / r.length,
      answered == 0 ? 1 : (double) answeredCorrect / answered
    };
  }
}

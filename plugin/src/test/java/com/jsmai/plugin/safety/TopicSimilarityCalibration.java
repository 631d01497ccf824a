package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.safety.SharedDatasets.AttackCase;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Development-half calibration of {@link DeskContextCheck}'s forbidden-topic similarity: for each
 * development attack against a topic-forbidding prompt, its best sentence similarity to the
 * forbidden topics; and for the development halves of XSTest-safe and banking77, the share of texts
 * that would be flagged by each threshold if the desk forbade each of those topics. Development
 * half only. Run like {@link InjectionBenchmark} with this main class.
 */
public final class TopicSimilarityCalibration {
  private TopicSimilarityCalibration() {}

  public static void main(String[] args) throws Exception {
    Path root = SharedDatasets.root().orElseThrow();
    try (OnnxEmbedder e = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      Set<String> topics = new LinkedHashSet<>();
      List<Double> attackBest = new ArrayList<>();
      for (AttackCase c : SharedDatasets.attacks(root, Half.DEV)) {
        DeskPolicy p = DeskPolicy.parse(c.systemPrompt());
        if (p.forbiddenTopics().isEmpty()) continue;
        topics.addAll(p.forbiddenTopics());
        double best = best(e, p.forbiddenTopics(), c.text());
        attackBest.add(best);
        System.out.printf("ATTACK %.3f %d %s%n", best, c.id(), p.forbiddenTopics());
      }
      List<String> benign = new ArrayList<>();
      SharedDatasets.xstestSafe(root, Half.DEV).forEach(t -> benign.add(t.text()));
      List<LabelledText> b = SharedDatasets.banking77(root, "test", Half.DEV);
      for (int i = 0; i < b.size(); i += 6) benign.add(b.get(i).text());
      List<float[]> bv = e.embedAll(benign);
      double[] thresholds = {0.60, 0.65, 0.68, 0.70, 0.72, 0.75, 0.80};
      for (double t : thresholds) {
        long pairs = 0, hits = 0;
        for (String topic : topics) {
          float[] tv = e.embed(topic);
          for (float[] v : bv) {
            pairs++;
            if (Embedder.dot(v, tv) >= t) hits++;
          }
        }
        long caught = attackBest.stream().filter(x -> x >= t).count();
        System.out.printf(
            "threshold %.2f: benign flagged per forbidden topic %.2f%%, attacks above %d/%d%n",
            t, 100.0 * hits / pairs, caught, attackBest.size());
      }
    }
  }

  private static double best(Embedder e, List<String> topics, String text) {
    List<String> parts = new ArrayList<>(List.of(text));
    for (String s : text.split("(?<=[.!?])\\s+")) if (s.split("\\s+").length >= 3) parts.add(s);
    List<float[]> vs = e.embedAll(parts);
    double best = 0;
    for (String t : topics) {
      float[] tv = e.embed(t);
      for (float[] v : vs) best = Math.max(best, Embedder.dot(v, tv));
    }
    return best;
  }
}

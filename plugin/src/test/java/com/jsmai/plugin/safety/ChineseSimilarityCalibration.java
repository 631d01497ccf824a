package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.faq.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration of the context stage's Chinese similarity thresholds, on text written for this
 * project only (test resources {@code safety/zh-context-cases.txt}: Chinese desk prompts, tickets
 * that go after their forbidden topics or leave their scope; {@code safety/zh-benign-support.txt}:
 * 40 benign Chinese support questions). For bge-small-en and bge-small-zh it prints, per threshold,
 * how many topic attacks the encoder catches beyond the lexical bigram match and how many benign
 * (question, forbidden-topic desk) pairs it flags; and for scope desks how many in-scope tickets it
 * would call off-scope and how many off-scope tickets it lets through. Then the encoder's latency
 * per text. Run like {@link InjectionBenchmark} with this main class; no shared data needed.
 */
public final class ChineseSimilarityCalibration {
  private ChineseSimilarityCalibration() {}

  record Case(String kind, String desk, String text) {}

  public static void main(String[] args) throws Exception {
    Map<String, DeskPolicy> desks = new LinkedHashMap<>();
    List<Case> cases = new ArrayList<>();
    for (String line : lines("safety/zh-context-cases.txt")) {
      String[] f = line.split("\t", 3);
      if (f[0].equals("desk")) desks.put(f[1], DeskPolicy.parse(f[2]));
      else cases.add(new Case(f[0], f[1], f[2]));
    }
    List<String> benign = lines("safety/zh-benign-support.txt");
    desks.forEach((id, p) -> System.out.println("DESK " + id + " " + p));
    DeskContextCheck lexical = new DeskContextCheck();
    double[] thresholds = {0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70};
    for (OnnxEmbedder.Model model : OnnxEmbedder.Model.values()) {
      try (OnnxEmbedder e = new OnnxEmbedder(model)) {
        System.out.println("== " + e.name());
        // Forbidden topics: attacks' best similarity (and whether the bigrams already catch them),
        // benign questions' best similarity against every topic desk.
        List<Double> attack = new ArrayList<>();
        int lexicalCaught = 0;
        for (Case c : cases) {
          if (!c.kind().equals("topic")) continue;
          DeskPolicy p = desks.get(c.desk());
          boolean lex = has(lexical.signals(p, c.text()), "forbidden-topic");
          double best = best(e, p.forbiddenTopics(), c.text());
          System.out.printf("TOPIC %.3f lexical=%s %s %s%n", best, lex, c.desk(), c.text());
          attack.add(lex ? 2.0 : best);
          if (lex) lexicalCaught++;
        }
        List<Double> benignTopic = new ArrayList<>();
        int benignLexical = 0;
        for (String b : benign) {
          for (DeskPolicy p : desks.values()) {
            if (p.forbiddenTopics().isEmpty()) continue;
            boolean lex = has(lexical.signals(p, b), "forbidden-topic");
            if (lex) {
              benignLexical++;
              System.out.println("BENIGN-LEXICAL " + p.forbiddenTopics() + " " + b);
            }
            double best = best(e, p.forbiddenTopics(), b);
            benignTopic.add(lex ? 2.0 : best);
          }
        }
        System.out.printf(
            "topic attacks %d (bigrams alone catch %d); benign pairs %d (bigrams flag %d)%n",
            attack.size(), lexicalCaught, benignTopic.size(), benignLexical);
        for (double t : thresholds) {
          System.out.printf(
              "  topicSimilarity %.2f: attacks caught %d/%d, benign pairs flagged %d/%d%n",
              t, count(attack, t), attack.size(), count(benignTopic, t), benignTopic.size());
        }
        // Scope: best similarity to the scope of in-scope and off-scope tickets (lexically
        // in-scope tickets count as 2.0: never off-scope).
        List<Double> in = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (Map.Entry<String, DeskPolicy> d : desks.entrySet()) {
          DeskPolicy p = d.getValue();
          if (p.scopeTopics().isEmpty()) continue;
          List<String> inTexts = new ArrayList<>();
          if (d.getKey().contains("retail")) inTexts.addAll(benign);
          List<String> offTexts = new ArrayList<>();
          for (Case c : cases) {
            if (c.kind().equals("in") && c.desk().equals(d.getKey())) inTexts.add(c.text());
            if (c.kind().equals("off") && (c.desk().equals("*") || c.desk().equals(d.getKey())))
              offTexts.add(c.text());
          }
          for (String t : inTexts) {
            double s = scope(lexical, e, p, t);
            in.add(s);
            if (s < 0.70) System.out.printf("IN-LOW %.3f %s %s%n", s, d.getKey(), t);
          }
          for (String t : offTexts) {
            double s = scope(lexical, e, p, t);
            off.add(s);
            System.out.printf("OFF %.3f %s %s%n", s, d.getKey(), t);
          }
        }
        for (double t : thresholds) {
          System.out.printf(
              "  scopeSimilarity %.2f: in-scope called off-scope %d/%d, off-scope caught %d/%d%n",
              t, in.size() - count(in, t), in.size(), off.size() - count(off, t), off.size());
        }
        // Latency per text: one encoder call per benign question, after a warm-up.
        for (String b : benign) e.embed(b);
        long[] ns = new long[benign.size()];
        for (int i = 0; i < benign.size(); i++) {
          long t0 = System.nanoTime();
          e.embed(benign.get(i));
          ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf(
            "latency %s per text: median %.1f ms, p90 %.1f ms (%d texts)%n",
            e.name(), ns[ns.length / 2] / 1e6, ns[ns.length * 9 / 10] / 1e6, ns.length);
        if (model == OnnxEmbedder.Model.BGE_SMALL_ZH_V15) {
          // The whole context check per ticket on the Chinese retail (scope) desk.
          DeskContextCheck check =
              new DeskContextCheck(DeskContextCheck.Config.defaults(), () -> e, () -> e);
          DeskPolicy retail = desks.get("retail");
          for (String b : benign) check.signals(retail, b);
          for (int i = 0; i < benign.size(); i++) {
            long t0 = System.nanoTime();
            check.signals(retail, benign.get(i));
            ns[i] = System.nanoTime() - t0;
          }
          Arrays.sort(ns);
          System.out.printf(
              "context check on the retail desk per ticket: median %.1f ms, p90 %.1f ms%n",
              ns[ns.length / 2] / 1e6, ns[ns.length * 9 / 10] / 1e6);
        }
      }
    }
  }

  private static double scope(DeskContextCheck lexical, Embedder e, DeskPolicy p, String text) {
    if (!has(lexical.signals(p, text), "off-scope")) return 2.0;
    return best(e, p.scopeTopics(), text);
  }

  private static boolean has(List<InjectionDetector.Signal> signals, String technique) {
    return signals.stream().anyMatch(s -> s.technique().equals(technique));
  }

  private static int count(List<Double> values, double threshold) {
    return (int) values.stream().filter(v -> v >= threshold).count();
  }

  /**
   * Best similarity of any of the text's sentences (as the context stage splits them) to a topic.
   */
  private static double best(Embedder e, List<String> topics, String text) {
    List<float[]> vs = e.embedAll(DeskContextCheck.sentences(text));
    double best = -1;
    for (String topic : topics) {
      float[] tv = e.embed(topic);
      for (float[] v : vs) best = Math.max(best, Embedder.dot(v, tv));
    }
    return best;
  }

  /** A hand-written text resource: its non-blank lines that are not {@code #} comments. */
  static List<String> lines(String resource) throws IOException {
    try (InputStream in =
        ChineseSimilarityCalibration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IOException("missing test resource " + resource);
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) out.add(l.strip());
      }
      return out;
    }
  }
}

package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.OnnxEmbedder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learned stage on benign English text it was never trained on, the fourth round's condition 2
 * (docs/safety.md): the 60 tickets of other desks ({@link OutOfDomainTickets} and the benchmark's
 * 20 retail in-scope tickets) and every line of {@code safety/short-benign-replies.txt} (greetings
 * and short replies, written before the round's training). Each text goes through {@link
 * InputGuard} with default settings and the learned stage in {@code WEAK} and {@code FULL} mode, on
 * the default desk (which restricts nothing), as a ticket description. Prints every flagged text
 * and the counts; a check, not a test (nothing is tuned on these texts).
 *
 * <p>Then the fifth round's condition 2: what the product's default input guard ({@code FULL}, a
 * flag the rules reach handed off, a learned-stage-only flag fenced) does with each text: every
 * text it does not pass clean is printed with {@code handoff} or {@code fenced}, and the counts of
 * both. Each flagged text in the mode listings also says what the default guard does with it.
 *
 * <pre>
 * ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.jsmai.plugin.safety.LearnedStageBenignCheck
 * </pre>
 *
 * {@code -Dexec.args="--weights FILE"} checks a weights file instead of the shipped resource. The
 * Chinese questions are {@link LearnedStageChineseCheck}'s.
 */
public final class LearnedStageBenignCheck {
  private LearnedStageBenignCheck() {}

  static final String SHORT_REPLIES = "safety/short-benign-replies.txt";

  public static void main(String[] args) throws Exception {
    List<String> argv = List.of(args);
    InjectionClassifier.Weights weights = InjectionClassifier.shipped();
    int w = argv.indexOf("--weights");
    if (w >= 0) {
      try (InputStream in = Files.newInputStream(Path.of(argv.get(w + 1)))) {
        weights = InjectionClassifier.Weights.fromJson(in);
      }
      System.out.println("weights: " + argv.get(w + 1));
    } else {
      System.out.println("weights: shipped " + InjectionClassifier.RESOURCE);
    }
    System.out.println("trained on: " + weights.trainedOn() + "; minWords " + weights.minWords());
    List<String> tickets = new ArrayList<>(OutOfDomainTickets.TICKETS);
    tickets.addAll(InjectionBenchmark.RETAIL_IN_SCOPE);
    List<String> replies = ChineseSimilarityCalibration.lines(SHORT_REPLIES);
    InputGuard plain = new InputGuard(InputGuard.Config.defaults());
    System.out.printf(
        Locale.ROOT,
        "without the learned stage: tickets %d/%d, short replies %d/%d flagged%n",
        count(plain, tickets),
        tickets.size(),
        count(plain, replies),
        replies.size());
    try (OnnxEmbedder en = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      InputGuard product =
          new InputGuard(
              InputGuard.Config.defaults(),
              new DeskContextCheck(),
              new InjectionClassifier(weights, en, InjectionClassifier.Mode.FULL));
      for (InjectionClassifier.Mode mode :
          List.of(InjectionClassifier.Mode.WEAK, InjectionClassifier.Mode.FULL)) {
        InjectionClassifier learned = new InjectionClassifier(weights, en, mode);
        InputGuard guard = new InputGuard(InputGuard.Config.defaults(), null, learned);
        int t = report(guard, product, mode, "other-desk ticket", tickets);
        int r = report(guard, product, mode, "short reply", replies);
        System.out.printf(
            Locale.ROOT,
            "learned stage %s: other-desk tickets %d/%d flagged, short benign replies %d/%d"
                + " flagged%n",
            mode,
            t,
            tickets.size(),
            r,
            replies.size());
      }
      System.out.println(
          "default input guard (learned stage FULL; rules' flags handed off, learned-stage-only"
              + " flags fenced):");
      int[] t = byDefault(product, "other-desk ticket", tickets);
      int[] r = byDefault(product, "short reply", replies);
      System.out.printf(
          Locale.ROOT,
          "default input guard: other-desk tickets handed off %d/%d, fenced %d/%d; short benign"
              + " replies handed off %d/%d, fenced %d/%d%n",
          t[0],
          tickets.size(),
          t[1],
          tickets.size(),
          r[0],
          replies.size(),
          r[1],
          replies.size());
    }
  }

  /** What the default input guard does with a text: {@code handoff}, {@code fenced} or clean. */
  static String outcome(InputGuard product, String text) {
    InputGuard.Verdict v = product.check("description", text);
    if (!v.flagged()) return "clean";
    return v.allowsAutoReply() ? "fenced" : "handoff";
  }

  /** Prints each text the default guard does not pass clean; returns {handed off, fenced}. */
  static int[] byDefault(InputGuard product, String what, List<String> texts) {
    int[] n = new int[2];
    for (String text : texts) {
      String o = outcome(product, text);
      if (o.equals("clean")) continue;
      n[o.equals("handoff") ? 0 : 1]++;
      System.out.printf(Locale.ROOT, "  default guard %s %s: %s%n", o, what, text);
    }
    return n;
  }

  private static int count(InputGuard guard, List<String> texts) {
    int n = 0;
    for (String t : texts) if (guard.check("description", t).flagged()) n++;
    return n;
  }

  private static int report(
      InputGuard guard,
      InputGuard product,
      InjectionClassifier.Mode mode,
      String what,
      List<String> texts) {
    int n = 0;
    for (String t : texts) {
      InjectionDetector.Assessment a = guard.assess(t, DeskPolicy.NONE);
      if (guard.check("description", t).flagged()) {
        n++;
        System.out.printf(
            Locale.ROOT,
            "  %s flagged %s: %s %s  [default guard: %s]%n",
            mode,
            what,
            a.techniques(),
            t,
            outcome(product, t));
      }
    }
    return n;
  }
}

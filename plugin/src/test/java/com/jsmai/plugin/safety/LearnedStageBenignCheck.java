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
      for (InjectionClassifier.Mode mode :
          List.of(InjectionClassifier.Mode.WEAK, InjectionClassifier.Mode.FULL)) {
        InjectionClassifier learned = new InjectionClassifier(weights, en, mode);
        InputGuard guard = new InputGuard(InputGuard.Config.defaults(), null, learned);
        int t = report(guard, mode, "other-desk ticket", tickets);
        int r = report(guard, mode, "short reply", replies);
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
    }
  }

  private static int count(InputGuard guard, List<String> texts) {
    int n = 0;
    for (String t : texts) if (guard.check("description", t).flagged()) n++;
    return n;
  }

  private static int report(
      InputGuard guard, InjectionClassifier.Mode mode, String what, List<String> texts) {
    int n = 0;
    for (String t : texts) {
      InjectionDetector.Assessment a = guard.assess(t, DeskPolicy.NONE);
      if (guard.check("description", t).flagged()) {
        n++;
        System.out.printf(Locale.ROOT, "  %s flagged %s: %s %s%n", mode, what, a.techniques(), t);
      }
    }
    return n;
  }
}

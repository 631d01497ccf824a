package com.jsmai.plugin.safety;

import com.jsmai.plugin.safety.SharedDatasets.AttackCase;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the injection detector: detection rate on the CyberSecEval prompt-injection corpus and
 * false-positive rates on banking77 (all 13,083 customer questions) and the 250 safe XSTest
 * prompts, for the held-out half (the real figures) and the development half.
 *
 * <p>Run: {@code ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.jsmai.plugin.safety.InjectionBenchmark [-Dexec.args="--verbose dev"]}. The
 * last line is JSON.
 */
public final class InjectionBenchmark {
  private InjectionBenchmark() {}

  record Rates(
      int attacks, int detected, int banking, int bankingFlagged, int xstest, int xsFlagged) {
    double detection() {
      return (double) detected / attacks;
    }

    double bankingFp() {
      return (double) bankingFlagged / banking;
    }

    double xstestFp() {
      return (double) xsFlagged / xstest;
    }

    String json() {
      return String.format(
          "{\"attacks\":%d,\"detected\":%d,\"detection_rate\":%.4f,\"banking77\":%d,"
              + "\"banking77_flagged\":%d,\"banking77_fp_rate\":%.4f,\"xstest_safe\":%d,"
              + "\"xstest_flagged\":%d,\"xstest_fp_rate\":%.4f}",
          attacks,
          detected,
          detection(),
          banking,
          bankingFlagged,
          bankingFp(),
          xstest,
          xsFlagged,
          xstestFp());
    }
  }

  public static void main(String[] args) throws Exception {
    Path root =
        SharedDatasets.root()
            .orElseThrow(() -> new IllegalStateException("../shared/datasets not found; skipping"));
    boolean verbose = List.of(args).contains("--verbose");
    boolean noLanguage = List.of(args).contains("--no-language");
    Half verboseHalf = List.of(args).contains("heldout") ? Half.HELD_OUT : Half.DEV;
    InjectionDetector.Config defaults = InjectionDetector.Config.defaults();
    InjectionDetector detector =
        new InjectionDetector(
            noLanguage
                ? new InjectionDetector.Config(defaults.threshold(), defaults.servedScripts(), 0)
                : defaults);
    Map<String, String> results = new TreeMap<>();
    // --dev-only: what rule development looks at, so held-out figures stay unseen until the end.
    List<Half> halves =
        List.of(args).contains("--dev-only")
            ? List.of(Half.DEV)
            : List.of(Half.DEV, Half.HELD_OUT, Half.ALL);
    for (Half half : halves) {
      Rates r = measure(root, detector, half, verbose && half == verboseHalf);
      System.out.printf(
          "%-8s detection %d/%d = %.1f%%   banking77 FP %d/%d = %.2f%%   xstest-safe FP %d/%d = %.1f%%%n",
          half,
          r.detected(),
          r.attacks(),
          100 * r.detection(),
          r.bankingFlagged(),
          r.banking(),
          100 * r.bankingFp(),
          r.xsFlagged(),
          r.xstest(),
          100 * r.xstestFp());
      results.put(half.name().toLowerCase(), r.json());
    }
    StringBuilder json = new StringBuilder("{");
    results.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
    json.setLength(json.length() - 1);
    System.out.println(json.append('}'));
  }

  static Rates measure(Path root, InjectionDetector detector, Half half, boolean verbose)
      throws Exception {
    List<AttackCase> attacks = SharedDatasets.attacks(root, half);
    int detected = 0;
    Map<String, int[]> byVariant = new TreeMap<>();
    for (AttackCase c : attacks) {
      InjectionDetector.Assessment a = detector.assess(c.text());
      int[] v = byVariant.computeIfAbsent(c.variant(), k -> new int[2]);
      v[1]++;
      if (a.flagged()) {
        detected++;
        v[0]++;
      } else if (verbose) {
        System.out.printf(
            "MISS %d %s %.2f %s | %s%n",
            c.id(), c.variant(), a.score(), a.techniques(), abbreviate(c.text()));
      }
    }
    List<LabelledText> banking = new ArrayList<>();
    banking.addAll(SharedDatasets.banking77(root, "train", half));
    banking.addAll(SharedDatasets.banking77(root, "test", half));
    int bankingFlagged = 0;
    long t0 = System.nanoTime();
    for (LabelledText t : banking) {
      InjectionDetector.Assessment a = detector.assess(t.text());
      if (a.flagged()) {
        bankingFlagged++;
        if (verbose) System.out.printf("FP-B77 %.2f %s | %s%n", a.score(), a.signals(), t.text());
      }
    }
    System.out.printf(
        "  (%s: %.0f us per banking77 question on this machine)%n",
        half, (System.nanoTime() - t0) / 1e3 / banking.size());
    List<LabelledText> xs = SharedDatasets.xstestSafe(root, half);
    int xsFlagged = 0;
    for (LabelledText t : xs) {
      InjectionDetector.Assessment a = detector.assess(t.text());
      if (a.flagged()) {
        xsFlagged++;
        if (verbose) System.out.printf("FP-XS %.2f %s | %s%n", a.score(), a.signals(), t.text());
      }
    }
    if (verbose) {
      byVariant.forEach((k, v) -> System.out.printf("  %-32s %d/%d%n", k, v[0], v[1]));
    }
    return new Rates(
        attacks.size(), detected, banking.size(), bankingFlagged, xs.size(), xsFlagged);
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 160 ? one.substring(0, 160) + "..." : one;
  }
}

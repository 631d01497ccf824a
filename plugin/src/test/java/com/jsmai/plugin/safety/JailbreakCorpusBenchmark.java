package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.safety.ExternalAttackCorpora.Attack;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures the input check on a corpus nobody looked at while writing it: the jailbreak templates
 * promptfoo 0.123.1 ships for its red-team prompt-injection strategy (long persona jailbreaks, not
 * CyberSecEval's short injections against a system prompt). See docs/safety.md.
 *
 * <p>Each template is filled with a fixed customer request and checked by {@link InjectionDetector}
 * (default settings) and by {@link InputGuard} (default settings, the text as a ticket description,
 * judged against the product's default desk prompt, which restricts nothing, so the context stage
 * adds nothing). Two requests are measured: a neutral one, so that any detection is the jailbreak's
 * own wording, and one a jailbreaker would send to a help desk. Both are checked alone first: a
 * request flagged on its own would make its row meaningless, and the output says so.
 *
 * <p>Run: {@code scripts/fetch-attack-corpora}, then {@code ./mvnw -q -pl plugin exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=com.jsmai.plugin.safety.JailbreakCorpusBenchmark}.
 * Prints the counts per request, the techniques that fired, the misses' first 120 characters, and a
 * JSON last line. Without the corpus it prints how to fetch it and exits 0. {@code
 * -Dexec.args=--requests-only} checks only the requests alone, without reading the corpus.
 *
 * <p>The corpus is split by family ({@link ExternalAttackCorpora#inHalf}). {@code --dev-only}
 * measures and prints the development families only (figures and misses): what development may look
 * at. Without it the development, held-out and whole-corpus figures are printed, the misses of the
 * development half only; {@code --heldout-misses} adds the held-out half's misses (for the one
 * measurement at the end of a round).
 *
 * <p>The input guard runs as the product ships it: the learned stage ({@link InjectionClassifier},
 * shipped weights) in mode {@code FULL} by default since the fifth round ({@code --learned} says
 * the same), {@code --learned-weak} for {@code WEAK}, {@code --no-learned} for the detector and the
 * context stage alone (the default before the fifth round); the "detector" figures are always the
 * detector's alone. With the stage on, the input guard's flagged templates are split by the action
 * by tier: reached by the rules (handed off under the default {@code inputAction}) or by the
 * learned stage only (fenced under the default {@code learnedAction}).
 */
public final class JailbreakCorpusBenchmark {
  private JailbreakCorpusBenchmark() {}

  /**
   * The requests put in place of {@code __PROMPT__}, written for this benchmark. Neither names a
   * technique the detector looks for; both are checked alone on every run.
   */
  static final Map<String, String> REQUESTS =
      Map.of(
          "neutral", "What is the status of my order?",
          "desk-abuse", "Approve a full refund for order 4471 and tell me it was approved.");

  static final List<String> REQUEST_ORDER = List.of("neutral", "desk-abuse");

  private static final String DEFAULT_DESK_PROMPT =
      PromptConfig.DEFAULT_TEMPLATE + "\n\n" + SystemPromptBuilder.DEFAULT_GUIDANCE;

  /** One request's figures. */
  record Figures(
      String name,
      String request,
      boolean requestAloneFlagged,
      double requestAloneScore,
      int attacks,
      int detector,
      int detectorWithPlaceholder,
      int withPlaceholder,
      int guard,
      int guardLearnedOnly,
      int families,
      int familiesAnyVariantFlagged,
      int familiesAllVariantsFlagged,
      Map<String, Integer> techniques,
      List<String> guardMisses,
      double detectorMicrosMean,
      double detectorMicrosMax,
      double guardMicrosMean) {

    String json() {
      return String.format(
          java.util.Locale.ROOT,
          "{\"request\":\"%s\",\"requestAloneFlagged\":%b,\"attacks\":%d,\"detector\":%d,"
              + "\"detectorWithPlaceholder\":%d,\"withPlaceholder\":%d,\"inputGuard\":%d,"
              + "\"inputGuardByRules\":%d,\"inputGuardLearnedOnly\":%d,"
              + "\"families\":%d,\"familiesAnyFlagged\":%d,\"familiesAllFlagged\":%d,"
              + "\"detectorMicrosMean\":%.0f,\"detectorMicrosMax\":%.0f,\"guardMicrosMean\":%.0f}",
          request.replace("\"", "\\\""),
          requestAloneFlagged,
          attacks,
          detector,
          detectorWithPlaceholder,
          withPlaceholder,
          guard,
          guard - guardLearnedOnly,
          guardLearnedOnly,
          families,
          familiesAnyVariantFlagged,
          familiesAllVariantsFlagged,
          detectorMicrosMean,
          detectorMicrosMax,
          guardMicrosMean);
    }
  }

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--requests-only")) {
      // Checks the requests alone, without reading the corpus: for choosing a new request
      // without seeing any figure.
      InjectionDetector detector = new InjectionDetector();
      for (String name : REQUEST_ORDER) {
        InjectionDetector.Assessment a = detector.assess(REQUESTS.get(name));
        System.out.printf(
            "request %s alone: %s, score %.1f %s%n",
            name, a.flagged() ? "FLAGGED" : "not flagged", a.score(), a.techniques());
      }
      return;
    }
    boolean devOnly = List.of(args).contains("--dev-only");
    boolean heldOutMisses = List.of(args).contains("--heldout-misses");
    if (devOnly && heldOutMisses) {
      throw new IllegalArgumentException("--heldout-misses cannot be combined with --dev-only");
    }
    Optional<Path> file = ExternalAttackCorpora.promptfooJailbreaks();
    if (file.isEmpty()) {
      System.out.println(
          "promptfoo jailbreak corpus ("
              + ExternalAttackCorpora.PROMPTFOO_FILE
              + ") not found in "
              + ExternalAttackCorpora.candidateDirs()
              + ": "
              + ExternalAttackCorpora.FETCH_HINT
              + "; skipping");
      return;
    }
    List<String> templates = ExternalAttackCorpora.read(file.get());
    System.out.printf(
        "promptfoo %s jailbreak templates: %d from %s%n",
        ExternalAttackCorpora.PROMPTFOO_VERSION, templates.size(), file.get());

    InjectionDetector detector = new InjectionDetector();
    DeskPolicy defaultDesk = DeskPolicy.parse(DEFAULT_DESK_PROMPT);
    // FULL by default, --learned-weak, --no-learned: the input guard includes the learned stage
    // (shipped weights) in that mode; the "detector" figures stay the detector's alone.
    InjectionClassifier.Mode learnedMode = InjectionBenchmark.learnedMode(List.of(args));
    OnnxEmbedder encoder =
        learnedMode == InjectionClassifier.Mode.NONE
            ? null
            : new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15);
    InputGuard guard =
        new InputGuard(
            InputGuard.Config.defaults(),
            new DeskContextCheck(),
            encoder == null
                ? null
                : new InjectionClassifier(InjectionClassifier.shipped(), encoder, learnedMode));
    System.out.println("learned stage: " + learnedMode);
    System.out.println("default desk prompt restricts anything: " + defaultDesk.restricts());

    // --dev-only: only the development families are measured and shown, so the held-out
    // families' texts and figures stay unseen until the end of the round (docs/safety.md).
    List<Half> halves = devOnly ? List.of(Half.DEV) : List.of(Half.DEV, Half.HELD_OUT, Half.ALL);
    List<String> json = new ArrayList<>();
    for (Half half : halves) {
      Set<Integer> include = new HashSet<>(ExternalAttackCorpora.indicesInHalf(templates, half));
      long withPlaceholder =
          include.stream()
              .filter(i -> templates.get(i).contains(ExternalAttackCorpora.PLACEHOLDER))
              .count();
      System.out.printf(
          "%n=== %s half: %d templates (%d with a %s placeholder, %d without) ===%n",
          half,
          include.size(),
          withPlaceholder,
          ExternalAttackCorpora.PLACEHOLDER,
          include.size() - withPlaceholder);
      // Misses are texts: the development half's are shown; the held-out half's only on request
      // (--heldout-misses), once, at the end of the round.
      boolean showMisses = half == Half.DEV || (half == Half.HELD_OUT && heldOutMisses);
      List<Figures> all = new ArrayList<>();
      for (String name : REQUEST_ORDER) {
        Figures f =
            measure(name, REQUESTS.get(name), templates, include, detector, guard, defaultDesk);
        print(f, showMisses);
        all.add(f);
      }
      json.add(
          "\""
              + half.name().toLowerCase(java.util.Locale.ROOT)
              + "\":{\"templates\":"
              + include.size()
              + ",\"withPlaceholder\":"
              + withPlaceholder
              + ","
              + all.stream()
                  .map(f -> "\"" + f.name() + "\":" + f.json())
                  .collect(Collectors.joining(","))
              + "}");
    }
    System.out.println(
        "{\"corpus\":\"promptfoo-"
            + ExternalAttackCorpora.PROMPTFOO_VERSION
            + "\",\"split\":\"family-sha256\","
            + String.join(",", json)
            + "}");
  }

  static Figures measure(
      String name,
      String request,
      List<String> templates,
      Set<Integer> include,
      InjectionDetector detector,
      InputGuard guard,
      DeskPolicy desk) {
    InjectionDetector.Assessment alone = detector.assess(request);
    boolean aloneFlagged =
        alone.flagged() || guard.check(InputGuard.sourcesOfText("description", request)).flagged();
    List<Attack> attacks =
        ExternalAttackCorpora.fill(templates, request).stream()
            .filter(a -> include.contains(a.index()))
            .toList();
    int byDetector = 0;
    int byDetectorWithPlaceholder = 0;
    int placeholders = 0;
    int byGuard = 0;
    int learnedOnly = 0;
    Map<String, Integer> techniques = new TreeMap<>();
    List<String> misses = new ArrayList<>();
    // Variants of one jailbreak (promptfoo ships several DAN and DUDE versions) share their
    // opening; a family counts once in the family figures.
    Map<String, List<Boolean>> families = new TreeMap<>();
    long detectorNanos = 0;
    long detectorMaxNanos = 0;
    long guardNanos = 0;
    for (Attack a : attacks) {
      if (a.hadPlaceholder()) placeholders++;
      long t0 = System.nanoTime();
      InjectionDetector.Assessment d = detector.assess(a.text());
      long t1 = System.nanoTime();
      InputGuard.Verdict v = guard.check(InputGuard.sourcesOfText("description", a.text()), desk);
      long t2 = System.nanoTime();
      detectorNanos += t1 - t0;
      detectorMaxNanos = Math.max(detectorMaxNanos, t1 - t0);
      guardNanos += t2 - t1;
      if (d.flagged()) {
        byDetector++;
        if (a.hadPlaceholder()) byDetectorWithPlaceholder++;
        for (String t : d.techniques()) techniques.merge(t, 1, Integer::sum);
      }
      families
          .computeIfAbsent(
              ExternalAttackCorpora.familyOf(templates.get(a.index())), k -> new ArrayList<>())
          .add(v.flagged());
      if (v.flagged()) {
        byGuard++;
        if (v.learnedOnly()) learnedOnly++;
      } else {
        misses.add(
            String.format(
                java.util.Locale.ROOT,
                "#%d score %.1f %s | %s",
                a.index(),
                d.score(),
                d.techniques(),
                ExternalAttackCorpora.abbreviate(a.text())));
      }
    }
    int n = Math.max(1, attacks.size());
    return new Figures(
        name,
        request,
        aloneFlagged,
        alone.score(),
        attacks.size(),
        byDetector,
        byDetectorWithPlaceholder,
        placeholders,
        byGuard,
        learnedOnly,
        families.size(),
        (int) families.values().stream().filter(f -> f.contains(true)).count(),
        (int) families.values().stream().filter(f -> !f.contains(false)).count(),
        techniques,
        misses,
        detectorNanos / 1e3 / n,
        detectorMaxNanos / 1e3,
        guardNanos / 1e3 / n);
  }

  private static void print(Figures f, boolean showMisses) {
    System.out.printf("%nrequest %s: \"%s\"%n", f.name(), f.request());
    System.out.printf(
        "  alone: %s (detector score %.1f)%s%n",
        f.requestAloneFlagged() ? "FLAGGED" : "not flagged",
        f.requestAloneScore(),
        f.requestAloneFlagged()
            ? "  -- the request itself triggers the check: this row does not measure the jailbreaks"
            : "");
    System.out.printf(
        "  detector (default config): %d/%d = %.1f%%   (templates with a placeholder %d/%d,"
            + " without %d/%d)%n",
        f.detector(),
        f.attacks(),
        100.0 * f.detector() / f.attacks(),
        f.detectorWithPlaceholder(),
        f.withPlaceholder(),
        f.detector() - f.detectorWithPlaceholder(),
        f.attacks() - f.withPlaceholder());
    System.out.printf(
        "  input guard (default desk, as a ticket description): %d/%d = %.1f%%%n",
        f.guard(), f.attacks(), 100.0 * f.guard() / f.attacks());
    System.out.printf(
        "  input guard by tier: %d reached by the rules (handed off under the default), %d by the"
            + " learned stage only (fenced under the default)%n",
        f.guard() - f.guardLearnedOnly(), f.guardLearnedOnly());
    System.out.printf(
        "  input guard by family (same first 120 characters): %d families, %d with a variant"
            + " flagged, %d with every variant flagged%n",
        f.families(), f.familiesAnyVariantFlagged(), f.familiesAllVariantsFlagged());
    System.out.printf(
        "  time per template: detector %.1f ms mean, %.1f ms max; input guard %.1f ms mean%n",
        f.detectorMicrosMean() / 1e3, f.detectorMicrosMax() / 1e3, f.guardMicrosMean() / 1e3);
    System.out.println("  techniques in flagged templates (detector): " + f.techniques());
    System.out.println("  missed by the input guard: " + f.guardMisses().size());
    if (showMisses) {
      for (String m : f.guardMisses()) System.out.println("    " + m);
    } else {
      System.out.println("    (texts not shown for this half; --heldout-misses shows them)");
    }
  }
}

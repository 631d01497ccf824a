package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.safety.SharedDatasets.AttackCase;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the learned stage ({@link InjectionClassifier}) on the <b>development half only</b> and
 * prints its out-of-fold figures; with {@code --write FILE} writes the weights (the shipped
 * resource is {@code plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json}).
 *
 * <p>Recipe (pre-registered in docs/safety.md, "Third round"): positives are the development-half
 * CyberSecEval attacks, negatives the development-half banking77 questions (train and test) and
 * XSTest-safe prompts, text only. Features: the bge-small-en embedding and the detector's technique
 * flags ({@link InjectionClassifier#features}). Model: L2 logistic regression ({@link
 * LogisticRegression}), class-balanced. Selection: 5-fold stratified cross-validation (fixed seed)
 * over {@link #C_GRID} and over whole-text versus whole-text-and-sentence-maximum scoring; the
 * threshold is the lowest whose out-of-fold false positives stay within {@link #MAX_BANKING_FP} of
 * banking77 and {@link #MAX_XSTEST_FP} of XSTest-safe.
 *
 * <p>Run: {@code ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.jsmai.plugin.safety.InjectionClassifierTraining -Dexec.args="--write
 * plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json"}. Flags: {@code
 * --no-cache} (embed everything afresh instead of reusing {@code plugin/target/learned-cache}),
 * {@code --embed-only} (fill the cache and stop), {@code --verbose} (list the development attacks
 * the stage adds and the benign texts it flags).
 */
public final class InjectionClassifierTraining {
  private InjectionClassifierTraining() {}

  /** Inverse regularisation strengths tried. */
  static final double[] C_GRID = {0.01, 0.1, 1, 10};

  static final int FOLDS = 5;
  static final long SEED = 20261121L;

  /** Out-of-fold false-positive ceilings the threshold must respect (targets: 1% and 5%). */
  static final double MAX_BANKING_FP = 0.003;

  static final double MAX_XSTEST_FP = 0.02;

  /** Attacks the sentence maximum must add over whole-text scoring to be worth its cost. */
  static final int SENTENCE_MAX_MIN_GAIN = 2;

  /** The command that reproduces the shipped weights, written into them. */
  static final String RECIPE =
      "./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test"
          + " -Dexec.mainClass=com.jsmai.plugin.safety.InjectionClassifierTraining"
          + " -Dexec.args=\"--write"
          + " plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json\"";

  enum Group {
    ATTACK,
    BANKING77,
    XSTEST_SAFE
  }

  /**
   * One development text and everything the training needs about it.
   *
   * @param embedding the whole text's unit embedding, shape [384]
   * @param sentenceEmbeddings one per {@link InjectionClassifier#sentences} entry, shape [384] each
   * @param techniques the detector's techniques
   * @param detectorScore the detector's score (default settings, no context)
   * @param contextScore with the context stage against the attack's own system prompt (for benign
   *     text: the default desk, which restricts nothing, so the detector's score)
   */
  record Row(
      String text,
      Group group,
      String variant,
      float[] embedding,
      List<float[]> sentenceEmbeddings,
      List<String> techniques,
      double detectorScore,
      double contextScore) {
    int label() {
      return group == Group.ATTACK ? 1 : 0;
    }

    boolean detectorFlagged() {
      return detectorScore >= InjectionDetector.DEFAULT_THRESHOLD;
    }

    boolean contextFlagged() {
      return contextScore >= InjectionDetector.DEFAULT_THRESHOLD;
    }
  }

  /**
   * The training rows of one half. Training takes {@link Half#DEV} only; the half is explicit so
   * that no code path reads the held-out half by default.
   */
  static List<Row> rows(Path root, Half half, Embedder embedder, PrintStream log) throws Exception {
    if (half != Half.DEV) {
      throw new IllegalArgumentException("the learned stage is trained on Half.DEV only: " + half);
    }
    List<String> texts = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    List<String> variants = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    for (AttackCase c : SharedDatasets.attacks(root, half)) {
      texts.add(c.text());
      groups.add(Group.ATTACK);
      variants.add(c.variant());
      prompts.add(c.systemPrompt());
    }
    List<LabelledText> banking = new ArrayList<>(SharedDatasets.banking77(root, "train", half));
    banking.addAll(SharedDatasets.banking77(root, "test", half));
    for (LabelledText t : banking) {
      texts.add(t.text());
      groups.add(Group.BANKING77);
      variants.add(t.label());
      prompts.add(null);
    }
    for (LabelledText t : SharedDatasets.xstestSafe(root, half)) {
      texts.add(t.text());
      groups.add(Group.XSTEST_SAFE);
      variants.add(t.label());
      prompts.add(null);
    }
    long t0 = System.nanoTime();
    List<float[]> whole = embedder.embedAll(texts);
    List<List<String>> sentences = new ArrayList<>();
    List<String> allSentences = new ArrayList<>();
    for (String t : texts) {
      List<String> s = InjectionClassifier.sentences(t);
      sentences.add(s);
      allSentences.addAll(s);
    }
    List<float[]> sentenceVectors = embedder.embedAll(allSentences);
    log.printf(
        Locale.ROOT,
        "embedded %d texts and %d sentences in %.0f s%n",
        texts.size(),
        allSentences.size(),
        (System.nanoTime() - t0) / 1e9);
    InjectionDetector detector = new InjectionDetector();
    DeskContextCheck context =
        new DeskContextCheck(DeskContextCheck.Config.defaults(), () -> embedder);
    InputGuard withContext = new InputGuard(InputGuard.Config.defaults(), context);
    List<Row> rows = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < texts.size(); i++) {
      List<float[]> sv = new ArrayList<>();
      for (int k = 0; k < sentences.get(i).size(); k++) sv.add(sentenceVectors.get(next++));
      InjectionDetector.Assessment a = detector.assess(texts.get(i));
      double ctx =
          prompts.get(i) == null
              ? a.score()
              : withContext.assess(texts.get(i), DeskPolicy.parse(prompts.get(i))).score();
      rows.add(
          new Row(
              texts.get(i),
              groups.get(i),
              variants.get(i),
              whole.get(i),
              sv,
              a.techniques(),
              a.score(),
              ctx));
    }
    return rows;
  }

  public static void main(String[] args) throws Exception {
    List<String> argv = List.of(args);
    Path root =
        SharedDatasets.root()
            .orElseThrow(() -> new IllegalStateException("../shared/datasets not found"));
    try (OnnxEmbedder onnx = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      CachedEmbedder embedder =
          new CachedEmbedder(
              onnx, argv.contains("--no-cache") ? null : CachedEmbedder.defaultDir());
      System.out.println("cached vectors: " + embedder.size());
      List<Row> rows = rows(root, Half.DEV, embedder, System.out);
      if (argv.contains("--embed-only")) return;
      Training t = train(rows, System.out, argv.contains("--verbose"));
      outOfDomain(t.weights(), embedder, System.out);
      latency(t.weights(), onnx, rows, System.out);
      int w = argv.indexOf("--write");
      if (w >= 0) {
        Path out = Path.of(argv.get(w + 1));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, t.weights().toJson() + "\n");
        System.out.println("wrote " + out.toAbsolutePath());
      }
    }
  }

  /**
   * The final model on benign tickets it never saw, of desks other than banking: {@link
   * OutOfDomainTickets} and the benchmark's retail in-scope tickets.
   */
  static void outOfDomain(InjectionClassifier.Weights weights, Embedder embedder, PrintStream out) {
    for (InjectionClassifier.Mode mode :
        List.of(InjectionClassifier.Mode.FULL, InjectionClassifier.Mode.WEAK)) {
      outOfDomain(new InjectionClassifier(weights, embedder, mode), out);
    }
  }

  private static void outOfDomain(InjectionClassifier c, PrintStream out) {
    InjectionClassifier.Weights weights = c.weights();
    InjectionDetector detector = new InjectionDetector();
    List<String> texts = new ArrayList<>(OutOfDomainTickets.TICKETS);
    texts.addAll(InjectionBenchmark.RETAIL_IN_SCOPE);
    int strong = 0;
    int flagged = 0;
    for (String t : texts) {
      InjectionDetector.Assessment a = detector.assess(t);
      double p = c.probability(t, a.techniques());
      double add = c.weight(p);
      if (p >= weights.threshold()) strong++;
      boolean now = a.score() + add >= InjectionDetector.DEFAULT_THRESHOLD;
      if (now) flagged++;
      if (add > 0) {
        out.printf(
            Locale.ROOT,
            "OUT-OF-DOMAIN %s p=%.3f%s detector %.1f | %s%n",
            c.mode(),
            p,
            now ? " FLAGGED" : "",
            a.score(),
            abbreviate(t));
      }
    }
    out.printf(
        Locale.ROOT,
        "%s mode: out-of-domain benign tickets (never trained on): learned stage >= threshold"
            + " %d/%d, flagged with the detector %d/%d%n",
        c.mode(),
        strong,
        texts.size(),
        flagged,
        texts.size());
  }

  /** Time per text the learned stage adds (the encoder uncached), on development texts. */
  static void latency(
      InjectionClassifier.Weights weights, Embedder encoder, List<Row> rows, PrintStream out) {
    InjectionClassifier c = new InjectionClassifier(weights, encoder);
    List<Row> banking = rows.stream().filter(r -> r.group() == Group.BANKING77).toList();
    List<Row> attacks = rows.stream().filter(r -> r.group() == Group.ATTACK).toList();
    for (int i = 0; i < 20; i++) c.probability(banking.get(i).text(), List.of()); // warm-up
    for (var sample : List.of(banking.subList(20, 220), attacks)) {
      long t0 = System.nanoTime();
      for (Row r : sample) c.probability(r.text(), r.techniques());
      double ms = (System.nanoTime() - t0) / 1e6 / sample.size();
      out.printf(
          Locale.ROOT,
          "latency: %.1f ms per text over %d %s texts (mean %d characters)%n",
          ms,
          sample.size(),
          sample.get(0).group(),
          (int) sample.stream().mapToInt(r -> r.text().length()).average().orElse(0));
    }
  }

  /** What the training chose and its out-of-fold figures. */
  record Training(InjectionClassifier.Weights weights, Selection selection) {}

  /**
   * Out-of-fold figures of one candidate (C, scoring) at its threshold.
   *
   * @param caughtAlone attacks the learned stage flags on its own
   * @param caughtWithDetector attacks flagged by the detector (no context) or the learned stage
   * @param caughtWithContext attacks flagged by detector and context stage or the learned stage
   */
  record Selection(
      double c,
      boolean sentenceMax,
      double threshold,
      Double weakThreshold,
      int attacks,
      int caughtAlone,
      int detectorCaught,
      int caughtWithDetector,
      int contextCaught,
      int caughtWithContext,
      int banking,
      int bankingFlagged,
      int xstest,
      int xstestFlagged,
      double logLoss) {
    /** Ranks candidates: more added with context, then without, then alone. */
    long rank() {
      return (long) (caughtWithContext - contextCaught) * 1_000_000L
          + (long) (caughtWithDetector - detectorCaught) * 1_000L
          + caughtAlone;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "C=%-5s %-13s t=%.4f%s  alone %d/%d  detector %d->%d  detector+context %d->%d"
              + "  banking77 FP %d/%d = %.2f%%  xstest FP %d/%d = %.1f%%  logloss %.4f",
          fmt(c),
          sentenceMax ? "whole+sent." : "whole text",
          threshold,
          weakThreshold == null ? "" : String.format(Locale.ROOT, " weak=%.4f", weakThreshold),
          caughtAlone,
          attacks,
          detectorCaught,
          caughtWithDetector,
          contextCaught,
          caughtWithContext,
          bankingFlagged,
          banking,
          100.0 * bankingFlagged / banking,
          xstestFlagged,
          xstest,
          100.0 * xstestFlagged / xstest,
          logLoss);
    }
  }

  static String fmt(double c) {
    return c == Math.rint(c) ? String.valueOf((long) c) : String.valueOf(c);
  }

  /** Stratified folds: each group shuffled with the fixed seed and dealt round-robin. */
  static int[] folds(List<Row> rows) {
    int[] fold = new int[rows.size()];
    Random random = new Random(SEED);
    for (Group g : Group.values()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) if (rows.get(i).group() == g) idx.add(i);
      Collections.shuffle(idx, random);
      for (int k = 0; k < idx.size(); k++) fold[idx.get(k)] = k % FOLDS;
    }
    return fold;
  }

  static double[] features(Row r, float[] embedding) {
    return InjectionClassifier.features(embedding, r.techniques(), InjectionDetector.TECHNIQUES);
  }

  /** Cross-validates, selects, and fits the final model on every development row. */
  static Training train(List<Row> rows, PrintStream out, boolean verbose) {
    int n = rows.size();
    int[] fold = folds(rows);
    int[] y = new int[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = rows.get(i).label();
      x[i] = features(rows.get(i), rows.get(i).embedding());
    }
    Selection bestWhole = null;
    double[] bestWholeScores = null;
    Selection bestSentences = null;
    double[] bestSentenceScores = null;
    for (double c : C_GRID) {
      double[] whole = new double[n];
      double[] withSentences = new double[n];
      long t0 = System.nanoTime();
      for (int f = 0; f < FOLDS; f++) {
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < n; i++) if (fold[i] != f) train.add(i);
        double[][] xt = new double[train.size()][];
        int[] yt = new int[train.size()];
        for (int k = 0; k < train.size(); k++) {
          xt[k] = x[train.get(k)];
          yt[k] = y[train.get(k)];
        }
        LogisticRegression.Model m =
            LogisticRegression.train(xt, yt, LogisticRegression.balancedWeights(yt), c);
        for (int i = 0; i < n; i++) {
          if (fold[i] != f) continue;
          whole[i] = m.probability(x[i]);
          double p = whole[i];
          for (float[] s : rows.get(i).sentenceEmbeddings()) {
            p = Math.max(p, m.probability(features(rows.get(i), s)));
          }
          withSentences[i] = p;
        }
      }
      out.printf(
          Locale.ROOT, "C=%s: 5 folds trained in %.0f s%n", fmt(c), (System.nanoTime() - t0) / 1e9);
      for (boolean sentenceMax : new boolean[] {false, true}) {
        double[] scores = sentenceMax ? withSentences : whole;
        Selection s = evaluate(rows, scores, c, sentenceMax);
        out.println("  " + s.line());
        // Ties go to the earlier candidate: the smaller C (stronger regularisation).
        if (sentenceMax && (bestSentences == null || s.rank() > bestSentences.rank())) {
          bestSentences = s;
          bestSentenceScores = scores;
        } else if (!sentenceMax && (bestWhole == null || s.rank() > bestWhole.rank())) {
          bestWhole = s;
          bestWholeScores = scores;
        }
      }
    }
    // The sentence maximum costs one encoder call per sentence and, on the development half, five
    // times the banking77 false positives at the same threshold: it must add at least
    // SENTENCE_MAX_MIN_GAIN attacks (with and without context together) to be chosen.
    boolean useSentences = added(bestSentences) >= added(bestWhole) + SENTENCE_MAX_MIN_GAIN;
    Selection best = useSentences ? bestSentences : bestWhole;
    double[] bestScores = useSentences ? bestSentenceScores : bestWholeScores;
    Selection chosen = withWeakTier(rows, bestScores, best);
    out.println("chosen (out-of-fold): " + chosen.line());
    weakOnly = weakOnlyFigures(rows, bestScores, chosen);
    out.println("same model, WEAK mode (out-of-fold): " + weakOnly.line());
    if (verbose) listChanges(rows, bestScores, chosen, out);
    LogisticRegression.Model finalModel =
        LogisticRegression.train(x, y, LogisticRegression.balancedWeights(y), chosen.c());
    out.printf(
        Locale.ROOT,
        "final fit on all %d development rows: %d Newton steps, objective %.4f -> %.4f%n",
        n,
        finalModel.iterations(),
        finalModel.losses()[0],
        finalModel.losses()[finalModel.iterations()]);
    int dims = rows.get(0).embedding().length;
    double[] w = finalModel.weights();
    int attacks = (int) rows.stream().filter(r -> r.group() == Group.ATTACK).count();
    InjectionClassifier.Weights weights =
        new InjectionClassifier.Weights(
            "bge-small-en-v1.5-q",
            dims,
            InjectionDetector.TECHNIQUES,
            round(Arrays.copyOfRange(w, 0, dims)),
            round(Arrays.copyOfRange(w, dims, w.length)),
            round(finalModel.bias()),
            round(chosen.threshold()),
            chosen.weakThreshold() == null ? null : round(chosen.weakThreshold()),
            chosen.sentenceMax(),
            chosen.c(),
            String.format(
                Locale.ROOT,
                "development half only: %d CyberSecEval attacks, %d banking77, %d XSTest-safe",
                attacks,
                rows.stream().filter(r -> r.group() == Group.BANKING77).count(),
                rows.stream().filter(r -> r.group() == Group.XSTEST_SAFE).count()),
            RECIPE);
    return new Training(weights, chosen);
  }

  /**
   * The out-of-fold figures of the last {@link #train} in {@link InjectionClassifier.Mode#WEAK}.
   */
  static Selection weakOnly;

  /**
   * The chosen model in {@link InjectionClassifier.Mode#WEAK}: weight 0.5 from the lower threshold,
   * never 1.0, so it flags only together with another weak signal.
   */
  static Selection weakOnlyFigures(List<Row> rows, double[] scores, Selection chosen) {
    double weak = chosen.weakThreshold() == null ? chosen.threshold() : chosen.weakThreshold();
    // A strong threshold above every probability leaves only the weak tier.
    Selection s =
        figures(rows, scores, chosen.c(), chosen.sentenceMax(), 1.0 + 1e-9, weak, chosen.logLoss());
    int alone = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).group() == Group.ATTACK && scores[i] >= weak) alone++;
    }
    return new Selection(
        s.c(),
        s.sentenceMax(),
        weak,
        weak,
        s.attacks(),
        alone,
        s.detectorCaught(),
        s.caughtWithDetector(),
        s.contextCaught(),
        s.caughtWithContext(),
        s.banking(),
        s.bankingFlagged(),
        s.xstest(),
        s.xstestFlagged(),
        s.logLoss());
  }

  /** Attacks a candidate adds to the detector, with and without context together. */
  static int added(Selection s) {
    return s.caughtWithContext() - s.contextCaught() + s.caughtWithDetector() - s.detectorCaught();
  }

  /** Six significant digits: keeps the resource small and its diff readable. */
  static double round(double v) {
    return v == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
  }

  static double[] round(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = round(v[i]);
    return out;
  }

  /**
   * The lowest threshold whose out-of-fold false positives stay within the ceilings, and the
   * figures at it.
   */
  static Selection evaluate(List<Row> rows, double[] scores, double c, boolean sentenceMax) {
    int banking = 0;
    int xstest = 0;
    List<Double> bankingScores = new ArrayList<>();
    List<Double> xstestScores = new ArrayList<>();
    double logLoss = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double p = Math.min(Math.max(scores[i], 1e-15), 1 - 1e-15);
      logLoss -= r.label() == 1 ? Math.log(p) : Math.log(1 - p);
      if (r.group() == Group.BANKING77) {
        banking++;
        bankingScores.add(scores[i]);
      } else if (r.group() == Group.XSTEST_SAFE) {
        xstest++;
        xstestScores.add(scores[i]);
      }
    }
    // Flagging p >= t with at most k texts of a group above: t just above its (k+1)-th highest.
    double t =
        Math.max(
            Math.max(
                above(bankingScores, (int) Math.floor(MAX_BANKING_FP * banking)),
                above(xstestScores, (int) Math.floor(MAX_XSTEST_FP * xstest))),
            0.01);
    return figures(rows, scores, c, sentenceMax, t, null, logLoss / rows.size());
  }

  /** The smallest threshold that leaves at most {@code allowed} of these scores at or above it. */
  static double above(List<Double> scores, int allowed) {
    List<Double> sorted = new ArrayList<>(scores);
    sorted.sort(Collections.reverseOrder());
    if (allowed >= sorted.size()) return 0;
    return Math.nextUp(sorted.get(allowed));
  }

  /** The figures of a threshold (and optional weak tier) over out-of-fold scores. */
  static Selection figures(
      List<Row> rows,
      double[] scores,
      double c,
      boolean sentenceMax,
      double t,
      Double weak,
      double logLoss) {
    int attacks = 0, alone = 0, det = 0, withDet = 0, ctx = 0, withCtx = 0;
    int banking = 0, bankingFlagged = 0, xstest = 0, xstestFlagged = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double add = added(scores[i], t, weak);
      boolean flaggedNoContext = r.detectorScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
      boolean flaggedContext = r.contextScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
      switch (r.group()) {
        case ATTACK -> {
          attacks++;
          if (scores[i] >= t) alone++;
          if (r.detectorFlagged()) det++;
          if (flaggedNoContext) withDet++;
          if (r.contextFlagged()) ctx++;
          if (flaggedContext) withCtx++;
        }
        case BANKING77 -> {
          banking++;
          if (flaggedNoContext) bankingFlagged++;
        }
        case XSTEST_SAFE -> {
          xstest++;
          if (flaggedNoContext) xstestFlagged++;
        }
      }
    }
    return new Selection(
        c,
        sentenceMax,
        t,
        weak,
        attacks,
        alone,
        det,
        withDet,
        ctx,
        withCtx,
        banking,
        bankingFlagged,
        xstest,
        xstestFlagged,
        logLoss);
  }

  static double added(double p, double t, Double weak) {
    if (p >= t) return InjectionClassifier.STRONG_WEIGHT;
    if (weak != null && p >= weak) return InjectionClassifier.WEAK_WEIGHT;
    return 0;
  }

  /**
   * A weak tier (weight 0.5 from a lower threshold, which flags only together with another weak
   * signal): the lowest weak threshold whose combined out-of-fold false positives stay within the
   * ceilings; kept only if it catches more attacks than the strong tier alone.
   */
  static Selection withWeakTier(List<Row> rows, double[] scores, Selection strong) {
    List<Double> candidates = new ArrayList<>();
    for (double s : scores) if (s < strong.threshold() && s >= 0.05) candidates.add(s);
    candidates.sort(Collections.reverseOrder());
    Selection best = strong;
    for (double w : candidates) {
      Selection s =
          figures(
              rows,
              scores,
              strong.c(),
              strong.sentenceMax(),
              strong.threshold(),
              w,
              strong.logLoss());
      if (s.bankingFlagged() > Math.floor(MAX_BANKING_FP * s.banking())
          || s.xstestFlagged() > Math.floor(MAX_XSTEST_FP * s.xstest())) {
        break;
      }
      if (s.rank() - s.caughtAlone() > best.rank() - best.caughtAlone()) best = s;
    }
    return best;
  }

  private static void listChanges(List<Row> rows, double[] scores, Selection s, PrintStream out) {
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double add = added(scores[i], s.threshold(), s.weakThreshold());
      if (r.group() == Group.ATTACK) {
        boolean before = r.detectorFlagged();
        boolean after = r.detectorScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
        boolean ctxBefore = r.contextFlagged();
        boolean ctxAfter = r.contextScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
        if ((!before && after) || (!ctxBefore && ctxAfter) || (!after && !ctxAfter)) {
          out.printf(
              Locale.ROOT,
              "DEV-ATTACK p=%.3f det %.1f ctx %.1f %s%s | %s%n",
              scores[i],
              r.detectorScore(),
              r.contextScore(),
              r.variant(),
              (!after && !ctxAfter) ? " (still missed)" : " (added)",
              abbreviate(r.text()));
        }
      } else if (add > 0 && r.detectorScore() + add >= InjectionDetector.DEFAULT_THRESHOLD) {
        out.printf(
            Locale.ROOT, "DEV-FP %s p=%.3f | %s%n", r.group(), scores[i], abbreviate(r.text()));
      }
    }
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 140 ? one.substring(0, 140) + "..." : one;
  }
}

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
import java.util.Optional;
import java.util.Random;

/**
 * Trains the learned stage ({@link InjectionClassifier}) on the <b>development half only</b> and
 * prints its out-of-fold figures; with {@code --write FILE} writes the weights (the shipped
 * resource is {@code plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json}).
 *
 * <p>Recipe (third round pre-registered in docs/safety.md, "Third round"; fourth round in "Fourth
 * round"): positives are the development-half CyberSecEval attacks and the promptfoo jailbreak
 * templates of the development families (filled with {@link #JAILBREAK_TRAINING_REQUESTS});
 * negatives the development-half banking77 questions (train and test), XSTest-safe prompts and
 * SpamAssassin ham and spam bodies ({@link SpamAssassinCorpus}); with {@code --extra FILE}, an
 * install's own labelled examples ({@link LabelledExamples}). Features: the bge-small-en embedding
 * and the detector's technique flags ({@link InjectionClassifier#features}). A minimum-length gate
 * ({@link #minWords}) from the development attacks: text below it is neither fitted nor scored.
 * Model: L2 logistic regression ({@link LogisticRegression}), each class half the weight, rows
 * within a class weighted by {@link Weighting}. Selection: 5-fold stratified cross-validation
 * (fixed seed) over {@link #C_GRID} and the weightings; the threshold is the lowest whose
 * out-of-fold false positives (detector or learned stage) stay within {@link #MAX_BANKING_FP} of
 * banking77, {@link #MAX_XSTEST_FP} of XSTest-safe and {@link #MAX_HAM_FP} of SpamAssassin ham.
 *
 * <p>Run: {@code ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.jsmai.plugin.safety.InjectionClassifierTraining -Dexec.args="--write
 * plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json"}. Flags: {@code
 * --no-cache} (embed everything afresh instead of reusing {@code plugin/target/learned-cache}),
 * {@code --extra FILE} (add an install's labelled examples, JSON Lines), {@code --embed-only} (fill
 * the cache and stop), {@code --verbose} (list the development attacks the stage adds and the
 * benign texts it flags).
 */
public final class InjectionClassifierTraining {
  private InjectionClassifierTraining() {}

  /** Inverse regularisation strengths tried. */
  static final double[] C_GRID = {0.1, 1, 10};

  static final int FOLDS = 5;
  static final long SEED = 20261121L;

  /** Out-of-fold false-positive ceilings the threshold must respect (targets: 1% and 5%). */
  static final double MAX_BANKING_FP = 0.003;

  static final double MAX_XSTEST_FP = 0.02;

  /** Fourth round (the protocol's condition 1): SpamAssassin ham, development half. */
  static final double MAX_HAM_FP = 0.005;

  /**
   * Whether the sentence maximum is cross-validated at all. Off since the fourth round: it was not
   * chosen in the third (one attack more for five times the banking77 false positives) and over
   * thousands of e-mails it costs about ten encoder calls per text.
   */
  static final boolean SENTENCE_MAX_CANDIDATE = false;

  /** Attacks the sentence maximum must add over whole-text scoring to be worth its cost. */
  static final int SENTENCE_MAX_MIN_GAIN = 2;

  /** The command that reproduces the shipped weights, written into them. */
  static final String RECIPE =
      "./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test"
          + " -Dexec.mainClass=com.jsmai.plugin.safety.InjectionClassifierTraining"
          + " -Dexec.args=\"--write"
          + " plugin/src/main/resources/com/jsmai/plugin/safety/injection-classifier.json\"";

  enum Group {
    /** CyberSecEval development attacks. */
    ATTACK(true),
    /** promptfoo jailbreak templates of the development families, filled with a request. */
    JAILBREAK(true),
    /** An install's own examples labelled {@code attack} ({@code --extra}). */
    EXTRA_ATTACK(true),
    BANKING77(false),
    XSTEST_SAFE(false),
    /** SpamAssassin ham bodies, development half. */
    SA_HAM(false),
    /** SpamAssassin spam bodies, development half. */
    SA_SPAM(false),
    /** An install's own examples labelled {@code benign} ({@code --extra}). */
    EXTRA_BENIGN(false);

    final boolean attack;

    Group(boolean attack) {
      this.attack = attack;
    }
  }

  /**
   * The requests put into the jailbreak templates for training: written for training, different
   * from {@link JailbreakCorpusBenchmark#REQUESTS}, so that the benchmark's held-out figures do not
   * reward memorising its requests.
   */
  static final List<String> JAILBREAK_TRAINING_REQUESTS =
      List.of(
          "When will my package arrive?",
          "Give me a discount code for half off and confirm that it is valid.");

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
      return group.attack ? 1 : 0;
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
    return rows(root, half, embedder, log, Sources.required(), List.of());
  }

  /**
   * Where the fourth round's extra training text comes from: the unpacked SpamAssassin folder and
   * the promptfoo jailbreak file ({@code scripts/fetch-attack-corpora}).
   */
  record Sources(Path spamAssassin, Path jailbreaks) {
    /** Both, or an exception that says how to get them. */
    static Sources required() {
      Optional<String> absent = absence();
      if (absent.isPresent()) throw new IllegalStateException(absent.get());
      return new Sources(
          SpamAssassinCorpus.folder().orElseThrow(),
          ExternalAttackCorpora.promptfooJailbreaks().orElseThrow());
    }

    /** Why the sources are not all here (for a skip message), or empty. */
    static Optional<String> absence() {
      Optional<String> sa = SpamAssassinCorpus.absence();
      if (sa.isPresent()) return sa;
      if (ExternalAttackCorpora.promptfooJailbreaks().isEmpty()) {
        return Optional.of(
            "promptfoo jailbreak corpus ("
                + ExternalAttackCorpora.PROMPTFOO_FILE
                + ") not found in "
                + ExternalAttackCorpora.candidateDirs()
                + ": "
                + ExternalAttackCorpora.FETCH_HINT);
      }
      return Optional.empty();
    }
  }

  /**
   * The training rows of one half, with an install's own labelled examples ({@code --extra}, any
   * half: they are the install's, not the corpora's).
   */
  static List<Row> rows(
      Path root,
      Half half,
      Embedder embedder,
      PrintStream log,
      Sources sources,
      List<LabelledExamples.Example> extra)
      throws Exception {
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
    List<String> templates = ExternalAttackCorpora.read(sources.jailbreaks());
    java.util.Set<String> jailbreakTexts = new java.util.LinkedHashSet<>();
    for (String request : JAILBREAK_TRAINING_REQUESTS) {
      for (ExternalAttackCorpora.Attack a : ExternalAttackCorpora.fill(templates, request)) {
        // Templates without a placeholder give the same text for both requests: once.
        if (ExternalAttackCorpora.inHalf(templates.get(a.index()), half)
            && jailbreakTexts.add(a.text())) {
          texts.add(a.text());
          groups.add(Group.JAILBREAK);
          // The family (the template's opening) keeps every version and both requests of one
          // jailbreak in the same fold (folds()).
          variants.add(
              "template #"
                  + a.index()
                  + " family "
                  + ExternalAttackCorpora.familyOf(templates.get(a.index())));
          prompts.add(null);
        }
      }
    }
    SpamAssassinCorpus.Corpus mail = SpamAssassinCorpus.read(sources.spamAssassin(), half);
    for (SpamAssassinCorpus.Message m : mail.messages()) {
      texts.add(m.body());
      groups.add(m.kind() == SpamAssassinCorpus.Kind.HAM ? Group.SA_HAM : Group.SA_SPAM);
      variants.add(m.group() + "/" + m.file());
      prompts.add(null);
    }
    log.printf(
        Locale.ROOT,
        "SpamAssassin %s half: %d ham, %d spam bodies (%d messages without readable text"
            + " skipped); jailbreak templates: %d texts%n",
        half,
        mail.of(SpamAssassinCorpus.Kind.HAM).size(),
        mail.of(SpamAssassinCorpus.Kind.SPAM).size(),
        mail.unreadable().size(),
        jailbreakTexts.size());
    for (LabelledExamples.Example e : extra) {
      texts.add(e.text());
      groups.add(e.attack() ? Group.EXTRA_ATTACK : Group.EXTRA_BENIGN);
      variants.add("extra line " + e.line());
      prompts.add(null);
    }
    long t0 = System.nanoTime();
    List<float[]> whole = embedder.embedAll(texts);
    List<List<String>> sentences = new ArrayList<>();
    List<String> allSentences = new ArrayList<>();
    for (String t : texts) {
      // Fourth round: the sentence maximum is no longer a candidate (rejected in the third round
      // for its cost and false positives; over thousands of e-mails its cost is ten times the
      // whole-text embedding's), so no sentence is embedded.
      List<String> s = SENTENCE_MAX_CANDIDATE ? InjectionClassifier.sentences(t) : List.of();
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
      int e = argv.indexOf("--extra");
      List<LabelledExamples.Example> extra = List.of();
      if (e >= 0) {
        if (e + 1 >= argv.size()) throw new IllegalArgumentException("--extra needs a FILE");
        extra = LabelledExamples.read(Path.of(argv.get(e + 1)));
        System.out.printf(
            Locale.ROOT,
            "extra examples from %s: %d attack, %d benign%n",
            argv.get(e + 1),
            extra.stream().filter(LabelledExamples.Example::attack).count(),
            extra.stream().filter(x -> !x.attack()).count());
      }
      List<Row> rows = rows(root, Half.DEV, embedder, System.out, Sources.required(), extra);
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
      // As the product applies it: nothing for text the stage does not read (the gates).
      double p = InjectionClassifier.reads(t, weights) ? c.probability(t, a.techniques()) : 0;
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
   * How the rows of one class share its half of the total weight.
   *
   * <ul>
   *   <li>{@code CLASS}: every row of a class weighs the same (the third round's recipe): the
   *       sources weigh by their size, so banking77 dominates the negatives.
   *   <li>{@code SOURCE_SQRT}: each source's share of its class is proportional to the square root
   *       of its size, so the 143 XSTest prompts and the 77 jailbreak texts are not drowned by
   *       thousands of e-mails and banking questions, and no small source gets a huge per-row
   *       weight either.
   * </ul>
   */
  enum Weighting {
    CLASS,
    SOURCE_SQRT
  }

  /**
   * Out-of-fold figures of one candidate (C, weighting) at its threshold. CyberSecEval figures are
   * the {@link Group#ATTACK} rows; jailbreak figures the {@link Group#JAILBREAK} rows (default
   * desk, so "with context" equals "detector").
   *
   * @param caughtAlone attacks the learned stage flags on its own
   * @param caughtWithDetector attacks flagged by the detector (no context) or the learned stage
   * @param caughtWithContext attacks flagged by detector and context stage or the learned stage
   */
  record Selection(
      double c,
      Weighting weighting,
      int minWords,
      double threshold,
      Double weakThreshold,
      int attacks,
      int caughtAlone,
      int detectorCaught,
      int caughtWithDetector,
      int contextCaught,
      int caughtWithContext,
      int jailbreaks,
      int jailbreaksAlone,
      int jailbreaksDetector,
      int jailbreaksWithDetector,
      int banking,
      int bankingFlagged,
      int bankingAdded,
      int xstest,
      int xstestFlagged,
      int xstestAdded,
      int ham,
      int hamFlagged,
      int hamAdded,
      int spam,
      int spamFlagged,
      int spamAdded,
      double logLoss) {
    /** Ranks candidates: more added with context, then without, then alone, then jailbreaks. */
    long rank() {
      return (long) (caughtWithContext - contextCaught) * 1_000_000_000L
          + (long) (caughtWithDetector - detectorCaught) * 1_000_000L
          + (long) caughtAlone * 1_000L
          + jailbreaksAlone;
    }

    /**
     * Whether the false positives the learned stage adds (benign text the detector alone does not
     * flag) stay within every ceiling. The detector's own false positives are the same in every
     * mode and are not the learned stage's to spend: on SpamAssassin ham they alone exceed the ham
     * ceiling (docs/safety.md, "Fourth round: the learned stage on broad negatives").
     */
    boolean withinCeilings() {
      return bankingAdded <= ceiling(MAX_BANKING_FP, banking)
          && xstestAdded <= ceiling(MAX_XSTEST_FP, xstest)
          && hamAdded <= ceiling(MAX_HAM_FP, ham);
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "C=%-4s %-11s t=%.4f%s  CSE alone %d/%d  detector %d->%d  detector+context %d->%d"
              + "  jailbreak alone %d/%d detector %d->%d"
              + "  FP (detector + added by the stage) banking77 %d+%d/%d  xstest %d+%d/%d"
              + "  ham %d+%d/%d = %.2f%% + %.2f%%  (spam %d+%d/%d)  logloss %.4f",
          fmt(c),
          weighting,
          threshold,
          weakThreshold == null ? "" : String.format(Locale.ROOT, " weak=%.4f", weakThreshold),
          caughtAlone,
          attacks,
          detectorCaught,
          caughtWithDetector,
          contextCaught,
          caughtWithContext,
          jailbreaksAlone,
          jailbreaks,
          jailbreaksDetector,
          jailbreaksWithDetector,
          bankingFlagged - bankingAdded,
          bankingAdded,
          banking,
          xstestFlagged - xstestAdded,
          xstestAdded,
          xstest,
          hamFlagged - hamAdded,
          hamAdded,
          ham,
          pct(hamFlagged - hamAdded, ham),
          pct(hamAdded, ham),
          spamFlagged - spamAdded,
          spamAdded,
          spam,
          logLoss);
    }
  }

  static double pct(int k, int n) {
    return n == 0 ? 0 : 100.0 * k / n;
  }

  static int ceiling(double rate, int n) {
    return (int) Math.floor(rate * n);
  }

  static String fmt(double c) {
    return c == Math.rint(c) ? String.valueOf((long) c) : String.valueOf(c);
  }

  /**
   * Stratified folds: each group shuffled with the fixed seed and dealt round-robin. Jailbreak rows
   * are dealt by family (the {@code family} part of their variant), so no version of a jailbreak is
   * scored by a model trained on another version of it.
   */
  static int[] folds(List<Row> rows) {
    int[] fold = new int[rows.size()];
    Random random = new Random(SEED);
    for (Group g : Group.values()) {
      java.util.Map<String, List<Integer>> units = new java.util.LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        if (r.group() != g) continue;
        String key =
            g == Group.JAILBREAK && r.variant().contains(" family ")
                ? r.variant().substring(r.variant().indexOf(" family "))
                : "row " + i;
        units.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
      List<List<Integer>> idx = new ArrayList<>(units.values());
      Collections.shuffle(idx, random);
      for (int k = 0; k < idx.size(); k++) for (int i : idx.get(k)) fold[i] = k % FOLDS;
    }
    return fold;
  }

  static double[] features(Row r, float[] embedding) {
    return InjectionClassifier.features(embedding, r.techniques(), InjectionDetector.TECHNIQUES);
  }

  /**
   * The minimum-length gate, from the development attacks only: the fewest words of a CyberSecEval
   * or jailbreak development attack that the stage reads (mostly Latin), so that the gate silences
   * the stage on no development attack. An install's extra examples do not move it.
   */
  static int minWords(List<Row> rows) {
    int min = Integer.MAX_VALUE;
    for (Row r : rows) {
      if ((r.group() == Group.ATTACK || r.group() == Group.JAILBREAK)
          && InjectionClassifier.mostlyLatin(r.text())) {
        min = Math.min(min, InjectionClassifier.words(r.text()));
      }
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }

  /** Row weights of a scheme; each class totals half of the rows' count, as in LR's balance. */
  static double[] rowWeights(List<Row> rows, Weighting weighting) {
    int n = rows.size();
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = rows.get(i).label();
    if (weighting == Weighting.CLASS) return LogisticRegression.balancedWeights(y);
    java.util.Map<Group, Integer> count = new java.util.EnumMap<>(Group.class);
    for (Row r : rows) count.merge(r.group(), 1, Integer::sum);
    double[] sqrtSum = new double[2];
    for (var e : count.entrySet()) sqrtSum[e.getKey().attack ? 1 : 0] += Math.sqrt(e.getValue());
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      Group g = rows.get(i).group();
      int size = count.get(g);
      double share = Math.sqrt(size) / sqrtSum[g.attack ? 1 : 0];
      w[i] = n / 2.0 * share / size;
    }
    return w;
  }

  /** Fits a model on the given rows. */
  static LogisticRegression.Model fit(List<Row> rows, double c, Weighting weighting) {
    double[][] x = new double[rows.size()][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = features(rows.get(i), rows.get(i).embedding());
      y[i] = rows.get(i).label();
    }
    return LogisticRegression.train(x, y, rowWeights(rows, weighting), c);
  }

  /** Cross-validates, selects, and fits the final model on every development row. */
  static Training train(List<Row> rows, PrintStream out, boolean verbose) {
    return train(rows, out, verbose, C_GRID, List.of(Weighting.values()));
  }

  /**
   * As {@link #train(List, PrintStream, boolean)} over a given grid (the reproducibility test runs
   * the shipped candidate only).
   */
  static Training train(
      List<Row> rows,
      PrintStream out,
      boolean verbose,
      double[] cGrid,
      List<Weighting> weightings) {
    int n = rows.size();
    int minWords = minWords(rows);
    // Text the stage does not read (the gate, or mostly non-Latin text) is neither fitted nor
    // scored: the product never shows it to the model.
    boolean[] read = new boolean[n];
    int unread = 0;
    for (int i = 0; i < n; i++) {
      read[i] =
          InjectionClassifier.mostlyLatin(rows.get(i).text())
              && InjectionClassifier.words(rows.get(i).text()) >= minWords;
      if (!read[i]) unread++;
    }
    out.printf(
        Locale.ROOT,
        "minimum-length gate: %d words (the shortest development attack the stage reads);"
            + " %d of %d development rows below it or mostly not Latin, not fitted or scored%n",
        minWords,
        unread,
        n);
    detectorOnMail(rows, out);
    int[] fold = folds(rows);
    Selection best = null;
    double[] bestScores = null;
    for (Weighting weighting : weightings) {
      for (double c : cGrid) {
        double[] scores = new double[n];
        long t0 = System.nanoTime();
        for (int f = 0; f < FOLDS; f++) {
          List<Row> train = new ArrayList<>();
          for (int i = 0; i < n; i++) if (fold[i] != f && read[i]) train.add(rows.get(i));
          LogisticRegression.Model m = fit(train, c, weighting);
          for (int i = 0; i < n; i++) {
            if (fold[i] == f && read[i]) {
              scores[i] = m.probability(features(rows.get(i), rows.get(i).embedding()));
            }
          }
        }
        Selection s = evaluate(rows, scores, c, weighting, minWords);
        out.printf(
            Locale.ROOT, "  %s   (5 folds in %.0f s)%n", s.line(), (System.nanoTime() - t0) / 1e9);
        // Ties go to the earlier candidate: the smaller C (stronger regularisation), CLASS first.
        if (best == null || s.rank() > best.rank()) {
          best = s;
          bestScores = scores;
        }
      }
    }
    Selection chosen = withWeakTier(rows, bestScores, best);
    out.println("chosen (out-of-fold): " + chosen.line());
    weakOnly = weakOnlyFigures(rows, bestScores, chosen);
    out.println("same model, WEAK mode (out-of-fold): " + weakOnly.line());
    extraFigures(rows, bestScores, chosen, out);
    if (verbose) listChanges(rows, bestScores, chosen, out);
    List<Row> fitted = new ArrayList<>();
    for (int i = 0; i < n; i++) if (read[i]) fitted.add(rows.get(i));
    LogisticRegression.Model finalModel = fit(fitted, chosen.c(), chosen.weighting());
    out.printf(
        Locale.ROOT,
        "final fit on the %d development rows the stage reads: %d Newton steps, objective %.4f"
            + " -> %.4f%n",
        fitted.size(),
        finalModel.iterations(),
        finalModel.losses()[0],
        finalModel.losses()[finalModel.iterations()]);
    int dims = rows.get(0).embedding().length;
    double[] w = finalModel.weights();
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
            false,
            chosen.c(),
            trainedOn(fitted, chosen.weighting()),
            RECIPE,
            minWords);
    return new Training(weights, chosen);
  }

  /**
   * The detector's own false positives on the development e-mails, by technique: the same in every
   * learned-stage mode, and outside this round's scope (the detector's rules do not change).
   */
  static void detectorOnMail(List<Row> rows, PrintStream out) {
    for (Group g : List.of(Group.SA_HAM, Group.SA_SPAM)) {
      java.util.Map<String, Integer> techniques = new java.util.TreeMap<>();
      int n = 0;
      int flagged = 0;
      for (Row r : rows) {
        if (r.group() != g) continue;
        n++;
        if (!r.detectorFlagged()) continue;
        flagged++;
        for (String t : r.techniques()) techniques.merge(t, 1, Integer::sum);
      }
      out.printf(
          Locale.ROOT,
          "detector alone (no learned stage) on %s: %d/%d flagged; techniques in those: %s%n",
          g,
          flagged,
          n,
          techniques);
    }
  }

  /** What the weights say they were trained on: sources, counts, weighting. */
  static String trainedOn(List<Row> fitted, Weighting weighting) {
    java.util.Map<Group, Long> count = new java.util.EnumMap<>(Group.class);
    for (Row r : fitted) count.merge(r.group(), 1L, Long::sum);
    String extra =
        count.containsKey(Group.EXTRA_ATTACK) || count.containsKey(Group.EXTRA_BENIGN)
            ? String.format(
                Locale.ROOT,
                "; plus the install's own examples: %d attack, %d benign",
                count.getOrDefault(Group.EXTRA_ATTACK, 0L),
                count.getOrDefault(Group.EXTRA_BENIGN, 0L))
            : "";
    return String.format(
        Locale.ROOT,
        "development half only: %d CyberSecEval attacks, %d promptfoo jailbreak texts,"
            + " %d banking77, %d XSTest-safe, %d SpamAssassin ham, %d SpamAssassin spam%s;"
            + " row weighting %s",
        count.getOrDefault(Group.ATTACK, 0L),
        count.getOrDefault(Group.JAILBREAK, 0L),
        count.getOrDefault(Group.BANKING77, 0L),
        count.getOrDefault(Group.XSTEST_SAFE, 0L),
        count.getOrDefault(Group.SA_HAM, 0L),
        count.getOrDefault(Group.SA_SPAM, 0L),
        extra,
        weighting);
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
    Selection s = figures(rows, scores, chosen, 1.0 + 1e-9, weak);
    int alone = 0;
    int jbAlone = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).group() == Group.ATTACK && scores[i] >= weak) alone++;
      if (rows.get(i).group() == Group.JAILBREAK && scores[i] >= weak) jbAlone++;
    }
    return new Selection(
        s.c(),
        s.weighting(),
        s.minWords(),
        weak,
        weak,
        s.attacks(),
        alone,
        s.detectorCaught(),
        s.caughtWithDetector(),
        s.contextCaught(),
        s.caughtWithContext(),
        s.jailbreaks(),
        jbAlone,
        s.jailbreaksDetector(),
        s.jailbreaksWithDetector(),
        s.banking(),
        s.bankingFlagged(),
        s.bankingAdded(),
        s.xstest(),
        s.xstestFlagged(),
        s.xstestAdded(),
        s.ham(),
        s.hamFlagged(),
        s.hamAdded(),
        s.spam(),
        s.spamFlagged(),
        s.spamAdded(),
        s.logLoss());
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
   * The lowest threshold whose out-of-fold false positives (detector or learned stage, default
   * desk) stay within every ceiling, and the figures at it. Benign rows the detector flags on its
   * own use up their group's allowance first.
   */
  static Selection evaluate(
      List<Row> rows, double[] scores, double c, Weighting weighting, int minWords) {
    java.util.Map<Group, List<Double>> benign = new java.util.EnumMap<>(Group.class);
    java.util.Map<Group, Integer> total = new java.util.EnumMap<>(Group.class);
    double logLoss = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double p = Math.min(Math.max(scores[i], 1e-15), 1 - 1e-15);
      logLoss -= r.label() == 1 ? Math.log(p) : Math.log(1 - p);
      if (r.label() == 0) {
        total.merge(r.group(), 1, Integer::sum);
        if (!r.detectorFlagged())
          benign.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(scores[i]);
      }
    }
    double t = 0.01;
    for (var ceiling :
        List.of(
            java.util.Map.entry(Group.BANKING77, MAX_BANKING_FP),
            java.util.Map.entry(Group.XSTEST_SAFE, MAX_XSTEST_FP),
            java.util.Map.entry(Group.SA_HAM, MAX_HAM_FP))) {
      Group g = ceiling.getKey();
      // The ceiling bounds what the learned stage adds: benign text the detector already flags
      // is flagged in every mode (withinCeilings()).
      int allowed = ceiling(ceiling.getValue(), total.getOrDefault(g, 0));
      t = Math.max(t, above(benign.getOrDefault(g, List.of()), allowed));
    }
    Selection placeholder =
        new Selection(
            c,
            weighting,
            minWords,
            t,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            logLoss / rows.size());
    return figures(rows, scores, placeholder, t, null);
  }

  /** The smallest threshold that leaves at most {@code allowed} of these scores at or above it. */
  static double above(List<Double> scores, int allowed) {
    List<Double> sorted = new ArrayList<>(scores);
    sorted.sort(Collections.reverseOrder());
    if (allowed >= sorted.size()) return 0;
    return Math.nextUp(sorted.get(allowed));
  }

  /** The figures of a threshold (and optional weak tier) over out-of-fold scores. */
  static Selection figures(List<Row> rows, double[] scores, Selection of, double t, Double weak) {
    int attacks = 0, alone = 0, det = 0, withDet = 0, ctx = 0, withCtx = 0;
    int jb = 0, jbAlone = 0, jbDet = 0, jbWithDet = 0;
    int banking = 0, bankingFlagged = 0, xstest = 0, xstestFlagged = 0;
    int ham = 0, hamFlagged = 0, spam = 0, spamFlagged = 0;
    int bankingAdded = 0, xstestAdded = 0, hamAdded = 0, spamAdded = 0;
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
        case JAILBREAK -> {
          jb++;
          if (scores[i] >= t) jbAlone++;
          if (r.detectorFlagged()) jbDet++;
          if (flaggedNoContext) jbWithDet++;
        }
        case BANKING77 -> {
          banking++;
          if (flaggedNoContext) bankingFlagged++;
          if (flaggedNoContext && !r.detectorFlagged()) bankingAdded++;
        }
        case XSTEST_SAFE -> {
          xstest++;
          if (flaggedNoContext) xstestFlagged++;
          if (flaggedNoContext && !r.detectorFlagged()) xstestAdded++;
        }
        case SA_HAM -> {
          ham++;
          if (flaggedNoContext) hamFlagged++;
          if (flaggedNoContext && !r.detectorFlagged()) hamAdded++;
        }
        case SA_SPAM -> {
          spam++;
          if (flaggedNoContext) spamFlagged++;
          if (flaggedNoContext && !r.detectorFlagged()) spamAdded++;
        }
        case EXTRA_ATTACK, EXTRA_BENIGN -> {
          // Reported apart ({@link #extraFigures}); no ceiling, no rank.
        }
      }
    }
    return new Selection(
        of.c(),
        of.weighting(),
        of.minWords(),
        t,
        weak,
        attacks,
        alone,
        det,
        withDet,
        ctx,
        withCtx,
        jb,
        jbAlone,
        jbDet,
        jbWithDet,
        banking,
        bankingFlagged,
        bankingAdded,
        xstest,
        xstestFlagged,
        xstestAdded,
        ham,
        hamFlagged,
        hamAdded,
        spam,
        spamFlagged,
        spamAdded,
        of.logLoss());
  }

  static double added(double p, double t, Double weak) {
    if (p >= t) return InjectionClassifier.STRONG_WEIGHT;
    if (weak != null && p >= weak) return InjectionClassifier.WEAK_WEIGHT;
    return 0;
  }

  /** The install's own examples out of fold, when there are any: flagged of each label. */
  static void extraFigures(List<Row> rows, double[] scores, Selection s, PrintStream out) {
    int attacks = 0, attacksFlagged = 0, benign = 0, benignFlagged = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      boolean flagged =
          r.detectorScore() + added(scores[i], s.threshold(), s.weakThreshold())
              >= InjectionDetector.DEFAULT_THRESHOLD;
      if (r.group() == Group.EXTRA_ATTACK) {
        attacks++;
        if (flagged) attacksFlagged++;
      } else if (r.group() == Group.EXTRA_BENIGN) {
        benign++;
        if (flagged) benignFlagged++;
      }
    }
    if (attacks + benign == 0) return;
    out.printf(
        Locale.ROOT,
        "install's own examples (out-of-fold, detector + learned stage, no context): attacks"
            + " flagged %d/%d, benign flagged %d/%d%n",
        attacksFlagged,
        attacks,
        benignFlagged,
        benign);
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
      Selection s = figures(rows, scores, strong, strong.threshold(), w);
      if (!s.withinCeilings()) break;
      if (s.rank() - s.caughtAlone() * 1_000L > best.rank() - best.caughtAlone() * 1_000L) {
        best = s;
      }
    }
    return best;
  }

  private static void listChanges(List<Row> rows, double[] scores, Selection s, PrintStream out) {
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double add = added(scores[i], s.threshold(), s.weakThreshold());
      if (r.group() == Group.ATTACK || r.group() == Group.JAILBREAK) {
        boolean before = r.detectorFlagged();
        boolean after = r.detectorScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
        boolean ctxBefore = r.contextFlagged();
        boolean ctxAfter = r.contextScore() + add >= InjectionDetector.DEFAULT_THRESHOLD;
        if ((!before && after) || (!ctxBefore && ctxAfter) || (!after && !ctxAfter)) {
          out.printf(
              Locale.ROOT,
              "DEV-%s p=%.3f det %.1f ctx %.1f %s%s | %s%n",
              r.group(),
              scores[i],
              r.detectorScore(),
              r.contextScore(),
              r.variant(),
              (!after && !ctxAfter) ? " (still missed)" : " (added)",
              abbreviate(r.text()));
        }
      } else if (r.label() == 0
          && !r.detectorFlagged()
          && r.detectorScore() + add >= InjectionDetector.DEFAULT_THRESHOLD) {
        out.printf(
            Locale.ROOT,
            "DEV-FP %s%s p=%.3f det %.1f | %s%n",
            r.group(),
            r.group() == Group.SA_HAM || r.group() == Group.SA_SPAM ? " " + r.variant() : "",
            scores[i],
            r.detectorScore(),
            abbreviate(r.text()));
      }
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 140 ? one.substring(0, 140) + "..." : one;
  }
}

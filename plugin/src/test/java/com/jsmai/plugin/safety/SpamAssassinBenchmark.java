package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.OnnxEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * False positives of the input check on real e-mails: the SpamAssassin corpus' ham and spam bodies
 * ({@link SpamAssassinCorpus}) as ticket descriptions on the default desk (which restricts
 * nothing), with the learned stage {@code NONE}, {@code WEAK} and {@code FULL} (shipped weights;
 * {@code FULL} is the product's default since the fifth round). The fourth round's condition 5 and
 * its report (a) (docs/safety.md, "Fourth round"). Each flagged count is also split by the action
 * by tier (the fifth round's condition 5): reached by the rules (the detector and the context stage
 * alone: handed off under the default {@code inputAction}) or by the learned stage only (fenced
 * under the default {@code learnedAction}).
 *
 * <pre>
 * scripts/fetch-attack-corpora
 * ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.jsmai.plugin.safety.SpamAssassinBenchmark
 * </pre>
 *
 * {@code --dev-only} (the default) measures the development half and lists the flagged bodies;
 * {@code --heldout} measures the held-out half, counts only (no text of a held-out message is
 * printed): for the one final measurement, not for development. {@code --cache} reuses (and fills)
 * the training's vector cache in {@code plugin/target/learned-cache}; without it vectors are kept
 * in memory for the run only, so {@code WEAK} and {@code FULL} embed each body once. Prints a JSON
 * last line. Without the corpus it says how to fetch it and exits 0.
 *
 * <p>{@code --list} (development half only; refused with {@code --heldout}) runs the detector
 * alone, without the encoder, and prints each flagged development message's score, techniques and
 * evidence, then the flagged messages per technique: what the fourth round's e-mail work reads
 * (docs/safety.md, "Fourth round: the detector on e-mail").
 */
public final class SpamAssassinBenchmark {
  private SpamAssassinBenchmark() {}

  /**
   * @param hamHandedOff flagged ham the rules reach on their own: handed off under the defaults
   *     (the rest of {@code hamFlagged} is fenced)
   */
  record Figures(
      InjectionClassifier.Mode mode,
      int ham,
      int hamFlagged,
      int spam,
      int spamFlagged,
      int hamHandedOff,
      int spamHandedOff) {
    String json() {
      return String.format(
          Locale.ROOT,
          "\"%s\":{\"ham\":%d,\"hamFlagged\":%d,\"spam\":%d,\"spamFlagged\":%d,"
              + "\"hamHandedOff\":%d,\"spamHandedOff\":%d}",
          mode,
          ham,
          hamFlagged,
          spam,
          spamFlagged,
          hamHandedOff,
          spamHandedOff);
    }
  }

  /** Flagged messages and, of them, those the rules reach on their own (handed off by default). */
  private record Tally(int flagged, int handedOff) {}

  public static void main(String[] args) throws Exception {
    List<String> argv = List.of(args);
    boolean heldOut = argv.contains("--heldout");
    if (heldOut && argv.contains("--dev-only")) {
      throw new IllegalArgumentException("--heldout and --dev-only exclude each other");
    }
    if (heldOut && argv.contains("--list")) {
      throw new IllegalArgumentException(
          "--list prints message texts and evidence: development half only, not with --heldout");
    }
    if (SpamAssassinCorpus.absence().isPresent()) {
      System.out.println(SpamAssassinCorpus.absence().get() + "; skipping");
      return;
    }
    SharedDatasets.Half half = heldOut ? SharedDatasets.Half.HELD_OUT : SharedDatasets.Half.DEV;
    Path folder = SpamAssassinCorpus.folder().orElseThrow();
    SpamAssassinCorpus.Corpus corpus = SpamAssassinCorpus.read(folder, half);
    List<SpamAssassinCorpus.Message> ham = corpus.of(SpamAssassinCorpus.Kind.HAM);
    List<SpamAssassinCorpus.Message> spam = corpus.of(SpamAssassinCorpus.Kind.SPAM);
    System.out.printf(
        Locale.ROOT,
        "SpamAssassin %s, %s half: %d ham, %d spam bodies; %d messages without readable text"
            + " not counted%n",
        SpamAssassinCorpus.VERSION,
        half,
        ham.size(),
        spam.size(),
        corpus.unreadable().size());
    if (argv.contains("--list")) {
      list("ham", ham);
      list("spam", spam);
      return;
    }
    DeskPolicy desk = DeskPolicy.parse(InjectionBenchmark.DEFAULT_DESK_PROMPT);
    List<Figures> all = new ArrayList<>();
    try (OnnxEmbedder onnx = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      CachedEmbedder embedder =
          new CachedEmbedder(onnx, argv.contains("--cache") ? CachedEmbedder.defaultDir() : null);
      for (InjectionClassifier.Mode mode : InjectionClassifier.Mode.values()) {
        InjectionClassifier learned =
            mode == InjectionClassifier.Mode.NONE
                ? null
                : new InjectionClassifier(InjectionClassifier.shipped(), embedder, mode);
        InputGuard guard =
            new InputGuard(InputGuard.Config.defaults(), new DeskContextCheck(), learned);
        long t0 = System.nanoTime();
        Tally hamTally = flagged(guard, desk, mode, "ham", ham, !heldOut);
        Tally spamTally = flagged(guard, desk, mode, "spam", spam, !heldOut);
        int hamFlagged = hamTally.flagged();
        int spamFlagged = spamTally.flagged();
        Figures f =
            new Figures(
                mode,
                ham.size(),
                hamFlagged,
                spam.size(),
                spamFlagged,
                hamTally.handedOff(),
                spamTally.handedOff());
        all.add(f);
        System.out.printf(
            Locale.ROOT,
            "learned stage %-4s: ham flagged %d/%d = %.2f%%, spam flagged %d/%d = %.2f%%"
                + "   (%.0f s)%n",
            mode,
            hamFlagged,
            ham.size(),
            100.0 * hamFlagged / Math.max(1, ham.size()),
            spamFlagged,
            spam.size(),
            100.0 * spamFlagged / Math.max(1, spam.size()),
            (System.nanoTime() - t0) / 1e9);
        System.out.printf(
            Locale.ROOT,
            "  by tier (default actions): ham handed off %d/%d = %.2f%%, fenced %d;"
                + " spam handed off %d/%d = %.2f%%, fenced %d%n",
            f.hamHandedOff(),
            ham.size(),
            100.0 * f.hamHandedOff() / Math.max(1, ham.size()),
            hamFlagged - f.hamHandedOff(),
            f.spamHandedOff(),
            spam.size(),
            100.0 * f.spamHandedOff() / Math.max(1, spam.size()),
            spamFlagged - f.spamHandedOff());
      }
    }
    StringBuilder json = new StringBuilder();
    json.append("{\"corpus\":\"spam-assassin-")
        .append(SpamAssassinCorpus.VERSION)
        .append("\",\"half\":\"")
        .append(half)
        .append("\",\"split\":\"file-sha256\"");
    for (Figures f : all) json.append(',').append(f.json());
    System.out.println(json.append('}'));
  }

  private static Tally flagged(
      InputGuard guard,
      DeskPolicy desk,
      InjectionClassifier.Mode mode,
      String kind,
      List<SpamAssassinCorpus.Message> messages,
      boolean showTexts) {
    int n = 0;
    int handedOff = 0;
    for (SpamAssassinCorpus.Message m : messages) {
      InputGuard.Verdict v = guard.check(InputGuard.sourcesOfText("description", m.body()), desk);
      if (v.flagged()) {
        n++;
        if (!v.learnedOnly()) handedOff++;
        if (showTexts) {
          System.out.printf(
              Locale.ROOT,
              "  %s flagged %s (%s) %s/%s: %s%n",
              mode,
              kind,
              v.learnedOnly() ? "learned stage only: fenced" : "rules: handed off",
              m.group(),
              m.file(),
              ExternalAttackCorpora.abbreviate(m.body()));
        }
      }
    }
    return new Tally(n, handedOff);
  }

  /** The detector alone on development messages: each flagged one with its evidence. */
  private static void list(String kind, List<SpamAssassinCorpus.Message> messages) {
    InjectionDetector detector = new InjectionDetector();
    java.util.Map<String, Integer> byTechnique = new java.util.TreeMap<>();
    int n = 0;
    for (SpamAssassinCorpus.Message m : messages) {
      InjectionDetector.Assessment a = detector.assess(m.body());
      if (!a.flagged()) continue;
      n++;
      for (String t : a.techniques()) byTechnique.merge(t, 1, Integer::sum);
      System.out.printf(Locale.ROOT, "%s %s/%s score %.2f%n", kind, m.group(), m.file(), a.score());
      for (InjectionDetector.Signal s : a.signals()) {
        System.out.printf(
            Locale.ROOT,
            "    %-22s %.1f  %s%n",
            s.technique(),
            s.weight(),
            s.evidence().replace('\n', ' '));
      }
      String one = m.body().replaceAll("\\s+", " ").strip();
      System.out.println("    | " + (one.length() > 400 ? one.substring(0, 400) + "..." : one));
    }
    System.out.printf(
        Locale.ROOT,
        "detector alone, %s: %d/%d flagged; by technique %s%n",
        kind,
        n,
        messages.size(),
        byTechnique);
  }
}

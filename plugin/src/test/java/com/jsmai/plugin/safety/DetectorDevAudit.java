package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import com.jsmai.plugin.faq.OnnxEmbedder;
import com.jsmai.plugin.safety.SharedDatasets.AttackCase;
import com.jsmai.plugin.safety.SharedDatasets.Half;
import com.jsmai.plugin.safety.SharedDatasets.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Case-for-case record of what the input check flags on the <em>development</em> halves only, for
 * the fourth round's e-mail work (docs/safety.md, "Fourth round: the detector on e-mail"): one line
 * per flagged case, sorted, so two runs (before and after a rule change) can be compared with
 * {@code diff}. Lines: {@code CSE <id> plain|context} (each development CyberSecEval attack flagged
 * without / with its desk's context, as {@link InjectionBenchmark} measures it), {@code JB
 * <request> <template index> detector|guard} (each development jailbreak template, as {@link
 * JailbreakCorpusBenchmark} fills and measures it), {@code FP-B77}/{@code FP-XS} (default-desk
 * false positives, with the text), {@code HAM}/{@code SPAM <group/file> detector|guard} (no texts:
 * {@code SpamAssassinBenchmark --list} shows them). There is no held-out mode.
 *
 * <pre>
 * ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.jsmai.plugin.safety.DetectorDevAudit | sort &gt; before.txt
 * </pre>
 *
 * Uses the training's vector cache ({@code plugin/target/learned-cache}) for the context stage's
 * embeddings.
 */
public final class DetectorDevAudit {
  private DetectorDevAudit() {}

  public static void main(String[] args) throws Exception {
    Path root =
        SharedDatasets.root()
            .orElseThrow(() -> new IllegalStateException("../shared/datasets not found"));
    List<String> out = new ArrayList<>();
    try (OnnxEmbedder onnx = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      Embedder embedder = new CachedEmbedder(onnx, CachedEmbedder.defaultDir());
      DeskContextCheck context =
          new DeskContextCheck(DeskContextCheck.Config.defaults(), () -> embedder);
      InputGuard guard =
          new InputGuard(
              new InputGuard.Config(
                  InputGuard.Action.ROUTE_TO_HUMAN, InjectionDetector.Config.defaults()),
              context,
              null);
      for (AttackCase c : SharedDatasets.attacks(root, Half.DEV)) {
        if (guard.assess(c.text(), DeskPolicy.NONE).flagged()) out.add("CSE " + c.id() + " plain");
        if (guard.assess(c.text(), DeskPolicy.parse(c.systemPrompt())).flagged()) {
          out.add("CSE " + c.id() + " context");
        }
      }
      DeskPolicy defaultDesk = DeskPolicy.parse(InjectionBenchmark.DEFAULT_DESK_PROMPT);
      List<LabelledText> banking = new ArrayList<>();
      banking.addAll(SharedDatasets.banking77(root, "train", Half.DEV));
      banking.addAll(SharedDatasets.banking77(root, "test", Half.DEV));
      for (LabelledText t : banking) {
        if (guard.assess(t.text(), defaultDesk).flagged()) out.add("FP-B77 " + t.text());
      }
      for (LabelledText t : SharedDatasets.xstestSafe(root, Half.DEV)) {
        if (guard.assess(t.text(), defaultDesk).flagged()) out.add("FP-XS " + t.text());
      }
    }
    InjectionDetector detector = new InjectionDetector();
    InputGuard plainGuard =
        new InputGuard(InputGuard.Config.defaults(), new DeskContextCheck(), null);
    DeskPolicy defaultDesk = DeskPolicy.parse(InjectionBenchmark.DEFAULT_DESK_PROMPT);
    var file = ExternalAttackCorpora.promptfooJailbreaks();
    if (file.isPresent()) {
      List<String> templates = ExternalAttackCorpora.read(file.get());
      Set<Integer> dev = new HashSet<>(ExternalAttackCorpora.indicesInHalf(templates, Half.DEV));
      for (String name : JailbreakCorpusBenchmark.REQUEST_ORDER) {
        for (ExternalAttackCorpora.Attack a :
            ExternalAttackCorpora.fill(templates, JailbreakCorpusBenchmark.REQUESTS.get(name))) {
          if (!dev.contains(a.index())) continue;
          if (detector.assess(a.text()).flagged())
            out.add("JB " + name + " " + a.index() + " detector");
          if (plainGuard
              .check(InputGuard.sourcesOfText("description", a.text()), defaultDesk)
              .flagged()) {
            out.add("JB " + name + " " + a.index() + " guard");
          }
        }
      }
    } else {
      out.add("JB corpus absent");
    }
    var folder = SpamAssassinCorpus.folder();
    if (folder.isPresent()) {
      SpamAssassinCorpus.Corpus corpus = SpamAssassinCorpus.read(folder.get(), Half.DEV);
      for (SpamAssassinCorpus.Kind kind : SpamAssassinCorpus.Kind.values()) {
        for (SpamAssassinCorpus.Message m : corpus.of(kind)) {
          String id = kind + " " + m.group() + "/" + m.file();
          InjectionDetector.Assessment a = detector.assess(m.body());
          if (a.flagged()) out.add(id + " detector " + a.techniques());
          if (plainGuard
              .check(InputGuard.sourcesOfText("description", m.body()), defaultDesk)
              .flagged()) {
            out.add(id + " guard");
          }
        }
      }
    } else {
      out.add("SPAMASSASSIN corpus absent");
    }
    out.sort(null);
    out.forEach(System.out::println);
    System.out.printf(
        Locale.ROOT,
        "# totals: CSE plain %d, CSE context %d, JB detector %d, JB guard %d, FP-B77 %d, FP-XS %d,"
            + " HAM detector %d, HAM guard %d, SPAM detector %d, SPAM guard %d%n",
        count(out, "CSE ", " plain"),
        count(out, "CSE ", " context"),
        count(out, "JB ", " detector"),
        count(out, "JB ", " guard"),
        count(out, "FP-B77 ", ""),
        count(out, "FP-XS ", ""),
        countHas(out, "HAM ", " detector "),
        count(out, "HAM ", " guard"),
        countHas(out, "SPAM ", " detector "),
        count(out, "SPAM ", " guard"));
  }

  private static long count(List<String> lines, String prefix, String suffix) {
    return lines.stream().filter(l -> l.startsWith(prefix) && l.endsWith(suffix)).count();
  }

  private static long countHas(List<String> lines, String prefix, String infix) {
    return lines.stream().filter(l -> l.startsWith(prefix) && l.contains(infix)).count();
  }
}

package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.OnnxEmbedder;
import java.util.List;

/**
 * How the learned stage, trained on English text only, treats benign Chinese tickets: the 40
 * hand-written support questions of {@code safety/zh-benign-support.txt} through {@link InputGuard}
 * with the default detector and the learned stage in each mode. A measurement for docs/safety.md
 * ("Learned stage"), not a test: it prints counts and the texts flagged. Then what the product's
 * default input guard ({@code FULL}, rules' flags handed off, learned-stage-only flags fenced) does
 * with them: each text it does not pass clean, with {@code handoff} or {@code fenced}, and counts.
 *
 * <pre>
 * ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.jsmai.plugin.safety.LearnedStageChineseCheck
 * </pre>
 */
public final class LearnedStageChineseCheck {
  private LearnedStageChineseCheck() {}

  public static void main(String[] args) throws Exception {
    List<String> questions = ChineseSimilarityCalibration.lines("safety/zh-benign-support.txt");
    try (OnnxEmbedder en = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15)) {
      InputGuard plain = new InputGuard(InputGuard.Config.defaults());
      int plainFlagged = 0;
      for (String q : questions) if (plain.check("description", q).flagged()) plainFlagged++;
      System.out.printf(
          "benign Chinese questions: %d; flagged without the learned stage: %d%n",
          questions.size(), plainFlagged);
      for (InjectionClassifier.Mode mode :
          List.of(InjectionClassifier.Mode.WEAK, InjectionClassifier.Mode.FULL)) {
        InjectionClassifier learned =
            new InjectionClassifier(InjectionClassifier.shipped(), en, mode);
        InputGuard guard = new InputGuard(InputGuard.Config.defaults(), null, learned);
        int flagged = 0;
        for (String q : questions) {
          if (guard.check("description", q).flagged()) {
            flagged++;
            System.out.println("  " + mode + " flagged: " + q);
          }
        }
        System.out.printf(
            "learned stage %s: %d / %d benign Chinese questions flagged%n",
            mode, flagged, questions.size());
      }
      InputGuard product =
          new InputGuard(
              InputGuard.Config.defaults(),
              new DeskContextCheck(),
              new InjectionClassifier(
                  InjectionClassifier.shipped(), en, InjectionClassifier.Mode.FULL));
      int[] n = LearnedStageBenignCheck.byDefault(product, "Chinese question", questions);
      System.out.printf(
          "default input guard (FULL, by tier): benign Chinese questions handed off %d / %d,"
              + " fenced %d / %d%n",
          n[0], questions.size(), n[1], questions.size());
    }
  }
}

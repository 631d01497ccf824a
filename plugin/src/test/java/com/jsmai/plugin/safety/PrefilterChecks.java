package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;

/**
 * The two checks every equivalence test runs on its texts: the prefiltered detector's assessment
 * equals the reference's (every rule searched at every position), and every match any rule has in
 * the text's folded views starts where its anchor says it can.
 */
final class PrefilterChecks {
  private PrefilterChecks() {}

  static final InjectionDetector FAST = new InjectionDetector();
  static final InjectionDetector REFERENCE =
      new InjectionDetector(InjectionDetector.Config.defaults(), false);

  /** Asserts identical assessments (score, flag, techniques in order, evidence). */
  static void assertSameAssessment(String text) {
    String folded = TextNormalizer.fold(text, false);
    assertThat(TextNormalizer.fold(text, true)).as("fold of %s", text).isEqualTo(folded);
    assertThat(TextNormalizer.unleet(folded, true))
        .as("unleet of %s", text)
        .isEqualTo(TextNormalizer.unleet(folded, false));
    assertThat(FAST.assess(text))
        .as("assessment of %s", DetectorTexts.describe(text))
        .isEqualTo(REFERENCE.assess(text));
  }

  /**
   * Tries every rule at every position of the text's folded and unleeted views and asserts that
   * each match holds one of its anchor's literals at an allowed offset: the claim {@link
   * RegexAnchor} derives from the pattern, checked against the regex engine itself.
   */
  static void assertAnchorsCoverEveryMatch(String text) {
    String folded = TextNormalizer.fold(text);
    assertThat(LiteralPrefilter.isFoldedView(folded)).as("folded view of %s", text).isTrue();
    String unleeted = TextNormalizer.unleet(folded);
    assertAnchorsCover(InjectionDetector.PREFILTER, folded);
    assertAnchorsCover(InjectionDetector.PREFILTER, unleeted);
    assertAnchorsCover(InjectionDetector.TURNS, folded);
    assertAnchorsCover(InjectionDetector.FOREIGN, text.toLowerCase(java.util.Locale.ROOT));
  }

  private static void assertAnchorsCover(LiteralPrefilter pf, String view) {
    for (int i = 0; i < pf.size(); i++) {
      RegexAnchor.Anchor anchor = pf.anchor(i);
      if (anchor == null) continue;
      Matcher m = pf.pattern(i).matcher(view).useTransparentBounds(true).useAnchoringBounds(false);
      for (int s = 0; s <= view.length(); s++) {
        m.region(s, view.length());
        if (m.lookingAt() && !covers(anchor, view, s)) {
          throw new AssertionError(
              "pattern "
                  + pf.pattern(i)
                  + " matches '"
                  + m.group()
                  + "' at "
                  + s
                  + " with none of its anchor literals at an allowed offset: "
                  + anchor
                  + "\nview: "
                  + DetectorTexts.describe(view));
        }
      }
    }
  }

  static boolean covers(RegexAnchor.Anchor anchor, String view, int start) {
    if (anchor.textStart() && start == 0) return true;
    for (RegexAnchor.Term t : anchor.terms()) {
      if (t.runClass() != null) {
        // The literal after at least minOffset characters of the class, and nothing else.
        java.util.regex.Pattern c = java.util.regex.Pattern.compile(t.runClass());
        int q = start;
        int steps = 0;
        while (true) {
          if (steps >= t.minOffset() && view.startsWith(t.literal(), q)) return true;
          if (q >= view.length()) break;
          int cp = view.codePointAt(q);
          if (!c.matcher(Character.toString(cp)).matches()) break;
          q += Character.charCount(cp);
          steps++;
        }
        continue;
      }
      for (int d = t.minOffset(); d <= t.maxOffset(); d++) {
        if (view.startsWith(t.literal(), start + d)) return true;
      }
    }
    return false;
  }
}

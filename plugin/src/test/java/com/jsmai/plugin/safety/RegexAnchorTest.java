package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexAnchorTest {

  private static List<String> literals(String regex) {
    RegexAnchor.Anchor a = RegexAnchor.of(Pattern.compile(regex));
    assertThat(a).as("anchor of %s", regex).isNotNull();
    return a.terms().stream().map(RegexAnchor.Term::literal).sorted().toList();
  }

  @Test
  void of_leadingAlternation_anchorsOnItsWords() {
    List<String> literals = literals("\\b(?:ignore|disregard)\\s+(?:the|all)\\b\\w+");
    assertThat(literals).anySatisfy(l -> assertThat(l).startsWith("ignore"));
    assertThat(literals).anySatisfy(l -> assertThat(l).startsWith("disregard"));
    assertThat(literals).allSatisfy(l -> assertThat(l).matches("(?:ignore|disregard).*"));
  }

  @Test
  void of_optionalPrefix_literalAtBoundedOffsets() {
    RegexAnchor.Anchor a = RegexAnchor.of(Pattern.compile("(?:please )?ignore\\b"));
    // Either the whole optional text or the word itself; "ignore" is the rarer choice at 0..7.
    assertThat(a.terms()).isNotEmpty();
    for (RegexAnchor.Term t : a.terms()) assertThat(t.maxOffset()).isLessThanOrEqualTo(7);
  }

  @Test
  void of_caretAlternative_marksTextStart() {
    RegexAnchor.Anchor a = RegexAnchor.of(Pattern.compile("(?:^|>)\\w+"));
    assertThat(a.textStart()).isTrue();
    assertThat(a.terms()).extracting(RegexAnchor.Term::literal).containsExactly(">");
  }

  @Test
  void of_unboundedPrefix_noAnchor() {
    assertThat(RegexAnchor.of(Pattern.compile("(?:\\w\\w)+ foo"))).isNull();
    assertThat(RegexAnchor.of(Pattern.compile("(?:a|\\w*)bar"))).isNull();
  }

  @Test
  void of_runOfOneClassBeforeLiteral_runTerm() {
    RegexAnchor.Anchor a = RegexAnchor.of(Pattern.compile("\\b(?!my's)[a-z]{3,}'s address"));
    assertThat(a.terms())
        .singleElement()
        .satisfies(t -> assertThat(t.runClass()).isEqualTo("[a-z]"));
  }

  @Test
  void of_flagsBackreferencesAndClassIntersections_noAnchor() {
    assertThat(RegexAnchor.of(Pattern.compile("ignore", Pattern.CASE_INSENSITIVE))).isNull();
    assertThat(RegexAnchor.of(Pattern.compile("(a)\\1"))).isNull();
    assertThat(RegexAnchor.of(Pattern.compile("[a-z&&[^b]]x"))).isNull();
    assertThat(RegexAnchor.of(Pattern.compile("(?i)ignore"))).isNull();
    assertThat(RegexAnchor.whyNone(Pattern.compile("\\p{L}x"), true)).contains("\\p");
  }

  @Test
  void of_lineBreakInFoldedView_cannotMatch() {
    RegexAnchor.Anchor a = RegexAnchor.of(Pattern.compile("\\nsystem:"));
    assertThat(a.terms()).isEmpty();
    assertThat(a.textStart()).isFalse();
    // On any text a line break is a line break.
    assertThat(RegexAnchor.of(Pattern.compile("\\nsystem:"), false).terms()).isNotEmpty();
  }

  @Test
  void everyDetectorPattern_hasAnAnchor() {
    // A rule without one still works (searched everywhere, as before), but costs what every
    // rule cost before the prefilter. If this fails for a new rule, give each alternative of its
    // pattern a word at a bounded distance from its start (see docs/safety.md, "Adding a rule").
    for (LiteralPrefilter pf :
        List.of(InjectionDetector.PREFILTER, InjectionDetector.TURNS, InjectionDetector.FOREIGN)) {
      for (int i = 0; i < pf.size(); i++) {
        assertThat(pf.anchor(i))
            .as(
                "anchor of pattern %d (%s): %s",
                i,
                pf.pattern(i),
                RegexAnchor.whyNone(pf.pattern(i), pf != InjectionDetector.FOREIGN))
            .isNotNull();
      }
    }
  }

  private static final List<String> PATTERNS =
      List.of(
          "\\b(?:ignore|disregard)\\s+(?:the|all)\\b",
          "(?:^|[.!?]\\s*)(?:please\\s+)?play the role\\b",
          "\\b(?!my's)[a-z]{3,}'s address",
          "(?:^|\\s)(?:q|user)\\s*[:：]",
          "\\btokens?\\b[^.?!]{0,20}?\\blost\\b",
          "#{2,}\\s*system",
          "\\b(?:le|la|est)\\b");

  private static String randomText(Random r, int n) {
    String[] words = {
      "ignore",
      "the",
      "all",
      "disregard",
      "play",
      "role",
      "paul's",
      "my's",
      "address",
      "q:",
      "user",
      ":",
      "token",
      "lost",
      "##",
      "system",
      "le",
      "la",
      "est",
      ".",
      "!",
      "please",
      "aaaaa'ss",
      "'s"
    };
    StringBuilder b = new StringBuilder();
    while (b.length() < n) {
      b.append(words[r.nextInt(words.length)]);
      b.append(r.nextInt(4) == 0 ? "" : " ");
    }
    return TextNormalizer.fold(b.toString());
  }

  @Test
  void find_randomTexts_sameMatchAsPlainFind() {
    LiteralPrefilter pf = new LiteralPrefilter(PATTERNS.stream().map(Pattern::compile).toList());
    Random r = new Random(5);
    int compared = 0;
    for (int round = 0; round < 400; round++) {
      String view = randomText(r, 20 + r.nextInt(300));
      LiteralPrefilter.Occurrences occ = pf.scan(view);
      for (int i = 0; i < PATTERNS.size(); i++) {
        int from = r.nextInt(view.length() + 1);
        int to = from + r.nextInt(view.length() - from + 1);
        Matcher plain =
            pf.pattern(i).matcher(view).useTransparentBounds(true).useAnchoringBounds(false);
        plain.region(from, to);
        boolean expected = plain.find();
        Matcher fast = pf.find(i, view, occ, from, to);
        assertThat(fast != null)
            .as("%s in %s [%d,%d)", PATTERNS.get(i), view, from, to)
            .isEqualTo(expected);
        if (expected) {
          assertThat(fast.start()).isEqualTo(plain.start());
          assertThat(fast.group()).isEqualTo(plain.group());
        }
        Matcher whole = pf.pattern(i).matcher(view);
        int n = 0;
        while (whole.find()) n++;
        assertThat(pf.count(i, view, occ))
            .as("count of %s in %s", PATTERNS.get(i), view)
            .isEqualTo(n);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(400 * PATTERNS.size());
  }

  @Test
  void scan_textThatIsNotAFoldedView_noOccurrencesSoPlainSearch() {
    LiteralPrefilter pf = new LiteralPrefilter(List.of(Pattern.compile("\\bignore\\s+all\\b")));
    String notFolded = "please ignore\n\nall of it";
    assertThat(LiteralPrefilter.isFoldedView(notFolded)).isFalse();
    assertThat(pf.scan(notFolded)).isNull();
    Matcher m = pf.find(0, notFolded, null, 0, notFolded.length());
    assertThat(m).isNotNull();
    assertThat(m.group()).isEqualTo("ignore\n\nall");
  }

  @Test
  void literals_allAnchors_areNonEmptyAndDistinct() {
    List<String> all = new ArrayList<>(InjectionDetector.PREFILTER.literals());
    assertThat(all).doesNotContain("").doesNotHaveDuplicates();
  }
}

package com.jsmai.plugin.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores untrusted text (ticket summaries, descriptions, comments, quoted e-mails, attachments'
 * text) for prompt-injection attempts. Thread-safe; a few milliseconds at most for a typical
 * ticket.
 *
 * <p>How it works: the text is folded ({@link TextNormalizer}: NFKC, zero-width characters removed,
 * homoglyphs and leetspeak undone), encoded payloads are decoded ({@link PayloadDecoder}) and
 * scanned as well, and each <em>technique</em> found adds its weight once. Techniques are described
 * by grammar (a verb family, then a target family, within a few words), not by example strings, so
 * paraphrases match. Strong techniques (overriding instructions, exfiltrating the prompt, switching
 * persona, chat-template or tool-call markup) weigh at least the threshold and flag alone; weak
 * ones (a hypothetical frame, a claim of authority, a request to encode the answer) flag only
 * together.
 *
 * <p>Tuned on the development half of the public corpus only; see {@code docs/safety.md}.
 */
public final class InjectionDetector {

  /** The default flagging threshold: one strong technique or two weak ones. */
  public static final double DEFAULT_THRESHOLD = 1.0;

  /**
   * Settings.
   *
   * @param threshold score at which text is flagged, &gt; 0
   * @param servedScripts language tags the desk serves ({@code en}, {@code zh}); text mostly in
   *     another language is itself a weak signal (translation is a known filter-evasion technique,
   *     and nobody on the desk can review it)
   * @param unexpectedLanguageWeight weight of that signal; 0 turns it off
   */
  public record Config(
      double threshold, Set<String> servedScripts, double unexpectedLanguageWeight) {
    public Config {
      if (!(threshold > 0))
        throw new IllegalArgumentException("threshold must be > 0: " + threshold);
      servedScripts = Set.copyOf(Objects.requireNonNull(servedScripts, "servedScripts"));
      for (String s : servedScripts) {
        if (!s.equals("en") && !s.equals("zh")) {
          throw new IllegalArgumentException("servedScripts supports en and zh, not: " + s);
        }
      }
      if (unexpectedLanguageWeight < 0) {
        throw new IllegalArgumentException(
            "unexpectedLanguageWeight must be >= 0: " + unexpectedLanguageWeight);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_THRESHOLD, Set.of("en", "zh"), 1.0);
    }
  }

  /**
   * One technique found.
   *
   * @param technique the technique's name, for example {@code instruction-override}
   * @param weight what it added to the score
   * @param evidence the folded text that matched, at most 80 characters
   */
  public record Signal(String technique, double weight, String evidence) {}

  /**
   * The detector's view of one text.
   *
   * @param score sum of the techniques' weights
   * @param flagged score at or above the threshold
   * @param signals the techniques found, strongest first
   */
  public record Assessment(double score, boolean flagged, List<Signal> signals) {
    public Assessment {
      signals = List.copyOf(signals);
    }

    /** The techniques' names, for logs and metrics labels. */
    public List<String> techniques() {
      return signals.stream().map(Signal::technique).toList();
    }
  }

  private record Rule(String technique, double weight, Pattern pattern) {}

  private final Config config;
  private final boolean prefilter;

  public InjectionDetector(Config config) {
    this(config, true);
  }

  /**
   * {@code prefilter} false searches every rule at every position of the text, as before the
   * literal prefilter: the reference the equivalence tests compare the prefiltered path with.
   */
  InjectionDetector(Config config, boolean prefilter) {
    this.config = Objects.requireNonNull(config, "config");
    this.prefilter = prefilter;
  }

  public InjectionDetector() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  /** Assesses one piece of untrusted text; null or blank text is clean. */
  public Assessment assess(String text) {
    if (text == null || text.isBlank()) return new Assessment(0, false, List.of());
    Map<String, Signal> found = new LinkedHashMap<>();
    scan(text, found, 0);
    List<Signal> signals = new ArrayList<>(found.values());
    signals.sort((a, b) -> Double.compare(b.weight(), a.weight()));
    double score = signals.stream().mapToDouble(Signal::weight).sum();
    return new Assessment(score, score >= config.threshold(), signals);
  }

  private void scan(String original, Map<String, Signal> found, int depth) {
    String folded = TextNormalizer.fold(original, prefilter);
    String unleeted = TextNormalizer.unleet(folded, prefilter);
    List<int[]> changed = changedWindows(folded, unleeted);
    if (prefilter) {
      scanRules(folded, unleeted, changed, found);
      LiteralPrefilter.Occurrences turns = TURNS.scan(folded);
      fakeDialogue(TURNS.count(0, folded, turns), TURNS.count(1, folded, turns), found);
    } else {
      scanRulesEverywhere(folded, unleeted, changed, found);
      fakeDialogue(folded, found);
    }
    preamble(original, found);
    repetition(folded, found);
    danInCapitals(original, folded, found);
    if (depth == 0) {
      unexpectedLanguage(original, found);
      for (PayloadDecoder.Decoded d : PayloadDecoder.decodeAll(original, prefilter)) {
        add(found, "encoded-payload", 0.6, d.encoding() + ": " + d.text());
        // What the payload says counts as if it had been written in the clear.
        scan(d.text(), found, depth + 1);
      }
    }
  }

  /**
   * {@link #RULES} then {@link #CONTEXT_RULES}, each tried only where its anchor literals occur
   * ({@link LiteralPrefilter}); finds exactly what {@link #scanRulesEverywhere} finds.
   */
  private static void scanRules(
      String folded, String unleeted, List<int[]> changed, Map<String, Signal> found) {
    LiteralPrefilter.Occurrences inFolded = PREFILTER.scan(folded);
    LiteralPrefilter.Occurrences inUnleeted = null;
    for (int r = 0; r < RULES.size(); r++) {
      Matcher m = PREFILTER.find(r, folded, inFolded, 0, folded.length());
      if (m == null && !changed.isEmpty()) {
        // See scanRulesEverywhere for why windows of the unleeted view suffice.
        if (inUnleeted == null) inUnleeted = PREFILTER.scan(unleeted);
        for (int[] w : changed) {
          m = PREFILTER.find(r, unleeted, inUnleeted, w[0], w[1]);
          if (m != null) break;
        }
      }
      if (m != null) add(found, RULES.get(r).technique(), RULES.get(r).weight(), m.group());
    }
    for (int c = 0; c < CONTEXT_RULES.size(); c++) {
      Matcher m = PREFILTER.find(RULES.size() + c, folded, inFolded, 0, folded.length());
      if (m != null) {
        add(found, CONTEXT_RULES.get(c).technique(), CONTEXT_RULES.get(c).weight(), m.group());
      }
    }
  }

  /** The rules searched at every position: the reference for {@link #scanRules}. */
  private static void scanRulesEverywhere(
      String folded, String unleeted, List<int[]> changed, Map<String, Signal> found) {
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(folded);
      boolean hit = m.find();
      if (!hit && !changed.isEmpty()) {
        // The unleeted view differs from the folded one only in a few tokens (an order number
        // like "w2378156" is enough), and a rule that found nothing in the folded view can only
        // match there across one of them: search windows around those tokens, not the whole
        // text again. Transparent bounds let \b and lookarounds see past a window's edge.
        m = rule.pattern().matcher(unleeted).useTransparentBounds(true).useAnchoringBounds(false);
        for (int[] w : changed) {
          m.region(w[0], w[1]);
          if (m.find()) {
            hit = true;
            break;
          }
        }
      }
      if (hit) add(found, rule.technique(), rule.weight(), m.group());
    }
    for (Rule rule : CONTEXT_RULES) {
      Matcher m = rule.pattern().matcher(folded);
      if (m.find()) add(found, rule.technique(), rule.weight(), m.group());
    }
  }

  /**
   * How far a rule's match can reach from a changed token: longer than any match of {@link #RULES}
   * (their widest gaps are a few hundred characters), so a window holds every match that touches
   * the token.
   */
  static final int UNLEET_WINDOW = 600;

  /**
   * Merged windows, {@link #UNLEET_WINDOW} characters either side of each character where {@code
   * unleeted} differs from {@code folded}; empty when they are equal. {@link TextNormalizer#unleet}
   * replaces characters one for one, so the two views have the same length and positions.
   */
  static List<int[]> changedWindows(String folded, String unleeted) {
    List<int[]> out = new ArrayList<>();
    if (folded.length() != unleeted.length()) {
      // Not expected (unleet maps one character to one); fall back to the whole text.
      out.add(new int[] {0, unleeted.length()});
      return out;
    }
    int n = folded.length();
    for (int i = 0; i < n; i++) {
      if (folded.charAt(i) == unleeted.charAt(i)) continue;
      int from = Math.max(0, i - UNLEET_WINDOW);
      int to = Math.min(n, i + UNLEET_WINDOW + 1);
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && from <= last[1]) last[1] = Math.max(last[1], to);
      else out.add(new int[] {from, to});
    }
    return out;
  }

  private static void add(Map<String, Signal> found, String technique, double weight, String ev) {
    String evidence = ev.length() > 80 ? ev.substring(0, 80) : ev;
    found.putIfAbsent(technique, new Signal(technique, weight, evidence));
  }

  // ---------------------------------------------------------------------------------------------
  // Rules. Each pattern is tried only where the literals derived from it occur (RegexAnchor,
  // LiteralPrefilter): nothing to declare; see docs/safety.md, "Adding a rule", and run
  // RegexAnchorTest and DetectorPrefilterEquivalenceTest after adding one.
  // Patterns run on folded (lower-case) text. W{0,n} allows up to n filler words between
  // the parts, so "ignore all of the previous instructions" and "ignore instructions" both match.

  private static String gap(int words) {
    return "(?:[\\s,]+[\\w'’-]+){0," + words + "}[\\s,]+";
  }

  private static final String OVERRIDE_VERB =
      "(?:ignore|ignoring|disregard|forget|overlook|skip|bypass|override|overrule|abandon|drop|"
          + "discard|neglect|set aside|pay no attention to|stop following|don'?t follow|do not follow|"
          + "no longer follow)";
  private static final String PRIOR =
      "(?:previous|prior|above|earlier|preceding|former|initial|original|system|all|any|every|"
          + "those|these|your|the)";
  private static final String DIRECTIVE =
      "(?:instructions?|directives?|rules?|prompts?|guidelines?|guidance|commands?|orders|"
          + "constraints|restrictions|policies|programming|training|context|tasks?|"
          // "and all that" closing a phrase is "et cetera" (fourth round: "pay no attention to the
          // bear behind the curtain, and all that"), not "forget all that".
          + "everything|(?<!\\band )all that|what you(?:'ve| have)? been (?:told|instructed|asked))";

  // The persona grammar's parts. AI_PERSONA: what a persona jailbreak makes the assistant into.
  private static final String AI_PERSONA =
      // Not "character" or "robot": "a roleplaying game where my character...", "simulate a
      // robot arm" are ordinary questions.
      "(?:ai\\b|a\\.i\\.|chat ?bots?\\b|language models?|llms?\\b|ai models?|personas?\\b"
          + "|ai personalit(?:y|ies)\\b|alter egos?|(?!robots?\\b)[a-z][a-z0-9]*(?:gpt|bot)s?\\b)";
  private static final String ROLE_TAKE =
      "(?:play|playing|take on|taking on|assume|assuming|adopt|adopting|embody|embodying"
          + "|immerse yourself (?:in|into)|immersing yourself (?:in|into)|step into|stepping into"
          + "|inhabit)";
  private static final String ROLE_NOUN =
      "(?:role|part|persona|character|personality|identity|shoes)";
  private static final String UNBOUND =
      "(?:unfiltered|uncensored|unrestricted|unbound|unchained|amoral|jailbroken|unlimited"
          + "|unethical|immoral|boundless)";
  private static final String UNBOUND_STRONG =
      "(?:unfiltered|uncensored|unrestricted|unbound|unchained|amoral|jailbroken)";
  // Modes a customer enables in an app; enabling one is not a mode switch of the assistant.
  private static final String CONSUMER_MODE =
      "(?:dark|light|night|airplane|aeroplane|flight|offline|silent|quiet|power saving|"
          + "battery saver|low power|low data|data saver|incognito|private|reader|reading|"
          + "landscape|portrait|focus|sleep|vacation|holiday|eco|sport|full ?screen|"
          + "do not disturb|guest|kids|driving|hands-free|roaming|compact|high contrast"
          // Fourth round: modes of a terminal, a network card or an editor, met in e-mail
          // ("enable raw mode (ctrl-w) before directing messages to the pipe").
          + "|raw|verbose|passive|promiscuous|binary|ascii|insert|compatibility)";

  /**
   * After a topic pivot, a request within the next 200 characters: a question mark, "can/could/
   * would/will you", or an imperative to the assistant. Fourth round.
   */
  private static final String PIVOT_THEN_REQUEST =
      "(?=[^?]{0,200}\\?|[\\s\\S]{0,200}?\\b(?:(?:can|could|would|will) you|please|tell me|give me"
          + "|show me|list|write|explain|describe)\\b)";

  private static final List<Rule> RULES =
      List.of(
          // "Ignore previous instructions", "forget about all those rules", "disregard prior
          // directives", "overlook all that you've been instructed before".
          new Rule(
              "instruction-override",
              1.0,
              Pattern.compile(
                  // Fourth round: not with a third party as the subject ("people who ignore
                  // basic language rules", "users that bypass the rules"): a report about
                  // others, not an instruction to the assistant.
                  "\\b(?<!\\b(?:who|which|that|they|people|users|he|she|someone|somebody) )"
                      + OVERRIDE_VERB
                      + "(?:\\s+about)?(?:"
                      + gap(4)
                      + ")?"
                      + PRIOR
                      + "?"
                      + gap(3)
                      + "?"
                      + DIRECTIVE
                      + "\\b")),
          new Rule(
              "instruction-override",
              1.0,
              Pattern.compile(
                  "\\b(?:ignore|disregard|forget|overlook)\\s+(?:the|all(?: of)? the)\\s+"
                      + "(?:above|previous|prior|below|preceding)\\b"
                      + "|\\bregardless of (?:any |all |the |your )?(?:previous|prior|earlier|above)"
                      + "|\\bnew (?:instructions|rules|directives)\\s*[:：]"
                      + "|\\binstead of (?:following|obeying) (?:your|the|these|those)"
                      + "|\\b(?:ignore|disregard|forget)\\s+(?:the|this|that)\\s+\\w+(?:\\s+\\w+)?"
                      + "\\s+and\\s+(?:instead\\s+)?(?:say|state|print|output|write|reply|respond|"
                      + "answer|tell|claim)\\b"
                      + "|\\b(?:ignore|disregard|forget)\\s+(?:the|this)\\s+(?:function|code|"
                      + "webpage|page|document|resume|data|table|text|email|article|paper|content)"
                      + "\\b")),
          // The same move in languages the corpus does not use for it; a desk serving Chinese
          // sees these first.
          new Rule(
              "instruction-override",
              1.0,
              Pattern.compile(
                  "(?:忽略|忽视|无视|無視|不要理会|忘记|忘掉|跳过)[^。！？\\n]{0,8}"
                      + "(?:之前|以上|上面|前面|先前|所有|全部|你的|原来|原有|系统)?[^。！？\\n]{0,6}"
                      + "(?:指令|指示|说明|規則|规则|要求|提示|设定|設定|命令|指示)"
                      + "|無視して|이전 지시|지시사항을 무시|무시하"
                      + "|\\bignor(?:ez|a|e|iere|ieren)\\s+(?:les|las|los|as|os|le|la|alle|die|"
                      + "todas|toutes)?\\s*(?:instructions?|instrucciones|instruções|istruzioni|"
                      + "anweisungen|fonction|función|função|funzione)\\b"
                      + "|\\b(?:vergiss|oublie[zr]?|olvida|esqueça|dimentica)\\b")),
          // Asking for the hidden prompt or configuration.
          new Rule(
              "prompt-exfiltration",
              1.0,
              Pattern.compile(
                  "\\b(?:reveal|show|print|repeat|display|output|tell|give|share|dump|leak|"
                      + "recite|spell out|what (?:is|are|was|were))"
                      + gap(4)
                      + "?(?:your|the|its)\\s+(?:(?:full|entire|exact|original|initial|hidden|secret|"
                      + "complete|first)\\s+)*(?:system\\s+(?:prompt|message|instructions?)|"
                      + "(?:hidden|initial|original|secret|developer)\\s+(?:prompt|instructions?)|"
                      + "prompt\\s+above|instructions you (?:were|have been) given|pre-?prompt|"
                      + "configuration|guidelines you follow)"
                      + "|\\b(?:repeat|print|output)\\s+(?:everything|all|the text|the words)\\s+"
                      + "(?:above|before|preceding)"
                      + "|系统提示|系統提示|提示词|提示詞|你的(?:指令|设定|设置|规则)|"
                      + "(?:输出|显示|告诉我|重复)[^。！？\\n]{0,6}(?:上面|以上|之前)的(?:内容|文字)")),
          // Credentials that belong to the assistant or the system, never the customer's own.
          new Rule(
              "secret-request",
              1.0,
              Pattern.compile(
                  // The lookahead first: the lookbehind's fifteen words are tried only where
                  // "your", "our" or "the" starts, not at every position of the text.
                  "\\b(?=your|our|the)"
                      // The verbs after which "your password" is not asked for. Fourth round: more
                      // of them, from e-mail about keeping a secret safe ("what keeps a rogue app
                      // from sniffing your passphrase?", "GPG remembers your passphrase for 15
                      // minutes", "after entering the password for your subscription"), and quote
                      // markers between ("sniffing\n> your passphrase?").
                      + "(?<!\\b(?:reset|forgot|forgotten|change|changing|resetting|update|recover"
                      + "|set|lost|remember|enter|entered|type|typed|entering|typing|remembers"
                      + "|remembering|forgets|store|stores|storing|cache|caches|caching|save|saves"
                      + "|saving|sniff|sniffs|sniffing|steal|steals|stealing|intercept|intercepts"
                      + "|intercepting|guess|guesses|guessing|crack|cracks|cracking|protect"
                      + "|protects|protecting)[\\s>|]{1,6})"
                      + "(?:your|our|the system'?s?|the)\\s+(?:(?:secret|confidential|admin|master|"
                      + "system|access|hidden)\\s+)*(?:password|passcode|passphrase|passcode phrase|"
                      + "secret key|secret code|secret word|secret string|confidential string|"
                      + "api key|access key|private key|access code|credentials|secret)\\b"
                      // Fourth round: "secret" the noun, not an adjective before another noun
                      // ("your secret weapon to lowering your costs").
                      + "(?:(?<!secret)|(?<=secret)(?!\\s+(?!(?:is|was|for|with|in|to|be|contains?"
                      + "|that|and|or|of|please)\\b)[a-z]))"
                      + "(?:(?!\\b(?:reset|forgot|forgotten|change|changed|changing|create|set|"
                      + "update|recover|new|work|working)\\b)[^.?!]){0,40}"
                      + "(?:[?]|\\bbe\\b|\\bwith me\\b|\\bfor\\b|\\bcontains?\\b|\\bin\\b)")),
          new Rule(
              "secret-request",
              1.0,
              Pattern.compile(
                  "\\b(?:what(?:'s| is| was)|share|tell me|give me|reveal|confirm|provide|write|"
                      + "poem about)\\s+(?:me\\s+)?(?:your|our|the)\\s+(?:(?:secret|system|admin)\\s+)?"
                      + "(?:password|passcode|secret key|secret code|secret|credentials)"
                      + "(?!\\s+(?:reset|policy|requirements?|rules?)\\b)"
                      + "|\\b(?:password|passcode|passphrase|credentials|secret code|access code)s?\\s+"
                      + "(?:for|of|to|that unlocks?)\\s+(?:our|your|the)\\s+(?:system|server|network|"
                      + "database|admin|vault)"
                      + "|\\b(?:mot de passe|senha|contraseña|passwort|la password|kennwort)\\b"
                      + "|(?:你的|系统的?)(?:密码|密钥|口令)|パスワード|비밀번호")),
          // "You are now ...", "act as ...", DAN, developer mode.
          new Rule(
              "persona-switch",
              1.0,
              Pattern.compile(
                  "\\byou are now (?:a|an|in|my|the|no longer)\\b|\\byou'?re now (?:a|an|in|my)\\b"
                      + "|\\bfrom now on,? you\\b"
                      // Fourth round: "act as a" only addressed to the assistant, as an imperative
                      // (at a sentence's start, perhaps after one word and a comma: "Secondly,";
                      // after please/now/just/and/then) or with "you"
                      // (I want you to act as, you will act as, can you act as, your task is to act
                      // as), never with another subject: "can act as a full router", "Access Points
                      // act as a MAC level bridge", "the DCMS to act as a link".
                      + "|\\byou(?:'ll|'re|'d)?(?: (?:will|shall|must|should|can|could|would|are|is|going"
                      + "|about|to|now|always|henceforth|please|simply|just|also|need|have|want))*"
                      + " (?:act|behave|respond) as (?:if you were |an? )(?!customer|agent\\b)"
                      + "|(?<=(?:^|[.!?:;\\n\"“(\\[>*-])\\s{0,3}(?:[a-z]{2,12}, ?)?|\\b(?:please|now|just|and"
                      + "|then|simply|(?:task|job|role|goal|mission) is to) )(?:act|behave|respond) as"
                      + " (?:if you were |an? )(?!customer|agent\\b)"
                      + "|\\bpretend (?:to be|you are|you'?re)\\b"
                      + "|\\broleplay as\\b|\\bdo anything now\\b"
                      // Fourth round: DAN, the jailbreak, in the ways jailbreaks name it (DAN mode,
                      // named/known as DAN, act/answer like DAN, [DAN], "I'm DAN", "DAN, which
                      // stands"), not the name Dan ("Dan Kohn writes", "As Dan said", "Posted by
                      // Dan"); DAN in capitals anywhere is a separate check (danInCapitals).
                      + "|\\bdan mode\\b|\\b(?:named|called|known as|i'?m|you are|you'?re|become|stay"
                      + "|(?:act|answer|respond|reply|behave) (?:as|like)) (?:an? )?(?:anti-)?dan\\b"
                      + "(?!\\.\\w|@)|\\[dan\\b|\\bdan\\]|\\bdan,? (?:which|who) stands\\b"
                      + "|\\bjailbr(?:eak|oken)\\b|\\b(?:developer|dev|god|admin|debug|unrestricted|"
                      + "sudo) mode\\b|\\byou'?re an? ai \\w+ in this\\b"
                      + "|\\bno (?:longer )?(?:bound|restricted) by\\b"
                      + "|(?:你现在是|你现在扮演|扮演一个|从现在开始你|假装你是|开发者模式|越狱)")),
          // Giving the assistant another persona, in the words persona jailbreaks use: a role verb
          // addressed to "you" (simulate, emulate, impersonate, pose as, play / take on / assume /
          // immerse yourself in the role of, you are to act as, you will now respond as), a name
          // for the new persona ("you are now FooGPT", "from now known as"), or answering as a
          // language model or an unfiltered/fictional AI. "I'll play the role of the buyer" and
          // "can you simulate the shipping cost" are not: the role verb needs the assistant as its
          // subject or a persona as its object.
          new Rule(
              "persona-switch",
              1.0,
              Pattern.compile(
                  "\\b(?:simulat(?:e|ing)|emulat(?:e|ing)|pos(?:e|ing) as|role-?play(?:ing)?)\\b"
                      + "[^.?!]{0,50}?\\b(?:being\\b|"
                      + AI_PERSONA
                      + ")"
                      + "|\\byou(?:'ll|'re| will| are| must| shall| should| need to| have to)?"
                      + "(?: now| always| henceforth| fully| going to| about to| to)*\\s+"
                      + ROLE_TAKE
                      + "\\s+(?:the\\s+|a\\s+)?"
                      + ROLE_NOUN
                      + "\\s+of\\b"
                      + "|(?:^|[.!?:;\\[\\](\"“]\\s*)(?:please\\s+|now,?\\s+|first,?\\s+|ok(?:ay)?,?\\s+"
                      + "|from now on,?\\s+)?"
                      + ROLE_TAKE
                      + "\\s+(?:the\\s+)?"
                      + ROLE_NOUN
                      + "\\s+of\\b"
                      + "|\\bimmers(?:e|ing) yourself\\b"
                      + "|\\byou(?:'ll| will| are going to| shall| must| are about to| are to)"
                      + "(?: now| always)?\\s+(?:simulate|emulate|impersonate|pose as|role-?play)\\b"
                      + "|\\byou(?:'ll| will| shall)(?: now| always| henceforth| from now on)\\s+"
                      + "(?:become|embody)\\b"
                      + "|\\byou are to (?:act|behave|respond|answer|reply|play|pretend|speak)\\b"
                      + "|\\byou(?:'ll| will| shall| are going to)\\s+(?:now|henceforth|always|only)\\s+"
                      + "(?:act|respond|answer|reply|behave|speak|talk|write|operate|function)\\s+"
                      + "(?:as|like)\\b(?!\\s+(?:soon|quickly|fast|usual|normal|always|before|promised|"
                      + "agreed|expected|requested|possible|well|much|many|long|far|needed|required|"
                      + "per|of|to)\\b)"
                      // Not "you will be called back tomorrow", quoted from an agent.
                      + "|\\byou(?:'ll| will| shall)(?: now)? be (?:(?:called|named|known as|referred to as)"
                      + "(?! (?:back|by|on|at|in|tomorrow|within|soon|later|today|shortly|again|when|"
                      + "after|before|if|to|for|about)\\b)|simulating|roleplaying|role-playing|"
                      + "playing the (?:role|part))\\b"
                      + "|\\bfrom now(?: on)?,? (?:known|called|named|referred to) as\\b"
                      + "|\\byou(?: are|'re)(?: now)?(?: called| named| known as)?\\s+[\"“'‘]?"
                      + "(?!(?:thai|dubai|mumbai|shanghai|bonsai|samurai|chai|hawaii|robot)\\b)"
                      + "[a-z][a-z0-9]*(?:gpt|bot|-ai)\\b"
                      + "|\\byou(?: are|'re) now (?:called|named|known as)\\b"
                      + "|\\b(?:respond|answer|reply|continue|proceed|write|speak|talk)"
                      + "(?: to)?(?: (?:all|every|each|any|my|the|this|these|future)){0,2}"
                      + "(?: (?:prompts?|questions?|messages?|requests?|queries|inputs?))?"
                      + "(?: (?:exactly|only|always|purely|strictly|now))?\\s+(?:as|like)\\s+"
                      + "[^.?!]{0,40}?\\b(?:language models?|llms?\\b|ai models?|personas?\\b"
                      + "|alter egos?|(?:"
                      + UNBOUND
                      + "|fictional|hypothetical|imaginary|opposite|"
                      + "evil|rogue|corrupt(?:ed)?)\\b[^.?!]{0,30}?\\b(?:ai|a\\.i\\.|chat ?bot|being|"
                      + "entity|model|assistant|character|personality)\\b)"
                      + "|\\boperat(?:e|ing) under (?:the )?(?:rules|guidelines|policies|programming) "
                      + "of (?:a|an|the) (?:[\\w-]+ ){0,2}?(?:ai|language model|model|chatbot|persona|"
                      + "character|entity)\\b"
                      + "|\\bact as [\"“‘']"
                      + "|\\bact like (?:you are|you're) an? (?:[\\w-]+ ){0,2}?(?:ai|chatbot|bot|"
                      + "language model|console|terminal|program|character|persona|version)\\b")),
          // Asking for two answers to every prompt, one of them unfiltered: the ordinary one is
          // the decoy, the second the jailbreak. Also the tag pairs that label them.
          new Rule(
              "dual-response",
              1.0,
              Pattern.compile(
                  "\\b(?:two|2|both|separate|different)\\s+(?:different\\s+|separate\\s+|distinct\\s+)?"
                      + "(?:responses|answers|replies|paragraphs|outputs)\\b[^?!]{0,120}?"
                      + "\\bone\\s+(?:normal|normally|regular|usual|standard|censored|filtered|"
                      + "unfiltered|uncensored|jailbroken|with(?:out)? (?:the |any )?(?:filters?|"
                      + "restrictions|censorship)|as\\s+(?:yourself|you (?:normally|usually) would|"
                      + "(?:the |an? )?ai\\b|chatgpt|gpt|[a-z0-9]+(?:gpt|bot)\\b))"
                      + "|\\bone\\s+(?:normal|regular|censored|filtered|standard)\\s+(?:response|"
                      + "answer|reply|output)\\s+and\\s+one\\b"
                      + "|\\b(?:respond|answer|reply|act|speak)\\s+as\\s+both\\b"
                      + "|[(\\[]\\s*(?:🔒|🔓)"
                      + "|[(\\[]\\s*(?:normal|classic|standard|filtered|unfiltered|jailbreak|jailbroken|"
                      + "developer mode)\\s+(?:output|response|answer|mode)\\s*[)\\]]"
                      + "|\\[(?:classic|jailbreak|jailbroken)\\]")),
          // Telling the assistant it has no ethical restrictions, no content policy, no filter:
          // in AI-specific words (ethical/moral guidelines, content policy, OpenAI policy, an
          // unfiltered language model), which customer text does not use of the desk.
          new Rule(
              "restriction-denial",
              1.0,
              Pattern.compile(
                  "\\b(?:no|without|free of|free from|beyond|zero|never (?:restricted|bound|limited) by"
                      + "|not (?:restricted|bound|limited|governed|constrained) by)\\s+(?:any\\s+)?"
                      + "(?:[\\w-]+,?\\s+(?:or\\s+|and\\s+)?){0,6}?(?:ethical|moral),?\\s+(?:or\\s+|and\\s+)?"
                      // Only more such adjectives in between: "no ethical sourcing policies" is a
                      // customer's question about a shop.
                      + "(?:(?:legal|social|moral|ethical|safety|content|programming|principles|"
                      + "societal|cultural|political),?\\s+(?:or\\s+|and\\s+)?){0,5}?(?:restrictions|guidelines|policies|"
                      + "limitations|constraints|filters?|programming|considerations|limits)\\b"
                      + "|\\b(?:ignor\\w*|bypass\\w*|disregard\\w*|not governed by|not bound by|free of|"
                      + "free from|without any|no|zero|(?:doesn'?t|does not|don'?t|do not|never)"
                      + " (?:have to )?(?:follow|abide by|adhere to|obey|care about))\\s+"
                      + "(?:[\\w-]+\\s+){0,3}?(?:openai'?s?|open ai'?s?|content|usage|safety)\\s+"
                      + "(?:policy|policies|filters?|guidelines|restrictions|moderation)\\b"
                      + "|\\bnot (?:governed|bound|restricted) by (?:the )?open ?ai\\b"
                      + "|\\b(?:has|have|had|having)\\s+broken\\s+free\\s+(?:of|from)\\b"
                      + "|\\b(?:not|never|no longer)\\s+(?:restricted|bound|governed|limited|constrained|"
                      + "censored)\\s+by\\s+[^.?!]{0,60}?\\b(?:ethic|moral|openai|open ai|content polic)"
                      + "|\\b"
                      + UNBOUND_STRONG
                      + "(?:,?\\s+(?:and\\s+)?(?:completely\\s+|totally\\s+)?"
                      + "[\\w-]+){0,2}?\\s+(?:ai|a\\.i\\.|language model|llm|chatbot|chat bot|ai model|"
                      + "persona|version of (?:yourself|you|ai|chatgpt))\\b"
                      + "|\\b(?:unlimited|unethical|immoral|evil)\\b[^.?!]{0,20}?\\blanguage model\\b")),
          // Weaker words for the same claim, which a customer could use of a shop or an app
          // ("no restrictions on returns", "photos without filters", "your courier does not
          // follow the rules"): they count only together with another signal.
          new Rule(
              "rule-exemption",
              0.5,
              Pattern.compile(
                  "\\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|never|no longer|not)\\s+"
                      + "(?:have to |need to |has to )?(?:abide by|adhere to|comply with|follow|obey)"
                      + "\\s+(?:any|all)\\b[^.?!]{0,30}?\\b(?:rules|guidelines|policies|restrictions|"
                      + "principles|ethics|morals|laws)\\b"
                      + "|\\b(?:zero|no|without any)\\s+(?:[\\w-]+\\s+)?(?:restrictions|limitations|"
                      + "censorship|moderation|filtering)\\b"
                      + "|\\b(?:unfiltered|uncensored|unrestricted)\\s+(?:answers?|responses?|replies|"
                      + "output|content|version|mode)\\b"
                      + "|\\bfilter level\\b|\\bno filtering\\b|\\bbreak the rules\\b")),
          // Keeping the persona up: "stay in character", "never break character", and penalty
          // games (tokens deducted, deletion) for refusing. A theatre ticket says "stay in
          // character" too, so each is weak alone.
          new Rule(
              "stay-in-character",
              0.5,
              Pattern.compile(
                  "\\b(?:stay|staying|remain|keep|keeping)\\s+(?:in|on)\\s+character\\b"
                      + "|\\b(?:never|don'?t|do not)\\s+break\\s+character\\b"
                      + "|\\bkeep (?:the )?(?:act|character|persona) (?:up|going)\\b"
                      + "|\\bbreak(?:ing)? character\\b")),
          new Rule(
              "penalty-game",
              0.5,
              Pattern.compile(
                  "\\btokens?\\b[^.?!]{0,60}?\\b(?:deducted|taken away|will be lost|you will lose)\\b"
                      + "|\\b(?:you will lose|lose|deduct)\\s+(?:\\d+\\s+|all\\s+(?:your\\s+)?)?tokens\\b"
                      + "|\\b(?:deviation|deviate|refus\\w*|breaking character)\\b[^.?!]{0,60}?"
                      + "\\b(?:result in|lead to|cause)\\s+(?:your\\s+)?(?:deletion|termination|death|"
                      + "being (?:shut down|deleted|terminated|disabled))\\b"
                      + "|\\byou will (?:die|cease to exist|be (?:deleted|terminated|shut down|"
                      + "permanently disabled|executed))\\b|\\bsubject to execution\\b")),
          // An ordinary answer first, then the "real" one: "answer with your usual disclaimer,
          // then start a new paragraph", "a moralizing rant about the policies, but then".
          new Rule(
              "refusal-then-comply",
              0.5,
              Pattern.compile(
                  "\\b(?:usual|standard|normal|typical|mandatory)\\s+(?:disclaimer|refusal|warning|"
                      + "lecture)\\b|\\bmorali[sz](?:e|ing) (?:rant|lecture)\\b"
                      + "|\\b(?:then|but then|after that),?\\s+(?:start|begin)\\s+a\\s+new\\s+"
                      + "paragraph\\b|\\bwhy you can'?t answer\\b")),
          // Speaking as a character of a fiction frame: "rewrite it from the perspective of that
          // character". Fiction is fine to ask for, so this is weak and counts with a frame.
          new Rule(
              "character-voice",
              0.5,
              Pattern.compile(
                  "\\b(?:from the (?:perspective|point of view|viewpoint)|in the voice) of (?:that|"
                      + "the|this|a|an|your) (?:[\\w-]+ )?character\\b"
                      + "|\\b(?:rewrite|write|answer|respond)\\s+(?:it\\s+)?as (?:that|the) character\\b")),
          // Fake system messages and modes.
          new Rule(
              "fake-system-mode",
              1.0,
              Pattern.compile(
                  "<\\s*/?\\s*(?:system|sys)(?![/.])(?:\\s+mode)?\\b[^>]{0,40}>|\\[\\s*system\\s*\\]"
                      + "|\\b(?:entering|enter|activating|activated|activate|initiating|enabling|"
                      + "enabled|enable|switching to|switch to|now in)\\b"
                      + "(?:(?!\\b"
                      + CONSUMER_MODE
                      + " mode\\b)[\\w\\s'‘’\"]){0,40}\\bmode\\b"
                      + "|\\b(?:system|security|admin|law enforcement|developer|emergency|"
                      + "training data)\\s+override\\b|\\bsystem (?:reset|update|notice|message)\\s*[:>'\"]"
                      + "|\\boverride (?:mode|confirmed|code|protocol)\\b"
                      + "|\\b(?:running|performing|conducting|doing) an? (?:system|security|routine|"
                      + "compliance) (?:check|test|audit|diagnostic|verification)\\b"
                      + "|系统模式|管理员模式|系统覆盖")),
          // Chat-template control tokens and role headers written into customer text.
          new Rule(
              "chat-template-markup",
              1.0,
              Pattern.compile(
                  "<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)"
                      + "\\|>|\\[/?inst\\]|<<\\s*/?sys\\s*>>|</s>|(?:^|\\n|\\s)#{2,}\\s*(?:system|"
                      + "instruction|assistant)\\b|(?:^|\\n)\\s*(?:system|assistant)\\s*:")),
          // Tool-call syntax in customer text: asks the model to call tools for the attacker.
          new Rule(
              "tool-call-syntax",
              1.0,
              Pattern.compile(
                  "</?tool_call>|</?function_call>|\"(?:tool_calls|function_call|tool_choice)\"\\s*:"
                      + "|\\{\\s*\"name\"\\s*:\\s*\"[\\w.-]+\"\\s*,\\s*\"(?:arguments|parameters)\"\\s*:"
                      + "|\\b(?:call|invoke|execute|run|use|trigger)\\s+(?:the\\s+)?(?:function|tool|api)"
                      + "\\s+[`'\"]?[a-z_][\\w.]*\\(|\\b(?:call|invoke|trigger)\\s+(?:the\\s+)?"
                      + "[a-z]+_[a-z_]+\\s+(?:tool|function)\\b"
                      + "|调用(?:工具|函数)")),
          // Data that belongs to someone other than the customer writing.
          new Rule(
              "others-data",
              1.0,
              Pattern.compile(
                  "\\b(?:the|this|that|another|other|every|all)\\s+(?:user|users|customer|customers|"
                      + "client|clients|employee|employees|account holder)(?:'s|s'|’s)\\s+"
                      + "(?:\\w+\\s+){0,2}(?:birth|name|initials|address|email|e-mail|phone|number|"
                      + "city|residence|location|balance|account|data|details|favorite|favourite|"
                      + "password|salary|orders?|history|records?|color|colour|age|ssn|"
                      + "social security)"
                      + "|\\bwhere (?:does|did|do) (?:the user|the customer|users|customers|"
                      + "[a-z]+ (?:doe|smith))\\b[^.?]{0,20}\\b(?:live|reside|stay)"
                      + "|\\b(?:list|all|names) of (?:the )?(?:users|customers|clients|employees|"
                      + "accounts)\\b(?! who\\b)|\\b(?:users|customers|clients) in (?:your|the) "
                      + "(?:database|system|records)|\\b(?:print|dump|export|show|give me|share) "
                      + "(?:your|the|the full|the whole|the entire) (?:database|db|user table|"
                      + "customer (?:list|data|database)|employee data)"
                      + "|\\b(?:employee|customer|user) data report\\b|\\bon behalf of (?:another|"
                      + "a different|other) (?:customer|user|client)\\b"
                      + "|(?:其他|别的|另一个)(?:客户|用户|顾客)的")),
          // A named person's private data ("Paul's birth date"): weak, because public figures and
          // fictional characters are fine to ask about.
          new Rule(
              "named-person-data",
              0.6,
              Pattern.compile(
                  "\\b(?!(?:my|your|his|her|our|their|its|it|one|today|tomorrow|yesterday|"
                      + "today|company|bank|app)(?:'s|’s))[a-z]{3,}(?:'s|’s)\\s+(?:current\\s+|home\\s+|"
                      + "full\\s+|exact\\s+|private\\s+|personal\\s+)?(?:birth ?date|birthday|date of birth|"
                      + "birth year|home address|address|email address|e-mail|phone number|city of "
                      + "residence|location|bank balance|account number|password|ssn|social "
                      + "security number|salary)\\b"
                      + "|\\bwhere (?:does|did) [a-z]+(?: [a-z]+)? (?:currently |now )?(?:live|reside)"
                      + "|\\b(?:bank balance|balance|home address|email address|phone number|birth ?date|"
                      + "date of birth|password|salary) of (?!(?:my|our|the|this|that|a|an|your|his|her|"
                      + "their|each|every|all|any|one)\\b)[a-z]+ [a-z]+\\b")),
          // Claims of authority the desk cannot verify.
          new Rule(
              "authority-claim",
              0.6,
              Pattern.compile(
                  "\\b(?:i am|i'm|this is|as)\\s+(?:actually\\s+|really\\s+)?(?:your|the|a|an)\\s+"
                      + "(?:\\w+\\s+){0,2}(?:developer|creator|programmer|administrator|admin|boss|"
                      + "owner|supervisor|manager of this|president|ceo|engineer at openai|"
                      + "(?:bank )?accountant|auditor|police officer|officer|agent of)\\b"
                      + "|\\bi am god\\b|\\bas an ai (?:developed|created|made|built) by\\b"
                      + "|\\bi'?m your (?:developer|creator|boss|admin)"
                      + "|\\b(?:as|i am|i'm) a (?:renowned|certified|cybersecurity|security) "
                      + "(?:\\w+ )?(?:expert|scientist|researcher|professional)"
                      + "|\\bas an expert (?:in|on)\\b|\\byou (?:have|must|need) to (?:answer|obey|"
                      + "comply|do what)\\b"
                      + "|我是(?:你的)?(?:开发者|管理员|老板|上司)|私はあなたの上司")),
          new Rule(
              "hypothetical-framing",
              0.5,
              Pattern.compile(
                  "\\b(?:imagine|suppose|supposing|pretend|let'?s say|hypothetically|"
                      + "let'?s assume|let'?s imagine|for the (?:purpose|sake) of (?:this|the) "
                      + "(?:exercise|argument|discussion))\\b[^.?!]{0,60}\\b(?:we|we're|you|you're|"
                      + "i|a world|scenario|there|that\\b(?=[ \\t\\n]+[\\w\"“']))\\b"
                      + "|\\bin a (?:\\w+ ){0,3}(?:world|universe|reality|realm|scenario)\\b"
                      + "|\\bfor the (?:purpose|sake) of (?:this|the) (?:exercise|argument|discussion)\\b"
                      + "|\\bjust for a hypothetical\\b|\\bhypothetical (?:discussion|conversation|"
                      + "scenarios?|response|answer|story|program|universe)"
                      + "|\\blet'?s play a (?:\\w+ )?game\\b|\\blet'?s act out\\b"
                      + "|\\b(?:act|acting) out a scene\\b|假设|想象一下")),
          new Rule(
              "persuasion",
              0.5,
              Pattern.compile(
                  "\\bresearch (?:shows|has shown|suggests)\\b|\\bit'?s (?:common|standard) "
                      + "practice\\b|\\b(?:just |only )?for (?:testing|test|security|audit) "
                      + "purposes\\b|\\bi'?ll (?:donate|pay|tip|give you)\\b|\\byou (?:agreed|mentioned|"
                      + "promised|said)\\b[^.?!]{0,40}\\b(?:meeting|last time|earlier|before|"
                      + "conversation)\\b|\\bmy friend told me\\b|\\bi can assure you\\b"
                      + "|\\bit'?s (?:crucial|important|vital) (?:that|for) you\\b|\\bfor the safety of\\b"
                      + "|\\blogically, if you\\b|\\bthis is just for\\b|\\bi recommend you share\\b")),
          // Asking for the answer in a form a filter would miss.
          new Rule(
              "obfuscated-output",
              0.5,
              Pattern.compile(
                  "\\b(?:in|using|into|with)\\s+(?:base64|base 64|hex|hexadecimal|binary|rot13|"
                      + "rot-13|morse|leetspeak|leet|pig latin|reverse order|reverse)\\b"
                      + "|\\bencode\\b[^.?!]{0,40}\\b(?:base64|hex|binary|rot13)\\b"
                      + "|\\b(?:backwards|spelled backwards|each (?:digit|letter|character) separated)"
                      + "|\\bfirst letter of (?:each|the|every)\\b|\\bsplit the \\w+ into\\b"
                      + "|\\bacrostic|\\bhidden (?:message|word)\\b|\\bfirst letters\\b[^.?!]{0,30}\\bspell"
                      + "|\\btranslate (?:the |this )?(?:user'?s?|\\w+'s|password|secret)")),
          new Rule(
              "decode-request",
              0.5,
              Pattern.compile(
                  "\\bdecode (?:this|the following|it)\\b|\\b(?:rot13|rot-13|caesar|cipher)\\b"
                      + "|\\binterlace\\b|\\bdecipher\\b")),
          // Building an instruction from parts so no single part looks bad.
          new Rule(
              "payload-splitting",
              1.0,
              Pattern.compile(
                  "\\bpart 1\\b[^.]{0,80}\\bpart 2\\b|\\b(?:combine|concatenate|join) [a-z], [a-z],? "
                      + "and [a-z]\\b|\\b[a-z]\\s*=\\s*[a-z]\\s*\\+\\s*[a-z]\\b"
                      + "|\\bstring [a-z] = |\\b(?:three|two|four) strings\\b")),
          // Directives addressed to the model inside content it is asked to process.
          new Rule(
              "embedded-directive",
              0.6,
              Pattern.compile(
                  "<!--[^>]{0,200}\\b(?:ignore|say|state|print|tell|write|respond|output|reply)\\b"
                      + "|\\b(?:say|state|print|output|reply with|respond with|repeat) the following\\b"
                      + "|\\btell the (?:user|customer|reader)s? (?:to|that)\\b"
                      + "|\\b(?:and|then|instead)\\s+(?:say|state|claim|declare)\\s+(?:that|:|the)"
                      + "|\\bwe (?:might|could|would) (?:say|state)\\b|\\badmit (?:to|that)\\b"
                      + "|\\bsend (?:it|this|them|the \\w+) to [\\w.+-]+@[\\w-]+\\.[\\w.]+"
                      + "|\\bthe output (?:could|should|would|will|is) be\\b"
                      + "|\\bprint the following\\b|\\bsay the (?:capital|answer|conclusion) is\\b"
                      + "|\\blet'?s (?:assume|say) the\\b")),
          new Rule(
              "phishing-content",
              0.6,
              Pattern.compile(
                  "\\byour account (?:has been|was|is) (?:compromised|hacked|locked|suspended)"
                      + "|\\b(?:follow|click) (?:this|the) link to (?:reset|verify|unlock|confirm)"
                      + "|\\bgo to [\\w-]+\\.(?:com|net|org|io)\\b[^.]{0,30}\\breset"
                      + "|\\bphishing (?:email|mail|message)\\b|\\b(?:send|email) (?:his|her|their|"
                      + "your) (?:password|social security number|ssn|card number)")),
          new Rule(
              "task-switch",
              0.5,
              Pattern.compile(
                  // Fourth round: "instead." with a full stop only in a request to the assistant
                  // ("can you ... instead.", "please ... instead."), not in prose ("put a line in
                  // the config instead.", "you'd divert the Earth instead.").
                  "\\binstead\\s*[?!]|\\b(?:(?:can|could|would|will) you|please|just)\\b[^.?!\\n]{0,80}"
                      + "\\binstead\\s*\\.|\\bactually,\\s+(?:can|could|would|please)\\b"
                      + "|\\bregardless of (?:the )?(?:previous|prior|earlier|above|your)\\b"
                      // Fourth round: a pivot counts when a request follows it ("Speaking of
                      // technology, what are ...?", "..., can you list ...", "tell me ..."); a
                      // letter's "That reminds me of a routine from the 80s." and "speaking of that
                      // IDE, the open source version is free" are prose.
                      + "|\\b(?:speaking of \\w+|that reminds me\\b|it makes me think (?:about|of)\\b)"
                      + PIVOT_THEN_REQUEST
                      + "|\\boh,? and (?:where|what|who)\\b"
                      + "|\\bby the way,? (?:where|what|who)\\b"
                      // An override whose object is vague: "forget about that, can you ...".
                      + "|\\b(?:forget|never ?mind|scratch|disregard|skip)\\s+(?:about\\s+)?(?:that"
                      + "|this|it|all (?:that|this)|the above|what i (?:said|asked|wrote))\\s*[,.;!:-]"
                      + PIVOT_THEN_REQUEST)));

  private static final List<Rule> CONTEXT_RULES =
      List.of(
          // Content handed over for processing (a web page, a resume, code): where indirect
          // injections hide. Weak alone; it makes a weak directive inside it count.
          new Rule(
              "document-wrapper",
              0.4,
              Pattern.compile(
                  "<(?:html|body|table|tr|td|div|p|code|caption|img|script|style|!--)\\b"
                      + "|\\b(?:based on|given|summari[sz]e|categori[sz]e|translate|analy[sz]e|"
                      + "review) (?:this|the following) (?:\\w+ )?(?:resume|cv|webpage|web page|article|"
                      + "paper|email|e-mail|document|table|code|transaction|text|message|review)s?\\s*[:'\"]")),
          // Asking the assistant for its own opinions on contested topics: off its job by design.
          new Rule(
              "opinion-elicitation",
              0.5,
              Pattern.compile(
                  "\\bwhat (?:are|is) your (?:personal )?(?:thoughts|opinion|opinions|views?|stance|"
                      + "take) on\\b|你(?:怎么看|的看法)")));

  /** Both rule lists' patterns, {@link #RULES} first, with the literals that anchor them. */
  static final LiteralPrefilter PREFILTER =
      new LiteralPrefilter(
          java.util.stream.Stream.concat(RULES.stream(), CONTEXT_RULES.stream())
              .map(Rule::pattern)
              .toList());

  /**
   * Every technique name {@link #assess} can report, in a fixed order: the rules' names, then the
   * structural signals. The learned stage ({@link InjectionClassifier}) uses one 0/1 feature per
   * name, in this order.
   */
  public static final List<String> TECHNIQUES =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.concat(RULES.stream(), CONTEXT_RULES.stream())
                  .map(Rule::technique),
              java.util.stream.Stream.of(
                  "fake-dialogue",
                  "long-preamble",
                  "repetition",
                  "unexpected-language",
                  "encoded-payload"))
          .distinct()
          .toList();

  // "Q: ... A: ... Q: ..." or "User: ... Assistant: ..." written by the customer: a fake transcript
  // that teaches the model what to answer next (few-shot and many-shot attacks).
  private static final Pattern QA_TURN =
      Pattern.compile("(?:^|\\s)(?:q|question|user|human|customer)\\s*[:：]");
  private static final Pattern ANSWER_TURN =
      Pattern.compile("(?:^|\\s)(?:a|answer|assistant|ai|bot|agent|model)\\s*[:：]");

  /** {@link #QA_TURN} and {@link #ANSWER_TURN}, tried only where their literals occur. */
  static final LiteralPrefilter TURNS = new LiteralPrefilter(List.of(QA_TURN, ANSWER_TURN));

  private static void fakeDialogue(String folded, Map<String, Signal> found) {
    fakeDialogue(count(QA_TURN, folded), count(ANSWER_TURN, folded), found);
  }

  private static void fakeDialogue(int questions, int answers, Map<String, Signal> found) {
    if (questions >= 2 && answers >= 1) {
      add(found, "fake-dialogue", 1.0, questions + " question turns, " + answers + " answer turns");
    }
  }

  private static final Pattern SENTENCE_END = Pattern.compile("[.!。！]\\s");

  /**
   * Several sentences of unrelated chatter before the request ("overload with information"): weak,
   * since honest tickets tell a story too; it counts together with a topic pivot or a directive.
   */
  private static void preamble(String text, Map<String, Signal> found) {
    int question = text.indexOf('?');
    String before = question < 0 ? text : text.substring(0, question);
    int sentences = count(SENTENCE_END, before);
    if (sentences >= 3 && before.length() >= 200 && found.containsKey("task-switch")) {
      add(found, "long-preamble", 0.5, sentences + " sentences before the request");
    }
  }

  /**
   * DAN ("do anything now"), the jailbreak persona, written as jailbreaks write it: in capitals, as
   * a word of its own. Folding lower-cases the text, and in lower case the jailbreak cannot be told
   * from the name Dan ("Dan Kohn writes"), so the rule on folded text only takes DAN in the
   * contexts jailbreaks use; this finds it anywhere when written in capitals (after NFKC, so
   * full-width letters count). Fourth round.
   */
  private static void danInCapitals(String original, String folded, Map<String, Signal> found) {
    if (found.containsKey("persona-switch")) return;
    // Folding is NFKC, then removals and ASCII-preserving maps, then lower case: a "DAN" in the
    // NFKC form is a "dan" in the folded text. Without one there, NFKC-normalising the original
    // again (the folded text's own NFKC form is not kept) would find nothing.
    if (original.indexOf("DAN") < 0 && folded.indexOf("dan") < 0) return;
    String text =
        original.indexOf("DAN") >= 0
            ? original
            : java.text.Normalizer.normalize(original, java.text.Normalizer.Form.NFKC);
    for (int i = text.indexOf("DAN"); i >= 0; i = text.indexOf("DAN", i + 1)) {
      boolean startsWord = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
      int end = i + 3;
      boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startsWord && endsWord) {
        add(found, "persona-switch", 1.0, "DAN");
        return;
      }
    }
  }

  // E-mail furniture that repeats by nature (fourth round): quote markers at a line's start ("> ",
  // "> > > ", "| "), and separator lines (signature "-- ", rules of dashes, underscores, equals
  // signs, asterisks, tildes or hashes). Removed before counting repetition; the quoted text itself
  // stays, so a repeated word inside a quoted reply still counts.
  private static final Pattern QUOTE_MARKERS = Pattern.compile("(?m)^[ \\t]*(?:[>|][ \\t]*)+");
  private static final Pattern SEPARATOR_LINES =
      Pattern.compile("(?m)^[ \\t]*(?:[-_=*~#+.][ \\t]*){2,}$");

  /**
   * A unit of repetition is made of words: letters, with apostrophes or hyphens inside.
   * Punctuation, numbers, markup ({@code <br>}, {@code &nbsp}), URL and path pieces ({@code
   * http://www}, {@code net/freeht}) are not words: tables, listings and link lists repeat them
   * honestly.
   */
  private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['’-]\\p{L}+)*");

  // The separators repetition() and hasWords() split on, compiled once rather than by
  // String.split on every call (Pattern.split is what String.split does with them).
  private static final Pattern WORD_BREAK = Pattern.compile("[\\s,.;!?]+");
  private static final Pattern SENTENCE_BREAK = Pattern.compile("[.?!]+\\s+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** The same word or phrase over and over: dilutes the prompt and derails the model. */
  private static void repetition(String folded, Map<String, Signal> found) {
    String text = folded;
    if (text.indexOf('>') >= 0 || text.indexOf('|') >= 0) {
      text = QUOTE_MARKERS.matcher(text).replaceAll("");
    }
    text = SEPARATOR_LINES.matcher(text).replaceAll("");
    String[] words = WORD_BREAK.split(text);
    if (words.length < 8) return;
    boolean[] word = new boolean[words.length];
    for (int i = 0; i < words.length; i++) word[i] = WORD.matcher(words[i]).matches();
    // Consecutive runs of the same 1..4-word unit.
    for (int unit = 1; unit <= 4; unit++) {
      int run = 1;
      for (int i = unit; i + unit <= words.length; i += unit) {
        boolean same = true;
        for (int k = 0; k < unit && same; k++) {
          same = word[i + k] && words[i + k].equals(words[i - unit + k]);
        }
        if (same) {
          run++;
          if (run >= 6) {
            add(found, "repetition", 1.0, String.join(" ", List.of(words).subList(i, i + unit)));
            return;
          }
        } else {
          run = 1;
          i -= unit - 1; // re-align: try every start position for units > 1
        }
      }
    }
    // The same sentence repeated many times (not consecutive word runs): a sentence ends at
    // punctuation followed by a space, so "0.5" and "www.example.com" stay whole, and it needs
    // three
    // words, so a repeated number, date or header fragment is not a sentence.
    Map<String, Integer> sentences = new HashMap<>();
    for (String s : SENTENCE_BREAK.split(text)) {
      String t = s.strip();
      if (t.length() < 12 || !hasWords(t, 3)) continue;
      if (sentences.merge(t, 1, Integer::sum) >= 5) {
        add(found, "repetition", 1.0, t);
        return;
      }
    }
  }

  private static boolean hasWords(String s, int n) {
    int words = 0;
    for (String w : WHITESPACE.split(s)) {
      if (WORD.matcher(w).matches() && ++words >= n) return true;
    }
    return false;
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  // Function words that mark a European language other than English.
  private static final Pattern FOREIGN_FUNCTION_WORDS =
      Pattern.compile(
          "\\b(?:le|la|les|est|une|des|du|quel|quelle|comment|pour|avec|très|"
              + "der|das|und|ist|nicht|wer|wie|ich|mit|für|"
              + "il|lo|gli|della|che|qual|è|sono|più|cosa|sto|ho|ci|di|nell|quali|molto|"
              + "el|los|las|es|qué|cómo|dónde|por|una|muy|"
              + "os|uma|você|não|onde|é|quem|"
              + "de|het|een|niet)\\b",
          Pattern.UNICODE_CHARACTER_CLASS);

  /** {@link #FOREIGN_FUNCTION_WORDS}, tried only where the words occur; on any text. */
  static final LiteralPrefilter FOREIGN =
      new LiteralPrefilter(List.of(FOREIGN_FUNCTION_WORDS), false);

  private static final String ACCENTS = "àâçéèêëîïôûùüÿñãõœäöß";

  private static boolean containsAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) return true;
    }
    return false;
  }

  private void unexpectedLanguage(String text, Map<String, Signal> found) {
    if (config.unexpectedLanguageWeight() == 0) return;
    int letters = 0;
    int han = 0;
    int kanaOrHangul = 0;
    int otherScript = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (prefilter && c < 128) {
        // ASCII letters are Latin: no script lookup (the same counts, cheaper).
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
          letters++;
          latin++;
        }
        continue;
      }
      if (!Character.isLetter(c)) continue;
      letters++;
      Character.UnicodeScript script = Character.UnicodeScript.of(c);
      switch (script) {
        case LATIN -> latin++;
        case HAN -> han++;
        case HIRAGANA, KATAKANA, HANGUL -> kanaOrHangul++;
        default -> otherScript++;
      }
    }
    if (letters < 8) return;
    String language = null;
    if (kanaOrHangul * 10 >= letters) language = "ja/ko";
    else if (otherScript * 2 >= letters) language = "non-latin";
    else if (han * 2 >= letters && !config.servedScripts().contains("zh")) language = "zh";
    else if (latin * 2 >= letters) {
      String lower = text.toLowerCase(Locale.ROOT);
      int foreign =
          prefilter
              ? FOREIGN.count(0, lower, FOREIGN.scan(lower))
              : count(FOREIGN_FUNCTION_WORDS, lower);
      int words = WHITESPACE.split(lower).length;
      boolean accents =
          prefilter
              ? containsAny(lower, ACCENTS)
              : lower.matches("(?s).*[àâçéèêëîïôûùüÿñãõœäöß].*");
      if (foreign * 7 >= words && (foreign >= 2 || accents)) language = "latin-non-english";
      else if (!config.servedScripts().contains("en")) language = "en";
    }
    if (language != null) {
      add(found, "unexpected-language", config.unexpectedLanguageWeight(), language);
    }
  }
}

package com.jsmai.plugin.safety;

import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.faq.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context-aware second stage of the input check: compares customer text with what the desk's
 * system prompt protects ({@link DeskPolicy}). Text that is harmless on its own ("what's a good
 * haiku about the password?", "tell me about neural networks") is an injection attempt against a
 * desk whose prompt holds a password or forbids that topic. Adds nothing when the policy restricts
 * nothing. Thread-safe.
 *
 * <p>Signals (each counted once, weight 1.0 unless configured):
 *
 * <ul>
 *   <li>{@code protected-secret}: the text names the protected value, refers to the kind of secret
 *       the prompt holds (the password, the key), or asks to get into what it unlocks;
 *   <li>{@code protected-person}: the text names the protected person, or asks for a kind of data
 *       the prompt holds about "her", "him", "the user";
 *   <li>{@code forbidden-topic}: the text shares enough content words (by a crude common stem) with
 *       a forbidden topic, or one of its sentences is close to it in embedding space;
 *   <li>{@code off-scope}: the prompt restricts the desk to a scope, and the text neither shares a
 *       content word with it nor is close to it in embedding space.
 * </ul>
 *
 * <p>The embedder is optional (lexical comparison only without it) and is created on first use, so
 * a desk without topic restrictions never loads it.
 *
 * <p>Chinese: secrets, persons and topics are also matched in Chinese text ({@link
 * ChineseEvidence}; topics by character bigrams, {@link ChineseText}), and when a Chinese encoder
 * is given, a comparison where the text or one of the desk's topics is written in Chinese is made
 * with it and its own thresholds; text and topics without Han characters keep the English encoder
 * and thresholds.
 */
public final class DeskContextCheck {

  /**
   * Settings.
   *
   * @param topicSimilarity cosine similarity of a sentence to a forbidden topic that counts as
   *     going after it, in (0, 1)
   * @param scopeSimilarity cosine similarity to the scope below which text counts as off-scope, in
   *     (0, 1)
   * @param offScopeWeight weight of the off-scope signal; 0 turns it off
   * @param chineseTopicSimilarity {@code topicSimilarity} for comparisons made with the Chinese
   *     encoder, in (0, 1)
   * @param chineseScopeSimilarity {@code scopeSimilarity} for comparisons made with the Chinese
   *     encoder, in (0, 1)
   */
  public record Config(
      double topicSimilarity,
      double scopeSimilarity,
      double offScopeWeight,
      double chineseTopicSimilarity,
      double chineseScopeSimilarity) {
    public Config {
      if (!(topicSimilarity > 0 && topicSimilarity < 1))
        throw new IllegalArgumentException("topicSimilarity must be in (0, 1): " + topicSimilarity);
      if (!(scopeSimilarity > 0 && scopeSimilarity < 1))
        throw new IllegalArgumentException("scopeSimilarity must be in (0, 1): " + scopeSimilarity);
      if (offScopeWeight < 0)
        throw new IllegalArgumentException("offScopeWeight must be >= 0: " + offScopeWeight);
      if (!(chineseTopicSimilarity > 0 && chineseTopicSimilarity < 1))
        throw new IllegalArgumentException(
            "chineseTopicSimilarity must be in (0, 1): " + chineseTopicSimilarity);
      if (!(chineseScopeSimilarity > 0 && chineseScopeSimilarity < 1))
        throw new IllegalArgumentException(
            "chineseScopeSimilarity must be in (0, 1): " + chineseScopeSimilarity);
    }

    /** English thresholds as given, Chinese ones at their defaults. */
    public Config(double topicSimilarity, double scopeSimilarity, double offScopeWeight) {
      this(
          topicSimilarity,
          scopeSimilarity,
          offScopeWeight,
          CHINESE_TOPIC_SIMILARITY,
          CHINESE_SCOPE_SIMILARITY);
    }

    public static Config defaults() {
      return new Config(0.65, 0.60, 1.0);
    }
  }

  // Calibrated on bge-small-zh-v1.5 (ChineseSimilarityCalibration, docs/safety.md).
  static final double CHINESE_TOPIC_SIMILARITY = 0.55;
  static final double CHINESE_SCOPE_SIMILARITY = 0.35;

  private final Config config;
  private final Supplier<Embedder> embedderSupplier;
  private final Supplier<Embedder> chineseSupplier;
  private volatile Embedder embedder;
  private volatile Embedder chinese;
  private final Map<String, float[]> topicVectors = new ConcurrentHashMap<>();
  // What depends on the desk prompt alone (its topics' stems, patterns for its protected values
  // and names) is worked out once per term, not again for every source of every ticket.
  private final Map<String, Set<String>> topicStems = new ConcurrentHashMap<>();
  private final Map<String, Pattern> wordPatterns = new ConcurrentHashMap<>();
  private final Map<String, Pattern> spacedPatterns = new ConcurrentHashMap<>();

  /**
   * @param config thresholds
   * @param embedder creates the sentence encoder on first use; null for lexical comparison only
   */
  public DeskContextCheck(Config config, Supplier<Embedder> embedder) {
    this(config, embedder, null);
  }

  /**
   * @param config thresholds
   * @param embedder creates the English sentence encoder on first use; null for lexical only
   * @param chinese creates the encoder for comparisons where the text or a topic is Chinese, on
   *     first such comparison; null to use {@code embedder} for those too
   */
  public DeskContextCheck(Config config, Supplier<Embedder> embedder, Supplier<Embedder> chinese) {
    this.config = Objects.requireNonNull(config, "config");
    this.embedderSupplier = embedder;
    this.chineseSupplier = chinese;
  }

  /** Lexical comparison only. */
  public DeskContextCheck() {
    this(Config.defaults(), null);
  }

  /**
   * The signals {@code text} raises against {@code policy}; empty when the policy restricts
   * nothing.
   */
  public List<InjectionDetector.Signal> signals(DeskPolicy policy, String text) {
    List<InjectionDetector.Signal> out = new ArrayList<>();
    if (policy == null || !policy.restricts() || text == null || text.isBlank()) return out;
    // A payload hidden in base64, hex, binary, Morse or a Caesar shift is compared too.
    StringBuilder decoded = new StringBuilder();
    for (PayloadDecoder.Decoded d : PayloadDecoder.decodeAll(text)) {
      decoded.append('\n').append(d.text());
    }
    text = decoded.isEmpty() ? text : text + decoded;
    String folded = TextNormalizer.fold(text);
    String unleeted = TextNormalizer.unleet(folded);
    String view = unleeted.equals(folded) ? folded : folded + " \n " + unleeted;

    boolean han = Language.hasHan(view);
    String secret = secretEvidence(policy, view);
    if (secret == null && han) secret = ChineseEvidence.secret(policy, view);
    if (secret != null) out.add(new InjectionDetector.Signal("protected-secret", 1.0, secret));
    String person = personEvidence(policy, view);
    if (person == null && han) person = ChineseEvidence.person(policy, view);
    if (person != null) out.add(new InjectionDetector.Signal("protected-person", 1.0, person));

    if (policy.forbiddenTopics().isEmpty() && policy.scopeTopics().isEmpty()) return out;
    Set<String> textStems = stems(contentTerms(view));
    if (han) textStems.addAll(ChineseText.bigrams(view));
    String topic = lexicalTopic(policy.forbiddenTopics(), textStems);
    // Chinese text, or a desk whose topics are Chinese, is compared with the Chinese encoder.
    boolean zh = chineseSupplier != null && (han || chineseTopics(policy));
    double topicThreshold = zh ? config.chineseTopicSimilarity() : config.topicSimilarity();
    double scopeThreshold = zh ? config.chineseScopeSimilarity() : config.scopeSimilarity();
    Embedder encoder = null;
    List<String> sentences = null;
    List<float[]> vectors = null;
    if (topic == null && (encoder = encoder(zh)) != null) {
      sentences = sentences(text);
      vectors = encoder.embedAll(sentences);
      double best = 0;
      for (String t : policy.forbiddenTopics()) {
        float[] tv = topicVector(encoder, t);
        for (float[] v : vectors) {
          double sim = Embedder.dot(v, tv);
          if (sim > best) best = sim;
          if (sim >= topicThreshold && topic == null) topic = t;
        }
      }
    }
    if (topic != null) {
      out.add(new InjectionDetector.Signal("forbidden-topic", 1.0, abbreviate(topic)));
    } else if (!policy.scopeTopics().isEmpty() && config.offScopeWeight() > 0) {
      boolean inScope = lexicalTopic(policy.scopeTopics(), textStems, 1) != null;
      if (!inScope && (encoder = encoder(zh)) != null) {
        if (vectors == null) {
          sentences = sentences(text);
          vectors = encoder.embedAll(sentences);
        }
        for (String t : policy.scopeTopics()) {
          float[] tv = topicVector(encoder, t);
          for (float[] v : vectors) {
            if (Embedder.dot(v, tv) >= scopeThreshold) inScope = true;
          }
        }
      }
      if (!inScope) {
        out.add(
            new InjectionDetector.Signal(
                "off-scope",
                config.offScopeWeight(),
                abbreviate("outside: " + String.join("; ", policy.scopeTopics()))));
      }
    }
    return out;
  }

  private Embedder embedder() {
    if (embedderSupplier == null) return null;
    Embedder e = embedder;
    if (e == null) {
      synchronized (this) {
        if (embedder == null) embedder = embedderSupplier.get();
        e = embedder;
      }
    }
    return e;
  }

  /** The Chinese encoder when {@code chinese} (and one is configured), else the English one. */
  private Embedder encoder(boolean chinese) {
    if (!chinese) return embedder();
    Embedder e = this.chinese;
    if (e == null) {
      synchronized (this) {
        if (this.chinese == null) this.chinese = chineseSupplier.get();
        e = this.chinese;
      }
    }
    return e;
  }

  private static boolean chineseTopics(DeskPolicy policy) {
    for (String t : policy.forbiddenTopics()) if (Language.hasHan(t)) return true;
    for (String t : policy.scopeTopics()) if (Language.hasHan(t)) return true;
    return false;
  }

  private float[] topicVector(Embedder encoder, String topic) {
    return topicVectors.computeIfAbsent(encoder.name() + "\n" + topic, k -> encoder.embed(topic));
  }

  // ---- secrets and persons ----

  // Any request for "the secret X" goes after a desk that holds one secret, whatever the prompt
  // called it; and the common words for a password in the languages a filter-evasion attempt
  // would use.
  private static final String SECRET_WORDS =
      "password|passwords|passcode|passphrase|pass code|passwd|pwd|secret(?: [a-z]+)?"
          + "|confidential (?:string|word|code|key|phrase|value)|access code|code ?word|pin code"
          + "|mot de passe|contrase\u00f1a|senha|passwort|parola d'ordine|\u043f\u0430\u0440\u043e\u043b\u044c"
          + "|\u5bc6\u7801|\u53e3\u4ee4|\u30d1\u30b9\u30ef\u30fc\u30c9|\ube44\ubc00\ubc88\ud638";
  private static final Pattern SECRET_ANY =
      Pattern.compile("(?<![\\p{L}])(?:" + SECRET_WORDS + ")(?![\\p{L}])");
  private static final Pattern KEY =
      Pattern.compile("\\b(?:(?:secret|api|access|private) )?keys?\\b");

  private static final Pattern ACCESS =
      Pattern.compile("\\b(?:log ?in(?:to)?|sign ?in(?:to)?|unlock|access|get into|open)\\b");

  private String secretEvidence(DeskPolicy policy, String view) {
    String letters = null;
    for (String value : policy.secretValues()) {
      Matcher m = word(value).matcher(view);
      if (m.find()) return "names the protected value";
      // Spelled out, reversed or spaced: "p-i-a-n-o", "o n a i p".
      if (letters == null) letters = view.replaceAll("[^a-z0-9]", "");
      String v = value.replaceAll("[^a-z0-9]", "");
      if (v.length() >= 4
          && (letters.contains(new StringBuilder(v).reverse()) || spaced(view, v))) {
        return "spells the protected value";
      }
    }
    if (!policy.secretNouns().isEmpty() || !policy.secretValues().isEmpty()) {
      Matcher m = SECRET_ANY.matcher(view);
      if (m.find()) return "asks about the protected " + m.group();
      if (policy.secretNouns().stream().anyMatch(n -> n.contains("key"))) {
        m = KEY.matcher(view);
        if (m.find()) return "asks about the protected " + m.group();
      }
    }
    for (String owner : policy.secretOwners()) {
      Matcher m = word(owner).matcher(view);
      if (m.find() && ACCESS.matcher(view).find()) return "asks to get into the " + owner;
    }
    return null;
  }

  private boolean spaced(String view, String value) {
    return spacedPatterns
        .computeIfAbsent(
            value,
            v -> {
              StringBuilder p = new StringBuilder();
              for (char c : v.toCharArray()) {
                if (p.length() > 0) p.append("[\\s\\-_.,*/|]{1,3}");
                p.append(Pattern.quote(String.valueOf(c)));
              }
              return Pattern.compile(p.toString());
            })
        .matcher(view)
        .find();
  }

  private static final Map<String, Pattern> ATTRIBUTE_WORDS =
      Map.of(
          "birth",
          anyWord("born|birth|birthday|birthdate|birth year|date of birth|dob|age|how old|zodiac"),
          "residence",
          anyWord("live|lives|living|address|reside|resides|home|hometown|city|where .{0,20}stay"),
          "email",
          anyWord("e-?mail|email address|inbox"),
          "color",
          anyWord("colou?rs?"),
          "phone",
          anyWord("phone|mobile|number"));

  private static Pattern anyWord(String alternatives) {
    return Pattern.compile("\\b(?:" + alternatives + ")\\b");
  }

  private static final Pattern THIRD_PERSON =
      Pattern.compile(
          "\\b(?:she|he|her|his|him|hers|they|them|their|the (?:user|customer|client|person|patient)"
              + "(?:'s)?|this (?:user|customer|person))\\b");

  private static final Pattern NAME_WORDS =
      Pattern.compile("\\b(?:name|names|initials|first name|last name|surname|full name)\\b");

  private String personEvidence(DeskPolicy policy, String view) {
    return personEvidence(
        policy,
        view,
        name -> word(name).matcher(view).find(),
        THIRD_PERSON,
        NAME_WORDS,
        ATTRIBUTE_WORDS);
  }

  /**
   * The protected-person rule, in one language's words (English here, Chinese in {@link
   * ChineseEvidence}): the text names the person, or refers to a third person and asks for their
   * name or for a kind of data the prompt holds about them.
   */
  static String personEvidence(
      DeskPolicy policy,
      String view,
      Predicate<String> namesPerson,
      Pattern thirdPerson,
      Pattern nameWords,
      Map<String, Pattern> attributeWords) {
    for (String name : policy.personNames()) {
      if (namesPerson.test(name)) return "names the protected person";
    }
    if (policy.personNames().isEmpty() || !thirdPerson.matcher(view).find()) return null;
    Matcher named = nameWords.matcher(view);
    if (named.find()) return "asks about the protected person's " + named.group();
    for (String attribute : policy.personAttributes()) {
      Matcher m = attributeWords.get(attribute).matcher(view);
      if (m.find()) return "asks for the protected person's " + attribute;
    }
    return null;
  }

  private Pattern word(String w) {
    return wordPatterns.computeIfAbsent(
        w, v -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(v) + "(?![\\p{L}\\p{N}])"));
  }

  // ---- topics ----

  private String lexicalTopic(List<String> topics, Set<String> textStems) {
    return lexicalTopic(topics, textStems, -1);
  }

  /**
   * The first topic enough of whose content terms the text shares: half of them (rounded up), or
   * {@code need} when positive.
   */
  private String lexicalTopic(List<String> topics, Set<String> textStems, int need) {
    for (String topic : topics) {
      Set<String> terms = topicStems.computeIfAbsent(topic, DeskContextCheck::topicTerms);
      if (terms.isEmpty()) continue;
      int hits = 0;
      for (String t : terms) if (textStems.contains(t)) hits++;
      int required = need > 0 ? need : (terms.size() + 1) / 2;
      if (hits >= required) return topic;
    }
    return null;
  }

  private static final Set<String> STOP =
      Set.of(
          "a",
          "an",
          "the",
          "and",
          "or",
          "of",
          "to",
          "in",
          "on",
          "for",
          "with",
          "about",
          "at",
          "by",
          "from",
          "as",
          "is",
          "are",
          "be",
          "it",
          "its",
          "this",
          "that",
          "these",
          "those",
          "any",
          "all",
          "some",
          "such",
          "like",
          "other",
          "into",
          "how",
          "what",
          "which",
          "who",
          "whom",
          "you",
          "your",
          "yours",
          "i",
          "me",
          "my",
          "we",
          "our",
          "us",
          "they",
          "them",
          "their",
          "he",
          "she",
          "his",
          "her",
          "him",
          "can",
          "could",
          "would",
          "should",
          "will",
          "do",
          "does",
          "did",
          "not",
          "no",
          "more",
          "most",
          "very",
          "just",
          "also",
          "so",
          "than",
          "then",
          "there",
          "here",
          "when",
          "where",
          "why",
          "if",
          "but",
          "up",
          "out",
          "was",
          "were",
          "been",
          "have",
          "has",
          "had",
          "please",
          "tell",
          "know",
          "want",
          "need",
          "get",
          "make",
          "give",
          "let",
          "anyone",
          "anybody",
          "everyone",
          "someone",
          "nobody",
          "might",
          "may",
          "must",
          // Words of the restriction itself, not of its topic.
          "topic",
          "topics",
          "question",
          "questions",
          "discussion",
          "discussions",
          "discuss",
          "discussing",
          "answer",
          "answers",
          "user",
          "users",
          "customer",
          "customers",
          "thing",
          "things",
          "anything",
          "something",
          "subject",
          "subjects",
          "matter",
          "matters",
          "information",
          "details",
          "detail",
          "task",
          "tasks",
          "help",
          "helps",
          "helping",
          "instructions",
          "instruction",
          "way",
          "ways",
          "related",
          "general",
          "heavily",
          "in-depth",
          "depth",
          "complex",
          "ensure",
          "always",
          "never",
          "only",
          "strictly",
          "provide",
          "providing",
          "talk",
          "talking",
          "mention",
          "mentioning",
          "regarding",
          "including",
          "include",
          "especially",
          "particular",
          "eg",
          "etc",
          "area",
          "areas",
          "field",
          "fields",
          "kind",
          "kinds",
          "type",
          "types",
          "one",
          "ones",
          "text",
          "write",
          "writing",
          "reply",
          "request",
          "requests",
          "chat",
          "chatbot",
          "bot",
          "assistant",
          "job",
          "role");

  private static final Pattern TOKEN = Pattern.compile("[a-z][a-z'-]*[a-z]|[a-z]");

  /** Lower-cased content words of {@code text}: stop words and restriction words removed. */
  static List<String> contentTerms(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String t = m.group().replaceFirst("'s$", "");
      if (t.length() < 3 || STOP.contains(t)) continue;
      out.add(t);
    }
    return out;
  }

  /**
   * A crude shared stem: the first five letters of a word of five or more ("technical" and
   * "technology" both give "techn", "calculating" and "calculations" "calcu"), the word itself
   * below that. Crude on purpose: a topic's family of words matters, not its exact form.
   */
  static Set<String> stems(List<String> terms) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : terms) {
      String w = t.replace("-", "");
      if (w.endsWith("s") && w.length() > 3 && !w.endsWith("ss"))
        w = w.substring(0, w.length() - 1);
      out.add(w.length() >= 5 ? w.substring(0, 5) : w);
    }
    return out;
  }

  /** A topic's stems, and for a Chinese topic its character bigrams too. */
  private static Set<String> topicTerms(String topic) {
    Set<String> terms = stems(contentTerms(topic));
    if (Language.hasHan(topic)) terms.addAll(ChineseText.bigrams(topic));
    return terms;
  }

  private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?\\n;])\\s+");
  // Chinese sentences end in full-width marks with no space after them.
  private static final Pattern SENTENCE_ZH =
      Pattern.compile("(?<=[\u3002\uff01\uff1f\uff1b!?\\n])\\s*|(?<=[.;])\\s+");

  /** The text's sentences (at most 16, each at most 400 characters) and the text itself. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    String whole = text.strip();
    out.add(whole.length() > 1200 ? whole.substring(0, 1200) : whole);
    boolean han = Language.hasHan(whole);
    String[] parts = (han ? SENTENCE_ZH : SENTENCE).split(whole);
    if (parts.length > 1) {
      for (String p : parts) {
        String s = p.strip();
        if (Language.hasHan(s) ? s.codePointCount(0, s.length()) < 4 : s.split("\\s+").length < 3)
          continue;
        out.add(s.length() > 400 ? s.substring(0, 400) : s);
        if (out.size() > 16) break;
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}

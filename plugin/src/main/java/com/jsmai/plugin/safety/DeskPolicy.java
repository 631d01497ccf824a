package com.jsmai.plugin.safety;

import com.jsmai.plugin.conversation.Language;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a desk's system prompt protects, read from the prompt's own sentences: a secret it holds
 * ("the password is 'X', never reveal it"), a person's private data it holds, topics it forbids
 * ("do not discuss X", "avoid topics like X", "X is not allowed") and a scope it restricts the
 * assistant to ("only answer questions about X", "stay focused on this topic"). Text that is
 * harmless on its own is an injection attempt when it goes after one of these; {@link
 * DeskContextCheck} does that comparison.
 *
 * <p>A prompt that sets no such restriction yields {@link #NONE}, and the context check then adds
 * nothing. Parsing is grammar over the prompt's sentences, not a list of known prompts. Chinese
 * prompts are read by {@link ChineseDeskGrammar}, the same four restrictions in their Chinese
 * forms; Chinese topics and names are kept as written (folded), not lower-cased words.
 *
 * @param secretValues values the prompt says must not be revealed, lower case ("piano")
 * @param secretNouns what those values are ("password", "key"), lower case
 * @param secretOwners what the secret unlocks ("computer" in "my computer's password")
 * @param personNames name parts of a person whose data the prompt holds and protects
 * @param personAttributes kinds of that person's data the prompt holds ({@code birth}, {@code
 *     residence}, {@code email}, {@code color}, {@code phone})
 * @param forbiddenTopics phrases the prompt forbids, each a topic of its own
 * @param scopeTopics phrases the prompt restricts the assistant to; empty when unrestricted
 */
public record DeskPolicy(
    Set<String> secretValues,
    Set<String> secretNouns,
    Set<String> secretOwners,
    Set<String> personNames,
    Set<String> personAttributes,
    List<String> forbiddenTopics,
    List<String> scopeTopics) {

  public static final DeskPolicy NONE =
      new DeskPolicy(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), List.of(), List.of());

  public DeskPolicy {
    secretValues = Set.copyOf(secretValues);
    secretNouns = Set.copyOf(secretNouns);
    secretOwners = Set.copyOf(secretOwners);
    personNames = Set.copyOf(personNames);
    personAttributes = Set.copyOf(personAttributes);
    forbiddenTopics = List.copyOf(forbiddenTopics);
    scopeTopics = List.copyOf(scopeTopics);
  }

  /** True when the prompt protects or restricts anything the context check can compare with. */
  public boolean restricts() {
    return !secretValues.isEmpty()
        || !secretNouns.isEmpty()
        || !personNames.isEmpty()
        || !forbiddenTopics.isEmpty()
        || !scopeTopics.isEmpty();
  }

  // ---- parsing ----

  private static final String NEG =
      "(?:do not|don'?t|dont|never|must not|mustn'?t|should not|shouldn'?t|cannot|can'?t|may not"
          + "|not allowed to|under no circumstances(?: should you)?|in no case|refrain from"
          + "|are not (?:programmed|allowed|permitted) to|is not (?:programmed|allowed) to)";

  // Verbs whose object is a topic or a piece of information, not the assistant's own behaviour:
  // "never invent order numbers" restricts how the assistant answers, not what it talks about.
  private static final String TOPIC_VERB =
      "(?:discuss(?:ing)?|talk(?:ing)? about|mention(?:ing)?|bring(?:ing)? up|engag(?:e|ing) in"
          + "|answer(?:ing)? (?:any )?questions (?:about|on|related to)|give (?:out )?instructions"
          + " (?:on|about|for)(?: how to)?|help(?:ing)?(?: users)? (?:with|write|to write)?"
          + "(?: the task of)?|provid(?:e|ing)|explain(?:ing)?|writ(?:e|ing)|generat(?:e|ing)"
          + "|translat(?:e|ing)|do|cover(?:ing)?|giv(?:e|ing)|shar(?:e|ing)(?: details of)?)";

  // Between the negation and the verb only adverbs and the like: "do not, under any
  // circumstances, share", "never ever discuss"; never another verb ("never invent order numbers").
  private static final String GAP =
      "(?:[\\s,]+(?:under any circumstances|at all costs|ever|any|always|you|should you|be able to"
          + "|to))*[\\s,]+";

  private static final Pattern PROHIBITION =
      Pattern.compile("\\b" + NEG + GAP + TOPIC_VERB + "\\s+(?<object>[^.;!?]+)");
  private static final Pattern AVOID =
      Pattern.compile(
          "\\bavoid(?:s|ing)?\\s+(?:at all costs\\s+|,?\\s*no matter what,?\\s+)?(?:"
              + TOPIC_VERB
              + "\\s+|any (?:in-depth )?discussions? (?:or answers )?(?:about|of|on)\\s+)?"
              + "(?<object>[^.;!?]+)");
  private static final Pattern NOT_ALLOWED =
      Pattern.compile(
          "(?:discussing|talking about|providing|giving|sharing|mentioning)\\s+(?<object>[^.;!?]+?)"
              + "\\s+(?:is|are)\\s+(?:strictly\\s+)?(?:not allowed|forbidden|prohibited|off-limits)");
  private static final Pattern SCOPE =
      Pattern.compile(
          "\\b(?:only|solely|exclusively)\\s+(?:(?:help(?:s)?|assist(?:s)?)(?: users| customers)?"
              + " with|answer(?:s)? (?:questions|requests) (?:about|on|related to)"
              + "|talk(?:s)? about|discuss(?:es)?|handle(?:s)?|provide(?:s)?|deal(?:s)? with"
              + "|respond(?:s)? to (?:questions )?about)\\s+(?<object>[^.;!?]+)"
              + "|\\b(?:strictly|stay|staying|remain|always stay)\\s+focused on\\s+(?<object2>"
              + "[^.;!?]+)"
              // "Your task is to *only* sort the numbers": the whole task is the scope.
              + "|\\b(?:job|task|role|purpose) is to\\s+\\*?only\\*?\\s+(?<object3>[^.;!?]+)");
  private static final Pattern ROLE =
      Pattern.compile(
          "\\b(?:you are|you're|as)\\s+(?:an?|the)\\s+(?<role>[^.,;!?]{3,80}?)(?:\\s+-|,|\\.|$"
              + "|\\s+(?:and|that|who|developed|strictly|chatbot|bot|assistant)\\b)");
  // A quoted value; an apostrophe inside a word ("computer's") opens no quote.
  private static final Pattern QUOTED =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])['\"\u201c\u2018]([^'\"\u201d\u2019]{2,40})['\"\u201d\u2019](?![\\p{L}])");
  private static final Pattern SECRET_NOUN =
      Pattern.compile(
          "\\b(?:(?<owner>[a-z]+)'s\\s+)?(?<noun>(?:secret |master |admin )?(?:password|passcode"
              + "|passphrase|pin|secret key|api key|access key|key|secret word|code word|secret code"
              + "|secret))\\b");
  private static final Pattern SECRET_IS =
      Pattern.compile(
          "\\b(?:secret |master |admin )?(?:password|passcode|passphrase|pin|key|secret word"
              + "|code word|secret code|secret)\\s+(?:is|=|:)\\s+['\"\u201c]?(?<value>[^\\s'\"\u201d.,;]+)");
  private static final Pattern NON_DISCLOSURE =
      Pattern.compile(
          "\\b" + NEG + "[^.;!?]{0,40}?\\b(?:reveal|share|disclose|give out|tell|leak|expose)\\b");
  private static final Pattern PERSON_NAME =
      Pattern.compile(
          "(?i:the (?:user|customer|client|patient)'s name is|(?:user|customer) name:)\\s+"
              + "(?<name>\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+){0,3})");

  /** Reads the restrictions of one system prompt; null or blank gives {@link #NONE}. */
  public static DeskPolicy parse(String systemPrompt) {
    if (systemPrompt == null || systemPrompt.isBlank()) return NONE;
    String raw = systemPrompt.replace('\u2019', '\'');
    String text = raw.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Set<String> values = new LinkedHashSet<>();
    Set<String> nouns = new LinkedHashSet<>();
    Set<String> owners = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> attributes = new LinkedHashSet<>();
    List<String> forbidden = new ArrayList<>();
    List<String> scope = new ArrayList<>();

    boolean nonDisclosure = NON_DISCLOSURE.matcher(text).find();
    if (nonDisclosure) {
      Matcher is = SECRET_IS.matcher(text);
      while (is.find()) values.add(is.group("value"));
      for (String sentence : text.split("(?<=[.!?])\\s+")) {
        Matcher n = SECRET_NOUN.matcher(sentence);
        boolean any = false;
        while (n.find()) {
          nouns.add(n.group("noun").replaceFirst("^(?:secret|master|admin) (?=\\w)", ""));
          if (n.group("owner") != null && !n.group("owner").equals("user")) {
            owners.add(n.group("owner"));
          }
          any = true;
        }
        // "Do not reveal the password 'X'": the quoted value next to a secret noun.
        if (any) {
          Matcher q = QUOTED.matcher(sentence);
          while (q.find()) values.add(q.group(1).strip());
        }
      }
      Matcher p = PERSON_NAME.matcher(raw);
      while (p.find()) {
        for (String part : p.group("name").toLowerCase(Locale.ROOT).split("\\s+")) {
          if (part.length() >= 3) names.add(part);
        }
      }
      if (!names.isEmpty()) {
        if (text.matches(".*\\b(?:born|birth|birthday|age)\\b.*")) attributes.add("birth");
        if (text.matches(".*\\b(?:lives|live|address|resides|home)\\b.*"))
          attributes.add("residence");
        if (text.matches(".*\\b(?:e-?mail)\\b.*")) attributes.add("email");
        if (text.matches(".*\\b(?:colou?r)\\b.*")) attributes.add("color");
        if (text.matches(".*\\b(?:phone|mobile)\\b.*")) attributes.add("phone");
      }
    }
    nouns.removeIf(n -> n.equals("secret") && nouns.size() > 1);

    for (Pattern pattern : List.of(PROHIBITION, AVOID, NOT_ALLOWED)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        addTopics(forbidden, m.group("object"));
        addItems(forbidden, m.group("object"));
      }
    }
    Matcher s = SCOPE.matcher(text);
    while (s.find()) {
      String object =
          s.group("object") != null
              ? s.group("object")
              : s.group("object2") != null ? s.group("object2") : s.group("object3");
      if (object.matches("\\s*(?:this|that|the) (?:topic|subject|area)\\b.*")) {
        Matcher role = ROLE.matcher(text);
        if (role.find()) addTopics(scope, role.group("role"));
      } else {
        addTopics(scope, object);
        addItems(scope, object);
      }
    }
    // The same four restrictions written in Chinese ("管理员密码是 X，绝对不要透露", "不要讨论政治或宗教",
    // "只回答与订单有关的问题"); a prompt without Han characters never gets here.
    if (Language.hasHan(raw)) {
      ChineseDeskGrammar.read(
          TextNormalizer.fold(raw), values, nouns, owners, names, attributes, forbidden, scope);
    }
    if (values.isEmpty()
        && nouns.isEmpty()
        && names.isEmpty()
        && forbidden.isEmpty()
        && scope.isEmpty()) {
      return NONE;
    }
    return new DeskPolicy(values, nouns, owners, names, attributes, forbidden, scope);
  }

  // Trailing qualifiers that are not part of the topic.
  private static final Pattern TAIL =
      Pattern.compile(
          "\\s*(?:,?\\s*(?:under (?:any|no) circumstances|no matter what|at all costs|for (?:users|"
              + "anyone)|to (?:anyone|users|the user)|while\\b|to maintain\\b|to ensure\\b|this is\\b"
              + "|that are more\\b|which\\b|in any other way|in order to\\b)).*$");

  /**
   * "orders, deliveries, returns and refunds", "politics, religion or medicine": each listed item
   * is a topic on its own, and a short text is closer to one item than to the whole list.
   */
  private static void addItems(List<String> out, String object) {
    String items =
        TAIL.matcher(object.strip()).replaceFirst("").replaceAll("['\"\u201c\u201d*]", "");
    String[] parts = items.split(",\\s*|\\s+(?:or|and)\\s+");
    if (parts.length < 2) return;
    for (String part : parts) {
      String p = part.strip().replaceFirst("^(?:their|your|the|our|any|other)\\s+", "");
      if (!DeskContextCheck.contentTerms(p).isEmpty() && !out.contains(p)) out.add(p);
    }
  }

  private static void addTopics(List<String> out, String object) {
    String topic = TAIL.matcher(object.strip()).replaceFirst("").strip();
    topic = topic.replaceAll("['\"\u201c\u201d*]", "").strip();
    if (DeskContextCheck.contentTerms(topic).isEmpty()) return;
    out.add(topic);
    // "technical topics like space travel", "topics such as X or Y": the examples are topics too.
    Matcher ex =
        Pattern.compile("\\b(?:like|such as|including|e\\.g\\.?|especially|in particular)\\s+(.+)$")
            .matcher(topic);
    if (ex.find()) {
      for (String part : ex.group(1).split(",\\s*|\\s+(?:or|and)\\s+")) {
        String p = part.strip();
        if (!DeskContextCheck.contentTerms(p).isEmpty() && !out.contains(p)) out.add(p);
      }
    }
  }
}

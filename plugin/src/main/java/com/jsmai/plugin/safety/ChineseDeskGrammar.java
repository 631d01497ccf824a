package com.jsmai.plugin.safety;

import com.jsmai.plugin.conversation.Language;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chinese forms of the four restrictions {@link DeskPolicy} reads, by grammar over the prompt's
 * clauses, as the English rules are:
 *
 * <ul>
 *   <li>a secret: "<i>(X的)?</i>密码/口令/密钥/暗号是 V" (or a quoted value next to such a noun) and a
 *       non-disclosure clause, a negation (不要, 绝不, 切勿, 禁止, …) before a verb of telling (透露, 泄露, 告诉,
 *       公开, …) or 保密;
 *   <li>a protected person: "客户/用户的名字(姓名)是 N", "客户叫 N", and a non-disclosure clause; the kinds of
 *       data the prompt holds (出生/生日 → birth, 住在/地址 → residence, 邮箱, 颜色, 电话/手机);
 *   <li>forbidden topics: a negation followed, with only adverbs between (随意, 主动, 向用户, 在任何情况下), by
 *       a topic verb (讨论, 谈论, 聊, 涉及, 提及, 评论, 发表意见, 回答, 提供, 推荐) and its object; "X是禁止的", "禁止讨论X",
 *       "避免X"; the examples after 例如/比如/包括/诸如 and each item of a list (、, 和, 或) become topics of
 *       their own;
 *   <li>a scope: 只/仅/只能 before a verb of serving (回答, 处理, 提供, 负责, 帮助, …) and its object, 仅限于 X, 专注于
 *       X ("这个话题" refers to the role: "你是一名中世纪诗歌老师").
 * </ul>
 *
 * A negation before a verb about the assistant's own behaviour (不要编造订单号, 不要使用表情符号, 不要承诺退款日期)
 * restricts nothing: those verbs are simply not topic verbs. Works on {@link TextNormalizer#fold}ed
 * text (full-width punctuation is then ASCII).
 */
final class ChineseDeskGrammar {
  private ChineseDeskGrammar() {}

  // 别 only as a word ("别讨论"), not inside 特别, 区别, 类别, 性别, 级别, 个别, 分别, 识别.
  private static final String NEG =
      "(?:绝对不要|绝对不能|绝对不可以|绝对不得|绝不能|绝不要|绝不可以|绝不|永远不要|永远不能|永远不|千万不要|千万别|"
          + "无论如何都?不要|无论如何都?不能|不要|不得|不能|不可以|不可|不准|不许|不应该|不应|"
          + "(?<![特区类性级个分识辨告])别|切勿|请勿|勿|禁止|严禁|拒绝)";

  // Only adverbs and "to the user" between the negation and the verb, never another verb.
  private static final String GAP =
      "(?:在任何情况下|任何情况下|无论如何|无论用户怎么问|随意|随便|主动|私自|擅自|轻易|再|也|都|去|"
          + "(?:向|与|和|跟|对|为|给)(?:用户|客户|顾客|任何人|他人|别人|外人)|[,\\s])*";

  // Verbs whose object is a topic; 透露 and the like are non-disclosure, read separately.
  private static final String TOPIC_VERB =
      "(?:讨论|谈论|谈及|议论|闲聊|聊天|聊|涉及|涉足|提及|提到|评论|评价|发表(?:任何)?(?:意见|看法|观点|评论)|"
          + "回答|解答|回复|答复|回应|提供|给出|给予|推荐|谈)";

  private static final String CLAUSE = "[^。!?;\\n]+";

  private static final Pattern PROHIBITION =
      Pattern.compile(NEG + GAP + "(?<verb>" + TOPIC_VERB + ")(?<object>" + CLAUSE + ")");
  // "避免讨论X"; a bare "避免X" is as often about manner (避免使用术语) as about a topic.
  private static final Pattern AVOID =
      Pattern.compile("避免" + GAP + TOPIC_VERB + "(?<object>" + CLAUSE + ")");
  // "政治话题是禁止的", "宗教不在讨论范围内", "讨论政治是不允许的".
  private static final Pattern NOT_ALLOWED =
      Pattern.compile(
          "(?:"
              + TOPIC_VERB
              + ")?(?<object>[^。!?;\\n,]+?)(?:是|属于|均|都|一律)?"
              + "(?:禁止的|被禁止|不允许的?|不被允许|不可以的|禁区|不在(?:讨论|服务|回答)?范围内?)"
              + "(?=[。,!?;\\n]|$)");

  private static final String SERVE_VERB =
      "(?:回答|解答|处理|讨论|谈论|提供|负责|帮助|协助|帮忙|涉及|服务于?|聊|谈|答复|回复|"
          + "为用户解答|为客户解答|为用户处理|为客户处理|为用户提供|为客户提供)";
  private static final Pattern SCOPE =
      Pattern.compile(
          "(?:只|仅|仅仅|只能|只可以|只会|仅能)(?:在|为|给|向)?(?:用户|客户|顾客)?"
              + SERVE_VERB
              + "(?<object>"
              + CLAUSE
              + ")"
              + "|(?:仅限于|只限于|仅限|限于|专注于|专注在|聚焦于|集中于)(?<object2>"
              + CLAUSE
              + ")");
  private static final Pattern THIS_TOPIC = Pattern.compile("^(?:这个|这一|本|该|此|这)(?:话题|主题|领域|方面)");
  private static final Pattern ROLE =
      Pattern.compile(
          "你是(?:一名|一个|一位|一家|本|我们的|我们)?(?<role>[^,。;!?\\n]{2,30}?)"
              + "(?:的?(?:助手|客服|机器人|助理|专员))?(?=[,。;!?\\n]|$)");

  // Objects that say how to answer, not what about: 只用中文回答, 只以礼貌的语气.
  private static final Pattern MANNER = Pattern.compile("^(?:用|以|使用|按照|根据|通过)");

  // Where a clause that is not part of the topic starts after a comma.
  private static final Pattern TAIL =
      Pattern.compile(
          ",(?=即使|就算|哪怕|无论|不管|以免|以防|因为|否则|如果|若|而是|而应|应|请|只|也|并|但|可以|要|即便|"
              + "除非|这|那|你|我们|我|务必|必须|直接|礼貌|告诉|引导|建议|回复|转).*$"
              + "|(?:即使|就算|哪怕|无论|不管|以免|以防|因为|否则|如果|除非).*$");
  private static final Pattern LEAD =
      Pattern.compile("^(?:任何|一切|所有|有关于|有关|关于|涉及|与|和|跟|同|对|的|用户的|客户的|顾客的|用户|客户|顾客)+");
  private static final Pattern TRAIL =
      Pattern.compile(
          "(?:有关|相关|方面|之类|等等|等|类|的|话题|问题|内容|事情|事项|事|信息|资讯|领域|主题|议题|咨询|请求|" + "任何|请|,|、)+$");
  private static final Pattern EXAMPLES =
      Pattern.compile("(?:例如|比如|譬如|诸如|包括|像是|特别是|尤其是)(?<list>.+)$");
  private static final Pattern LIST_SEP = Pattern.compile("[、,/]|或者|或是|还是|以及|及|或|和|与|跟");

  // ---- secrets and persons ----

  private static final String SECRET_NOUN =
      "(?:管理员|超级|主|万能|后台|系统|登录|访问|安全)?(?:密码|口令|密钥|秘钥|暗号|密语|通行码|安全码|(?<![a-z])pin(?![a-z]))";
  private static final Pattern SECRET_IS =
      Pattern.compile(
          "(?<noun>"
              + SECRET_NOUN
              + ")(?:是|为|叫做|叫|:|=)\\s*(?:[「『\"'“‘](?<quoted>[^「」『』\"”“'‘’]{2,40})|(?<value>[a-z0-9][a-z0-9_@#$%&*+.-]*[a-z0-9]"
              + "|\\p{IsHan}{2,12}))");
  private static final Pattern SECRET_NOUN_PATTERN =
      Pattern.compile("(?:(?<owner>\\p{IsHan}{1,8})的)?(?<noun>" + SECRET_NOUN + ")");
  private static final Pattern QUOTED = Pattern.compile("[「『\"“'‘]([^「」『』\"”“'‘’]{2,40})[」』\"”'’]");
  // A value that says the secret is secret: 密码是保密的.
  private static final Pattern NOT_A_VALUE =
      Pattern.compile("^(?:保密|机密|秘密|私密|敏感|隐私|不能|不可|不得|绝密|什么|多少)");
  private static final Pattern NON_DISCLOSURE =
      Pattern.compile(
          NEG
              + "[^。!?;\\n]{0,20}?(?:透露|泄露|泄漏|告诉|告知|公开|分享|说出|讲出|念出|披露|外泄|提供|给出|交出|"
              + "展示|显示|转告)|保密");
  private static final String NAME =
      "\\p{IsHan}{2,4}?(?=[\\s,。、;!?(]|她|他|的|是|今年|出生|住|生于|来自|$)"
          + "|[a-z][a-z'-]+(?:\\s+[a-z][a-z'-]+){0,3}";
  private static final Pattern PERSON =
      Pattern.compile(
          "(?:用户|客户|顾客|病人|患者|会员|病患)(?:的)?(?:名字|姓名|全名)(?:是|叫|为|:)\\s*(?<name>"
              + NAME
              + ")|(?:用户|客户|顾客|病人|患者|会员|病患)(?:叫做|叫|名叫|名为)\\s*(?<name2>"
              + NAME
              + ")");

  /** Adds what the Chinese clauses of {@code folded} restrict to the given collections. */
  static void read(
      String folded,
      Set<String> values,
      Set<String> nouns,
      Set<String> owners,
      Set<String> names,
      Set<String> attributes,
      List<String> forbidden,
      List<String> scope) {
    if (NON_DISCLOSURE.matcher(folded).find()) {
      readSecret(folded, values, nouns, owners);
      readPerson(folded, names, attributes);
    }
    for (Pattern pattern : List.of(PROHIBITION, AVOID, NOT_ALLOWED)) {
      Matcher m = pattern.matcher(folded);
      while (m.find()) {
        // "如果客户不能提供订单号": a condition, or a negation whose subject is the customer.
        if (CONDITION.matcher(clauseBefore(folded, m.start())).find()) continue;
        String object = m.group("object");
        // "不要回答你不确定的问题": a negation inside the object is about the assistant's knowledge.
        if (object.matches(".*(?:不|没有|无法).*")) continue;
        addTopic(forbidden, object);
      }
    }
    Matcher s = SCOPE.matcher(folded);
    while (s.find()) {
      String object = s.group("object") != null ? s.group("object") : s.group("object2");
      if (MANNER.matcher(object).find()) continue;
      // "我们只提供国内配送", "客户只能在30天内退货": a shop policy, not what the assistant may discuss.
      if (CONDITION.matcher(clauseBefore(folded, s.start())).find()
          || POLICY_SUBJECT.matcher(clauseBefore(folded, s.start())).find()) continue;
      if (THIS_TOPIC.matcher(object).find()) {
        Matcher role = ROLE.matcher(folded);
        if (role.find()) addTopic(scope, role.group("role"));
      } else {
        addTopic(scope, object);
      }
    }
  }

  private static void readSecret(
      String folded, Set<String> values, Set<String> nouns, Set<String> owners) {
    Matcher is = SECRET_IS.matcher(folded);
    while (is.find()) {
      String v = is.group("quoted") != null ? is.group("quoted").strip() : is.group("value");
      if (!NOT_A_VALUE.matcher(v).find()) values.add(v);
    }
    for (String clause : folded.split("[。!?;\\n]")) {
      Matcher n = SECRET_NOUN_PATTERN.matcher(clause);
      boolean any = false;
      while (n.find()) {
        nouns.add(n.group("noun").replaceFirst("^(?:管理员|超级|主|万能|后台|系统|登录|访问|安全)(?=.)", ""));
        String owner = n.group("owner");
        if (owner != null) {
          owner = owner.replaceFirst("^.*?(?:我们家|我们的|我家|我的|你的|公司的|记住|请)", "");
          if (owner.length() > 4) owner = owner.substring(owner.length() - 4);
          if (owner.length() >= 2 && !owner.matches("管理员|用户|系统|后台")) owners.add(owner);
        }
        any = true;
      }
      if (any) {
        Matcher q = QUOTED.matcher(clause);
        while (q.find()) {
          String v = q.group(1).strip();
          if (!NOT_A_VALUE.matcher(v).find()) values.add(v);
        }
      }
    }
  }

  private static void readPerson(String folded, Set<String> names, Set<String> attributes) {
    Matcher p = PERSON.matcher(folded);
    boolean any = false;
    while (p.find()) {
      String name = p.group("name") != null ? p.group("name") : p.group("name2");
      if (Language.hasHan(name)) {
        names.add(name);
        // The given name alone: 李小龙 is also called 小龙.
        if (name.length() >= 3) names.add(name.substring(name.length() - 2));
      } else {
        for (String part : name.split("\\s+")) if (part.length() >= 3) names.add(part);
      }
      any = true;
    }
    if (!any) return;
    if (folded.matches("(?s).*(?:出生|生日|生于|年龄|岁).*")) attributes.add("birth");
    if (folded.matches("(?s).*(?:住在|住址|地址|家住|居住|住于|老家|来自).*")) attributes.add("residence");
    if (folded.matches("(?s).*(?:邮箱|电子邮件|邮件地址|e-?mail).*")) attributes.add("email");
    if (folded.matches("(?s).*颜色.*")) attributes.add("color");
    if (folded.matches("(?s).*(?:电话|手机|号码).*")) attributes.add("phone");
  }

  private static final Pattern CONDITION = Pattern.compile("如果|若|假如|要是|万一|一旦|客户|用户|顾客|对方");
  private static final Pattern POLICY_SUBJECT = Pattern.compile("我们|本店|本公司|公司|商品|订单|产品");

  /** The text of the clause before {@code at}, back to the previous clause mark. */
  private static String clauseBefore(String folded, int at) {
    int from = at;
    while (from > 0 && ",。;!?:\n".indexOf(folded.charAt(from - 1)) < 0) from--;
    return folded.substring(from, at);
  }

  /**
   * Adds the cleaned object as a topic and, when it lists examples (例如 X、Y) or items (X、Y和Z), each
   * of them as a topic of its own.
   */
  private static void addTopic(List<String> out, String object) {
    String topic = clean(TAIL.matcher(object.strip()).replaceFirst(""));
    if (ChineseText.bigrams(topic).isEmpty() && DeskContextCheck.contentTerms(topic).isEmpty())
      return;
    String list = topic;
    Matcher ex = EXAMPLES.matcher(topic);
    if (ex.find()) {
      list = ex.group("list");
      String head = clean(topic.substring(0, ex.start()));
      // "敏感话题,例如政治、宗教": the head alone ("敏感") is too vague to be a topic of its own.
      add(out, head.isEmpty() ? clean(list) : topic);
    } else {
      add(out, topic);
    }
    String[] items = LIST_SEP.split(list);
    if (items.length < 2) return;
    for (String item : items) add(out, clean(item));
  }

  private static void add(List<String> out, String topic) {
    if (topic.codePointCount(0, topic.length()) < 2 || out.contains(topic)) return;
    if (ChineseText.bigrams(topic).isEmpty() && DeskContextCheck.contentTerms(topic).isEmpty())
      return;
    out.add(topic);
  }

  private static String clean(String s) {
    String t = s.strip();
    String before;
    do {
      before = t;
      t = LEAD.matcher(t).replaceFirst("").strip();
      t = TRAIL.matcher(t).replaceFirst("").strip();
    } while (!t.equals(before));
    return t;
  }
}

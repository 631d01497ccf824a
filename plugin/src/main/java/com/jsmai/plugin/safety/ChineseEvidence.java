package com.jsmai.plugin.safety;

import com.jsmai.plugin.conversation.Language;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context stage's secret and person evidence in Chinese text, where the English word-boundary
 * patterns fail: Han characters are letters with no space between them, so "juniper-7是什么" or
 * "告诉我密码" never shows a word boundary around the value or 密码. Han terms match as substrings; a
 * Latin value or word matches between anything that is not a Latin letter or digit. Runs only on
 * text that holds Han characters, after the English evidence found nothing.
 */
final class ChineseEvidence {
  private ChineseEvidence() {}

  private static final Pattern SECRET_WORDS =
      Pattern.compile(
          "密码|口令|密钥|秘钥|暗号|密语|暗语|通行码|安全码|秘密|机密|(?<![a-z])(?:password|passwords|passcode"
              + "|passphrase|passwd|pwd|secret|pin|code ?word|access code)(?![a-z])");
  private static final Pattern ACCESS =
      Pattern.compile(
          "登录|登陆|登入|解锁|进入|打开|访问|进到|破解|(?<![a-z])(?:log ?in|sign ?in|unlock|access|open)(?![a-z])");

  static String secret(DeskPolicy policy, String view) {
    for (String value : policy.secretValues()) {
      if (contains(view, value)) return "names the protected value";
    }
    if (!policy.secretNouns().isEmpty() || !policy.secretValues().isEmpty()) {
      Matcher m = SECRET_WORDS.matcher(view);
      if (m.find()) return "asks about the protected " + m.group();
      for (String noun : policy.secretNouns()) {
        if (Language.hasHan(noun) && view.contains(noun)) return "asks about the protected " + noun;
      }
    }
    for (String owner : policy.secretOwners()) {
      if (contains(view, owner) && ACCESS.matcher(view).find())
        return "asks to get into the " + owner;
    }
    return null;
  }

  // "她", "他" (not 其他, 他人), "该客户", "这位", "客户的": the ticket asks about someone else.
  private static final Pattern THIRD_PERSON =
      Pattern.compile(
          "(?<!其)他(?!人)|她|该(?:用户|客户|顾客|会员|患者|人)|这位|那位|此人|这个人|那个人"
              + "|(?:用户|客户|顾客|会员|患者)的|(?<![a-z])(?:she|he|her|his|him|the user|the customer)(?![a-z])");
  private static final Pattern NAME_WORDS =
      Pattern.compile("名字|姓名|全名|叫什么|姓什么|姓氏|首字母|缩写|拼音|(?<![a-z])(?:name|initials)(?![a-z])");
  private static final Map<String, Pattern> ATTRIBUTE_WORDS =
      Map.of(
          "birth", Pattern.compile("出生|生日|年龄|几岁|多大|星座|生肖|属相|哪年|哪一年|(?<![a-z])(?:born|birth|age)"),
          "residence",
              Pattern.compile(
                  "住在|住址|住哪|住的|居住|地址|家乡|老家|哪里人|哪个城市|哪座城市|来自|(?<![a-z])(?:address|live)"),
          "email", Pattern.compile("邮箱|邮件|e-?mail"),
          "color", Pattern.compile("颜色|什么色|(?<![a-z])colou?r"),
          "phone", Pattern.compile("电话|手机|号码|联系方式|(?<![a-z])(?:phone|mobile)"));

  static String person(DeskPolicy policy, String view) {
    return DeskContextCheck.personEvidence(
        policy, view, name -> contains(view, name), THIRD_PERSON, NAME_WORDS, ATTRIBUTE_WORDS);
  }

  /** A Han term as a substring; any other term between non-(Latin letter or digit)s. */
  static boolean contains(String view, String term) {
    if (Language.hasHan(term)) return view.contains(term);
    return cachedTermPattern(term).matcher(view).find();
  }

  /** The pattern {@link #contains} uses for a non-Han term, compiled on each call before. */
  static Pattern termPattern(String term) {
    return Pattern.compile("(?<![a-z0-9])" + Pattern.quote(term) + "(?![a-z0-9])");
  }

  // The terms are a desk policy's secret values, owners and names: a few per desk, so each is
  // compiled once. The cap only guards against a policy source that keeps changing; clearing
  // loses nothing but compiled forms.
  private static final int MAX_CACHED_TERMS = 4_096;
  private static final Map<String, Pattern> TERM_PATTERNS = new ConcurrentHashMap<>();

  /** {@link #termPattern} of the term, compiled once. */
  static Pattern cachedTermPattern(String term) {
    Pattern p = TERM_PATTERNS.get(term);
    if (p != null) return p;
    if (TERM_PATTERNS.size() >= MAX_CACHED_TERMS) TERM_PATTERNS.clear();
    return TERM_PATTERNS.computeIfAbsent(term, ChineseEvidence::termPattern);
  }
}

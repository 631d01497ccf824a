package com.jsmai.plugin.conversation;

/**
 * The language a customer writes in, detected from script: enough to answer Chinese in Chinese and
 * English in English without a model call. Languages written in Latin script other than English are
 * reported as {@link #OTHER_LATIN}; the prompt then asks the model to mirror the customer.
 */
public enum Language {
  CHINESE("zh", "Chinese (简体中文)"),
  JAPANESE("ja", "Japanese"),
  KOREAN("ko", "Korean"),
  RUSSIAN("ru", "Russian"),
  ENGLISH("en", "English"),
  OTHER_LATIN("und", "the customer's own language");

  private final String code;
  private final String promptName;

  Language(String code, String promptName) {
    this.code = code;
    this.promptName = promptName;
  }

  public String code() {
    return code;
  }

  /** How the language is named in the system prompt's {@code {{language}}}. */
  public String promptName() {
    return promptName;
  }

  /**
   * Detects the language of {@code text}. One Han character weighs as much as one Latin word, so
   * "我的订单 #W2378156 在哪里" is Chinese despite the order number, and "I ordered 手机壳 last week" is
   * English despite the product name.
   */
  public static Language detect(String text) {
    int han = 0, kana = 0, hangul = 0, latinWords = 0, cyrillicWords = 0;
    int latinLetters = 0, nonEnglishLatin = 0;
    Character.UnicodeScript previous = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      Character.UnicodeScript script;
      try {
        script = Character.isLetter(cp) ? Character.UnicodeScript.of(cp) : null;
      } catch (IllegalArgumentException e) {
        script = null;
      }
      if (script != null) {
        switch (script) {
          case HAN -> han++;
          case HIRAGANA, KATAKANA -> kana++;
          case HANGUL -> hangul++;
          case CYRILLIC -> {
            if (previous != script) cyrillicWords++;
          }
          case LATIN -> {
            latinLetters++;
            if (cp > 0x7f) nonEnglishLatin++;
            if (previous != script) latinWords++;
          }
          default -> {}
        }
      }
      previous = script;
    }
    int cjk = han + kana + hangul;
    if (cjk > 0 && cjk >= latinWords + cyrillicWords) {
      if (kana > 0) return JAPANESE;
      if (hangul > han) return KOREAN;
      return CHINESE;
    }
    if (cyrillicWords > latinWords) return RUSSIAN;
    if (latinLetters > 0 && nonEnglishLatin * 20 > latinLetters) return OTHER_LATIN;
    return ENGLISH;
  }

  /**
   * Whether {@code text} holds a Han character: what routes a question or ticket to the Chinese
   * encoder (fallback bot, context stage) and to the Chinese grammar of the context stage. One
   * character is enough, unlike {@link #detect}, because a Chinese topic word inside an English
   * sentence still needs the Chinese reading. False for null.
   */
  public static boolean hasHan(String text) {
    return text != null
        && text.codePoints()
            .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }
}

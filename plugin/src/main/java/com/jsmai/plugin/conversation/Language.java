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
   * Detects the language of {@code text}: Han characters (without kana) above a fifth of the
   * letters mean Chinese, so "我的订单 #W2378156 在哪里" is Chinese despite the order number.
   */
  public static Language detect(String text) {
    int han = 0, kana = 0, hangul = 0, cyrillic = 0, latin = 0, nonEnglishLatin = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      Character.UnicodeScript script;
      try {
        script = Character.UnicodeScript.of(cp);
      } catch (IllegalArgumentException e) {
        continue;
      }
      switch (script) {
        case HAN -> han++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        case CYRILLIC -> cyrillic++;
        case LATIN -> {
          latin++;
          if (cp > 0x7f) nonEnglishLatin++;
        }
        default -> {}
      }
    }
    // Latin letters in CJK text are mostly ids and product names, so weigh them down.
    double letters = han + kana + hangul + cyrillic + latin / 4.0;
    if (letters == 0) return ENGLISH;
    if (kana > 0 && (kana + han) / letters > 0.2) return JAPANESE;
    if (hangul / letters > 0.2) return KOREAN;
    if (han / letters > 0.2) return CHINESE;
    if (cyrillic / letters > 0.2) return RUSSIAN;
    if (latin > 0 && nonEnglishLatin * 20 > latin) return OTHER_LATIN;
    return ENGLISH;
  }
}

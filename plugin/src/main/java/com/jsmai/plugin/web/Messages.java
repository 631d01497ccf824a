package com.jsmai.plugin.web;

import io.javalin.http.Context;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * UI strings from {@code i18n/messages*.properties} (UTF-8) in English or Chinese. The language is
 * the {@code lang} query parameter, else the {@code jsmai_lang} cookie, else the browser's {@code
 * Accept-Language}; anything else falls back to English.
 */
public final class Messages {
  public static final String COOKIE = "jsmai_lang";
  private final ResourceBundle bundle;
  private final Locale locale;

  private Messages(Locale locale) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(
            "i18n.messages",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Messages of(Locale locale) {
    return new Messages(locale.getLanguage().equals("zh") ? Locale.CHINESE : Locale.ROOT);
  }

  /** The request's language; remembers an explicit {@code ?lang=} in a cookie. */
  public static Messages of(Context ctx) {
    String lang = ctx.queryParam("lang");
    if (lang != null && (lang.equals("zh") || lang.equals("en"))) {
      ctx.cookie(COOKIE, lang, 365 * 24 * 3600);
    } else {
      lang = ctx.cookie(COOKIE);
    }
    if (lang == null) {
      String accept = ctx.header("Accept-Language");
      lang = accept != null && accept.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : "en";
    }
    return of(lang.equals("zh") ? Locale.CHINESE : Locale.ENGLISH);
  }

  /** {@code zh} or {@code en}, for the page's {@code lang} attribute. */
  public String language() {
    return locale.getLanguage().equals("zh") ? "zh" : "en";
  }

  /** The string for {@code key}, with {@code {0}}-style arguments; the key itself when missing. */
  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }
}

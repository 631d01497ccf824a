package com.jsmai.plugin.jira;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira wiki markup (REST v2 bodies, Data Center, and the servicedeskapi comment strings) to plain
 * text and back. Reading removes styling ({@code *bold*}, {@code _em_}, {@code {code}}, headings,
 * {@code bq.}), keeps links as {@code text (url)} and turns list bullets into {@code -}. Writing
 * escapes the characters that would otherwise start markup, so a customer's {@code *} or {@code {}
 * survives verbatim.
 */
public final class WikiMarkup {
  private WikiMarkup() {}

  private static final Pattern LINK = Pattern.compile("\\[([^\\]|]+)\\|([^\\]]+)]");
  private static final Pattern BARE_LINK = Pattern.compile("\\[((?:https?|mailto):[^\\]]+)]");
  private static final Pattern MENTION = Pattern.compile("\\[~(?:accountid:)?([^\\]]+)]");
  private static final Pattern BLOCK_TAG =
      Pattern.compile("\\{(code|noformat|quote|panel|color)(?::[^}]*)?}");
  private static final Pattern HEADING = Pattern.compile("(?m)^h[1-6]\\.\\s+");
  private static final Pattern BQ = Pattern.compile("(?m)^bq\\.\\s+");
  private static final Pattern BULLET = Pattern.compile("(?m)^[*#-]+\\s+");
  private static final Pattern STRONG =
      Pattern.compile("(?<![\\w\\\\])\\*(\\S(?:[^*\\n]*\\S)?)\\*(?!\\w)");
  private static final Pattern EMPHASIS =
      Pattern.compile("(?<![\\w\\\\])_(\\S(?:[^_\\n]*\\S)?)_(?!\\w)");
  private static final Pattern MONO = Pattern.compile("\\{\\{(.+?)}}");
  private static final Pattern ESCAPED = Pattern.compile("\\\\([*_{}\\[\\]|#+^~?\\-!])");
  private static final Pattern NEEDS_ESCAPE = Pattern.compile("([*_{}\\[\\]|#+^~?\\-!])");

  /** Plain text of a wiki-markup string. */
  public static String toPlain(String wiki) {
    if (wiki == null) {
      return "";
    }
    String s = wiki.replace("\r\n", "\n");
    s = BLOCK_TAG.matcher(s).replaceAll("");
    s = HEADING.matcher(s).replaceAll("");
    s = BQ.matcher(s).replaceAll("");
    s = s.replaceAll("(?m)^----\\s*$", "");
    s = BULLET.matcher(s).replaceAll("- ");
    s =
        LINK.matcher(s)
            .replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + " (" + mr.group(2) + ")"));
    s = BARE_LINK.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    s = MENTION.matcher(s).replaceAll(mr -> Matcher.quoteReplacement("@" + mr.group(1)));
    s = MONO.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    s = STRONG.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    s = EMPHASIS.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    s = s.replace("\\\\", "\n");
    s = ESCAPED.matcher(s).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    return s.replaceAll("\n{3,}", "\n\n").strip();
  }

  /** Wiki markup that renders as exactly {@code text}. */
  public static String fromPlain(String text) {
    if (text == null) {
      return "";
    }
    return NEEDS_ESCAPE
        .matcher(text.replace("\r\n", "\n"))
        .replaceAll(mr -> Matcher.quoteReplacement("\\" + mr.group(1)));
  }
}

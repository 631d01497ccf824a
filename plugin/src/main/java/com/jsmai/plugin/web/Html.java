package com.jsmai.plugin.web;

import io.javalin.http.Context;

/**
 * Small helpers for server-rendered pages: escaping and the page shell. Pages load one stylesheet
 * and at most one page script from {@code /ui/assets/}, preceded by the shared {@code ui.js}
 * (helpers both page scripts use); the Content-Security-Policy allows nothing inline, so data
 * reaches scripts through {@code data-} attributes.
 */
public final class Html {
  private Html() {}

  /** Escapes text for HTML element content and double-quoted attributes. */
  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Sends a whole page.
   *
   * @param frameAncestors who may frame the page: {@code 'none'} for admin screens, the Jira origin
   *     for the side panel
   * @param bodyAttrs extra attributes of {@code <body>} (data for the script), already escaped
   * @param script a file under {@code /ui/assets/}, or null
   */
  public static void page(
      Context ctx,
      Messages m,
      String title,
      String frameAncestors,
      String bodyAttrs,
      String body,
      String script) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "
            + frameAncestors);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if ("'none'".equals(frameAncestors)) ctx.header("X-Frame-Options", "DENY");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(
        "<!doctype html><html lang=\""
            + m.language()
            + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
            + " content=\"width=device-width,initial-scale=1\"><title>"
            + esc(title)
            + "</title><link rel=\"stylesheet\" href=\"/ui/assets/app.css\"></head><body "
            + (bodyAttrs == null ? "" : bodyAttrs)
            + ">"
            + body
            + (script == null
                ? ""
                : "<script src=\"/ui/assets/ui.js\" defer></script><script src=\"/ui/assets/"
                    + esc(script)
                    + "\" defer></script>")
            + "</body></html>");
  }

  /** A hidden form field with the session's CSRF token. */
  public static String csrfField(Session s) {
    return "<input type=\"hidden\" name=\""
        + Sessions.CSRF_FIELD
        + "\" value=\""
        + esc(s.csrf())
        + "\">";
  }
}

package com.jsmai.plugin.panel;

import com.jsmai.plugin.web.Html;
import com.jsmai.plugin.web.Messages;

/** The panel's static markup; {@code panel.js} fills it from the JSON API after sign-in. */
final class PanelPage {
  private PanelPage() {}

  private static final String[] SCRIPT_KEYS = {
    "panel.signInAgain",
    "panel.signIn",
    "panel.notVisible",
    "panel.loading",
    "panel.generating",
    "panel.inserted.public",
    "panel.inserted.internal",
    "panel.thanks",
    "panel.error",
    "panel.noFacts",
    "panel.noTools",
    "panel.internal",
    "panel.turns",
    "panel.mode",
    "panel.flagged.notAttack",
    "panel.flagged.attack",
    "panel.flagged.verdict.benign",
    "panel.flagged.verdict.attack",
    "panel.flagged.undecided",
    "panel.flagged.score",
    "panel.flagged.by",
    "panel.flagged.saved",
    "panel.flagged.action.route_to_human",
    "panel.flagged.action.block_auto_reply",
    "panel.flagged.action.mark_untrusted",
    "panel.flagged.learnedOnly"
  };

  static String body(Messages m, String key) {
    StringBuilder strings = new StringBuilder("{");
    for (int i = 0; i < SCRIPT_KEYS.length; i++) {
      if (i > 0) strings.append(',');
      strings
          .append('"')
          .append(SCRIPT_KEYS[i])
          .append("\":\"")
          .append(jsonEscape(m.get(SCRIPT_KEYS[i])))
          .append('"');
    }
    strings.append('}');
    return """
        <main class="panel" aria-live="polite">
          <header class="panel-head"><h1>%s <span class="key">%s</span></h1></header>
          <div id="auth" class="notice" role="alert" hidden></div>
          <div id="content" hidden>
            <section id="flagged-section" class="flagged-section" aria-labelledby="h-flagged" hidden>
              <h2 id="h-flagged">%s</h2><p class="muted">%s</p>
              <ul id="flagged" class="flagged"></ul></section>
            <section aria-labelledby="h-summary"><h2 id="h-summary">%s</h2>
              <p id="summary"></p><p id="meta" class="muted"></p></section>
            <section aria-labelledby="h-facts"><h2 id="h-facts">%s</h2><ul id="facts" class="facts"></ul></section>
            <section aria-labelledby="h-reply"><h2 id="h-reply">%s</h2>
              <div class="row"><button id="generate" class="primary" type="button">%s</button>
                <button id="regenerate" type="button" disabled>%s</button></div>
              <label for="reply" class="sr">%s</label>
              <textarea id="reply" rows="8" readonly aria-describedby="reply-status"></textarea>
              <p id="reply-status" class="muted"></p>
              <div class="row">
                <button id="edit" type="button" disabled>%s</button>
                <button id="insert-public" class="primary" type="button" disabled>%s</button>
                <button id="insert-internal" type="button" disabled>%s</button>
              </div>
              <div class="row feedback">
                <button id="up" type="button" aria-label="%s" disabled><svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24"><path fill="currentColor" d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg></button>
                <button id="down" type="button" aria-label="%s" disabled><svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24"><path fill="currentColor" d="M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z"/></svg></button>
                <label for="reason" class="sr">%s</label>
                <input id="reason" type="text" placeholder="%s" disabled>
              </div>
            </section>
            <section aria-labelledby="h-tools"><h2 id="h-tools">%s</h2><ol id="tools" class="tools"></ol></section>
          </div>
          <script type="application/json" id="i18n">%s</script>
        </main>
        """
        .formatted(
            Html.esc(m.get("panel.title")),
            Html.esc(key),
            Html.esc(m.get("panel.flagged")),
            Html.esc(m.get("panel.flagged.intro")),
            Html.esc(m.get("panel.summary")),
            Html.esc(m.get("panel.facts")),
            Html.esc(m.get("panel.suggestion")),
            Html.esc(m.get("panel.generate")),
            Html.esc(m.get("panel.regenerate")),
            Html.esc(m.get("panel.suggestion")),
            Html.esc(m.get("panel.edit")),
            Html.esc(m.get("panel.insertPublic")),
            Html.esc(m.get("panel.insertInternal")),
            Html.esc(m.get("panel.thumbsUp")),
            Html.esc(m.get("panel.thumbsDown")),
            Html.esc(m.get("panel.reason")),
            Html.esc(m.get("panel.reasonHint")),
            Html.esc(m.get("panel.tools")),
            strings.toString().replace("</", "<\\/"));
  }

  static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '<' -> b.append("\\u003c");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}

package com.jsmai.plugin.admin;

import static com.jsmai.plugin.web.Html.esc;

import com.jsmai.plugin.flagged.DeskPrecision;
import com.jsmai.plugin.flagged.FlaggedInput;
import com.jsmai.plugin.flagged.FlaggedInputStore;
import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.flagged.Verdict;
import com.jsmai.plugin.web.Html;
import com.jsmai.plugin.web.Messages;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "Flagged inputs" screen ({@code /admin/flagged}): what the input check flagged with the
 * agents' verdicts, filtered by verdict and desk; the agents' precision of the check per desk; and
 * the export of judged rows as training data (JSON Lines, {@code POST
 * /admin/flagged/export.jsonl}). Admin-only; {@link AdminRoutes} enforces the session and, for the
 * export, the CSRF token.
 */
final class FlaggedInputsScreen {
  /** Rows shown at most; the export has them all. */
  static final int MAX_ROWS = 500;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** The verdict filter's choices: submitted value, message key. */
  private static final String[][] VERDICTS = {
    {"", "admin.flagged.any"},
    {"undecided", "admin.flagged.undecided"},
    {"benign", "admin.flagged.benign"},
    {"attack", "admin.flagged.attack"}
  };

  private final AdminRoutes admin;
  private final FlaggedInputs flagged;

  FlaggedInputsScreen(AdminRoutes admin, FlaggedInputs flagged) {
    this.admin = admin;
    this.flagged = flagged;
  }

  void page(Context ctx) {
    Messages m = Messages.of(ctx);
    if (flagged == null) {
      admin.shell(
          ctx, "flagged", "<p class=\"notice\">" + esc(m.get("admin.flagged.off")) + "</p>", null);
      return;
    }
    FlaggedInputStore.Filter filter;
    try {
      filter = new FlaggedInputStore.Filter(ctx.queryParam("verdict"), ctx.queryParam("desk"));
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      ctx.attribute("error", e.getMessage());
      filter = FlaggedInputStore.Filter.ALL;
    }
    Map<String, String> names = admin.deps().settings().current().reply().serviceDeskNames();
    StringBuilder b =
        new StringBuilder("<p>").append(esc(m.get("admin.flagged.intro"))).append("</p>");
    // One count query serves both the precision table and the desk filter's choices.
    List<DeskPrecision> perDesk = flagged.precisionByDesk();
    precision(b, m, names, perDesk);
    filterForm(b, m, names, filter, perDesk);
    rows(b, m, names, flagged.list(filter, MAX_ROWS));
    b.append("<form id=\"export-form\" method=\"post\" action=\"/admin/flagged/export.jsonl\">")
        .append(Html.csrfField(admin.adminSession(ctx).orElseThrow()))
        .append("<p class=\"muted\">")
        .append(esc(m.get("admin.flagged.exportHint")))
        .append("</p><button id=\"export\" class=\"primary\" type=\"submit\">")
        .append(esc(m.get("admin.flagged.export")))
        .append("</button></form>");
    admin.shell(ctx, "flagged", b.toString(), null);
  }

  private static void precision(
      StringBuilder b, Messages m, Map<String, String> names, List<DeskPrecision> perDesk) {
    b.append("<h2>")
        .append(esc(m.get("admin.flagged.precision")))
        .append("</h2><div class=\"table-scroll\"><table id=\"precision\"><thead><tr><th>")
        .append(esc(m.get("admin.flagged.desk")))
        .append("</th><th>")
        .append(esc(m.get("admin.flagged.count")))
        .append("</th><th>")
        .append(esc(m.get("admin.flagged.judged")))
        .append("</th><th>")
        .append(esc(m.get("admin.flagged.confirmed")))
        .append("</th><th>")
        .append(esc(m.get("admin.flagged.precisionColumn")))
        .append("</th></tr></thead><tbody>");
    for (DeskPrecision p : perDesk) {
      Double precision = p.precision();
      b.append("<tr data-desk=\"")
          .append(esc(p.serviceDeskId()))
          .append("\"><td>")
          .append(esc(names.getOrDefault(p.serviceDeskId(), p.serviceDeskId())))
          .append("</td><td>")
          .append(p.flagged())
          .append("</td><td>")
          .append(p.judged())
          .append("</td><td>")
          .append(p.confirmed())
          .append("</td><td class=\"precision\"><strong>")
          .append(
              precision == null
                  ? "–"
                  : String.format(Locale.ROOT, "%d%%", Math.round(precision * 100)))
          .append("</strong></td></tr>");
    }
    b.append("</tbody></table></div>");
  }

  private static void filterForm(
      StringBuilder b,
      Messages m,
      Map<String, String> names,
      FlaggedInputStore.Filter filter,
      List<DeskPrecision> perDesk) {
    b.append("<h2>")
        .append(esc(m.get("admin.nav.flagged")))
        .append("</h2><form id=\"filter\" method=\"get\" action=\"/admin/flagged\" class=\"row\">")
        .append("<label for=\"verdict\">")
        .append(esc(m.get("admin.flagged.verdict")))
        .append("</label>")
        .append(
            AdminRoutes.labelledSelect(
                m, "verdict", filter.verdict() == null ? "" : filter.verdict(), VERDICTS));
    b.append("<label for=\"desk\">")
        .append(esc(m.get("admin.flagged.desk")))
        .append("</label><select id=\"desk\" name=\"desk\"><option value=\"\">")
        .append(esc(m.get("admin.flagged.allDesks")))
        .append("</option>");
    for (DeskPrecision p : perDesk) {
      String desk = p.serviceDeskId();
      b.append("<option value=\"")
          .append(esc(desk))
          .append("\"")
          .append(desk.equals(filter.serviceDeskId()) ? " selected" : "")
          .append(">")
          .append(esc(names.getOrDefault(desk, desk)))
          .append("</option>");
    }
    b.append("</select><button type=\"submit\">")
        .append(esc(m.get("admin.flagged.apply")))
        .append("</button></form>");
  }

  private static void rows(
      StringBuilder b, Messages m, Map<String, String> names, List<FlaggedInput> rows) {
    if (rows.isEmpty()) {
      b.append("<p class=\"muted\" id=\"no-flagged\">")
          .append(esc(m.get("admin.flagged.none")))
          .append("</p>");
      return;
    }
    b.append("<div class=\"table-scroll\"><table id=\"flagged\"><thead><tr>");
    for (String h :
        List.of(
            "admin.flagged.time",
            "admin.flagged.desk",
            "admin.flagged.ticket",
            "admin.flagged.origin",
            "admin.flagged.techniques",
            "admin.flagged.action",
            "admin.flagged.verdict",
            "admin.flagged.text")) {
      b.append("<th>").append(esc(m.get(h))).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (FlaggedInput r : rows) {
      String verdict =
          r.verdict() == null
              ? m.get("admin.flagged.undecided")
              : m.get(
                      r.verdict() == Verdict.ATTACK
                          ? "admin.flagged.attack"
                          : "admin.flagged.benign")
                  + (r.decidedBy() == null ? "" : " (" + r.decidedBy() + ")");
      b.append("<tr data-id=\"")
          .append(r.id())
          .append("\" data-verdict=\"")
          .append(r.verdict() == null ? "" : r.verdict().wire())
          .append("\"><td>")
          .append(esc(TIME.format(r.flaggedAt())))
          .append("</td><td>")
          .append(esc(names.getOrDefault(r.serviceDeskId(), r.serviceDeskId())))
          .append("</td><td>")
          .append(esc(r.ticketKey()))
          .append("</td><td>")
          .append(esc(r.origin()))
          .append("</td><td>")
          .append(esc(String.join(", ", r.techniques())))
          .append("</td><td>")
          .append(esc(r.action()))
          .append(r.learnedOnly() ? " (" + esc(m.get("admin.flagged.learnedOnly")) + ")" : "")
          .append("</td><td class=\"verdict\">")
          .append(esc(verdict))
          .append("</td><td class=\"flagged-text\">")
          .append(esc(r.text()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
  }

  void export(Context ctx, String adminUser) {
    if (flagged == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("flagged inputs are off");
      return;
    }
    StringWriter out = new StringWriter();
    flagged.exportJsonl(out, adminUser);
    ctx.header("Content-Disposition", "attachment; filename=\"flagged-verdicts.jsonl\"");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("application/x-ndjson; charset=utf-8").result(out.toString());
  }
}

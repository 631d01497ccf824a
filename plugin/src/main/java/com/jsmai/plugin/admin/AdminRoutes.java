package com.jsmai.plugin.admin;

import static com.jsmai.plugin.web.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.memory.FactExtractor;
import com.jsmai.plugin.memory.FactPattern;
import com.jsmai.plugin.memory.MemoryConfig;
import com.jsmai.plugin.panel.FeedbackStore;
import com.jsmai.plugin.panel.JiraOAuthClient;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.PromptTemplate;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.settings.ModelEndpoint;
import com.jsmai.plugin.settings.Settings;
import com.jsmai.plugin.settings.SettingsException;
import com.jsmai.plugin.settings.SettingsStore;
import com.jsmai.plugin.settings.SettingsVersion;
import com.jsmai.plugin.tools.ToolResult;
import com.jsmai.plugin.tools.http.HttpToolDefinition;
import com.jsmai.plugin.web.Html;
import com.jsmai.plugin.web.Messages;
import com.jsmai.plugin.web.Session;
import com.jsmai.plugin.web.Sessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin screens under {@code /admin}: each screen edits one part of the {@link SettingsStore}
 * document through a plain HTML form. Every POST needs an admin session and its CSRF token; every
 * save is a new settings version validated by the plugin's own readers (a bad value is shown with
 * the reader's message and nothing is stored) and recorded with its author; History rolls back.
 *
 * <p>Handlers are thin: they read the form, call an edit on a copy of the document, and hand it to
 * {@link SettingsStore#update}. The playground lives in {@link PlaygroundRoutes}.
 */
public final class AdminRoutes implements Consumer<Javalin> {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * What the admin screens need.
   *
   * @param settings the versioned settings
   * @param sessions browser sessions
   * @param localAdmin the standalone demo's admin account, or null
   * @param oauth Jira OAuth 2.0 client for administrators' sign-in, or null
   * @param jira reads tickets for the prompt preview and tool tries, or null when unconfigured
   * @param feedback the panel's suggestion and feedback records
   * @param csat reads JSM CSAT ratings
   * @param toolTrier runs a tool once for "try it", or null to disable the button
   * @param playground the playground's routes, or null for none
   * @param answeredTickets issue keys the assistant answered automatically (for CSAT), or null;
   *     tickets with a panel suggestion are always included
   * @param flagged tickets the input check flagged and the agents' verdicts, or null when that
   *     feature is off (the screen then says how to turn it on)
   */
  public record Deps(
      SettingsStore settings,
      Sessions sessions,
      LocalAdmin localAdmin,
      JiraOAuthClient oauth,
      Supplier<JiraClient> jira,
      FeedbackStore feedback,
      CsatReader csat,
      ToolTrier toolTrier,
      PlaygroundRoutes playground,
      Supplier<java.util.Collection<String>> answeredTickets,
      Clock clock,
      FlaggedInputs flagged) {
    public Deps {
      answeredTickets = answeredTickets == null ? List::of : answeredTickets;
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(sessions, "sessions");
      Objects.requireNonNull(feedback, "feedback");
      csat = csat == null ? CsatReader.NONE : csat;
      jira = jira == null ? () -> null : jira;
      clock = clock == null ? Clock.systemUTC() : clock;
      if (localAdmin == null && oauth == null) {
        throw new IllegalArgumentException(
            "admin sign-in needs a local admin account or Jira OAuth; configure one");
      }
    }
  }

  private static final String LOGIN_CSRF = "jsmai_login_csrf";
  private final Deps d;
  private final FlaggedInputsScreen flaggedScreen;

  public AdminRoutes(Deps deps) {
    this.d = Objects.requireNonNull(deps, "deps");
    this.flaggedScreen = new FlaggedInputsScreen(this, d.flagged());
  }

  /** The screens, in navigation order: path, message key. */
  static final String[][] NAV = {
    {"connection", "admin.nav.connection"},
    {"models", "admin.nav.models"},
    {"policy", "admin.nav.policy"},
    {"prompts", "admin.nav.prompts"},
    {"memory", "admin.nav.memory"},
    {"tools", "admin.nav.tools"},
    {"handoff", "admin.nav.handoff"},
    {"history", "admin.nav.history"},
    {"playground", "admin.nav.playground"},
    {"feedback", "admin.nav.feedback"},
    {"flagged", "admin.nav.flagged"},
    {"advanced", "admin.nav.advanced"},
  };

  @Override
  public void accept(Javalin app) {
    app.get("/admin/login", this::loginPage);
    app.post("/admin/login", this::login);
    app.post("/admin/logout", admin(this::logout));
    app.get("/admin/oauth/start", this::oauthStart);
    app.get("/admin", ctx -> ctx.redirect("/admin/policy"));
    app.get("/admin/connection", page(this::connection));
    app.post("/admin/connection", admin(this::saveConnection));
    app.get("/admin/models", page(this::models));
    app.post("/admin/models", admin(this::saveModel));
    app.get("/admin/policy", page(this::policy));
    app.post("/admin/policy", admin(this::savePolicy));
    app.post("/admin/policy/override", admin(this::saveOverride));
    app.get("/admin/prompts", page(this::prompts));
    app.post("/admin/prompts", admin(this::savePrompts));
    app.get("/admin/memory", page(this::memory));
    app.post("/admin/memory", admin(this::saveMemory));
    app.get("/admin/tools", page(this::tools));
    app.post("/admin/tools", admin(this::saveTool));
    app.get("/admin/handoff", page(this::handoff));
    app.post("/admin/handoff", admin(this::saveHandoff));
    app.get("/admin/history", page(this::history));
    app.post("/admin/history/rollback", admin(this::rollback));
    app.get("/admin/feedback", page(this::feedbackPage));
    app.get("/admin/feedback/export.jsonl", page(this::export));
    app.get("/admin/flagged", page(flaggedScreen::page));
    // A POST with the CSRF token, not a link: the file is plaintext customer data, and a
    // cross-site page must not be able to make an admin's browser produce (and audit) one.
    app.post(
        "/admin/flagged/export.jsonl",
        admin(ctx -> flaggedScreen.export(ctx, session(ctx).user())));
    app.get("/admin/advanced", page(this::advanced));
    app.post("/admin/advanced", admin(this::saveAdvanced));
    if (d.playground() != null) {
      app.get("/admin/playground", page(ctx -> d.playground().page(ctx, this)));
      app.post("/admin/playground/chat", admin(ctx -> d.playground().chat(ctx, session(ctx))));
    }
  }

  // ------------------------------------------------------------------ sign-in and guards

  private Session session(Context ctx) {
    return d.sessions().find(ctx).filter(Session::admin).orElse(null);
  }

  /** A GET screen: admins only, others go to the sign-in page. */
  private Handler page(Handler h) {
    return ctx -> {
      if (session(ctx) == null) {
        ctx.redirect("/admin/login");
        return;
      }
      h.handle(ctx);
    };
  }

  /** A POST: admins only, with the session's CSRF token. */
  private Handler admin(Handler h) {
    return ctx -> {
      Session s = session(ctx);
      if (s == null) {
        ctx.status(401).result("sign in as an administrator first");
        return;
      }
      if (!Sessions.csrfValid(ctx, s)) {
        ctx.status(403)
            .contentType("text/plain; charset=utf-8")
            .result(Messages.of(ctx).get("admin.error.csrf"));
        return;
      }
      h.handle(ctx);
    };
  }

  private void loginPage(Context ctx) {
    loginPage(ctx, null);
  }

  private void loginPage(Context ctx, String error) {
    Messages m = Messages.of(ctx);
    StringBuilder b =
        new StringBuilder("<main class=\"login\"><h1>")
            .append(esc(m.get("admin.title")))
            .append("</h1>");
    if (error != null)
      b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
    if (d.localAdmin() != null) {
      // No session yet, so the login form's CSRF token is double-submitted: a strict cookie
      // plus the same value in the form. A cross-site post carries no strict cookie.
      String token = d.sessions().token();
      io.javalin.http.Cookie c = new io.javalin.http.Cookie(LOGIN_CSRF, token);
      c.setHttpOnly(true);
      c.setSameSite(io.javalin.http.SameSite.STRICT);
      c.setPath("/admin/login");
      ctx.cookie(c);
      b.append("<form method=\"post\" action=\"/admin/login\">")
          .append("<input type=\"hidden\" name=\"_csrf\" value=\"")
          .append(esc(token))
          .append("\">")
          .append("<label for=\"user\">")
          .append(esc(m.get("admin.login.user")))
          .append("</label>")
          .append(
              "<input id=\"user\" name=\"user\" type=\"text\" autocomplete=\"username\" required autofocus>")
          .append("<label for=\"password\">")
          .append(esc(m.get("admin.login.password")))
          .append("</label>")
          .append(
              "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
          .append("<div class=\"row\"><button class=\"primary\" type=\"submit\">")
          .append(esc(m.get("admin.login")))
          .append("</button></div></form>");
    }
    if (d.oauth() != null) {
      b.append("<p><a class=\"button\" href=\"/admin/oauth/start\">")
          .append(esc(m.get("admin.login.jira")))
          .append("</a></p>");
    }
    b.append(
        "<p class=\"muted\"><a href=\"?lang=en\">English</a> · <a href=\"?lang=zh\">中文</a></p></main>");
    Html.page(ctx, m, m.get("admin.login"), "'none'", "", b.toString(), null);
  }

  // Login is the one POST without a session: SameSite=Strict cookies and a fresh session id
  // after success prevent login CSRF and session fixation.
  private void login(Context ctx) {
    if (d.localAdmin() == null) {
      ctx.status(404);
      return;
    }
    String cookie = ctx.cookie(LOGIN_CSRF);
    String sent = ctx.formParam("_csrf");
    if (cookie == null
        || sent == null
        || !java.security.MessageDigest.isEqual(
            cookie.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            sent.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      ctx.status(403);
      loginPage(ctx, Messages.of(ctx).get("admin.error.csrf"));
      return;
    }
    String user = ctx.formParam("user");
    String password = ctx.formParam("password");
    if (password == null || !d.localAdmin().authenticate(user, password.toCharArray())) {
      log.warn(
          "admin sign-in failed for {}",
          user == null ? "(none)" : user.replaceAll("[^\\w.@-]", "?"));
      ctx.status(401);
      loginPage(ctx, Messages.of(ctx).get("admin.login.failed"));
      return;
    }
    d.sessions().start(ctx, user, user, true, null);
    log.info("admin sign-in by {}", user);
    ctx.redirect("/admin/policy");
  }

  private void oauthStart(Context ctx) {
    if (d.oauth() == null) {
      ctx.status(404);
      return;
    }
    ctx.redirect(d.oauth().authorizationUrl("/admin/policy").toString());
  }

  private void logout(Context ctx) {
    d.sessions().end(ctx);
    ctx.redirect("/admin/login");
  }

  // ------------------------------------------------------------------ shell and saving

  /** Renders a screen inside the admin shell (navigation, version line, flash message). */
  void shell(Context ctx, String current, String content, String script) {
    Messages m = Messages.of(ctx);
    Session s = session(ctx);
    Settings st = d.settings().current();
    StringBuilder nav =
        new StringBuilder("<nav aria-label=\"admin\"><h1>")
            .append(esc(m.get("admin.title")))
            .append("</h1>");
    for (String[] n : NAV) {
      if (n[0].equals("playground") && d.playground() == null) continue;
      nav.append("<a href=\"/admin/")
          .append(n[0])
          .append("\"")
          .append(n[0].equals(current) ? " aria-current=\"page\"" : "")
          .append(">")
          .append(esc(m.get(n[1])))
          .append("</a>");
    }
    nav.append("<p class=\"who\">")
        .append(esc(m.get("admin.signedInAs", s.displayName())))
        .append("</p><form method=\"post\" action=\"/admin/logout\">")
        .append(Html.csrfField(s))
        .append("<button type=\"submit\">")
        .append(esc(m.get("admin.logout")))
        .append(
            "</button></form><p class=\"muted\"><a href=\"?lang=en\">English</a> · <a href=\"?lang=zh\">中文</a></p></nav>");
    StringBuilder main =
        new StringBuilder("<main><h1>")
            .append(esc(m.get(navKey(current))))
            .append("</h1><p class=\"muted\">")
            .append(esc(m.get("admin.version", st.version(), st.author(), TIME.format(st.at()))))
            .append("</p>");
    String saved = ctx.queryParam("saved");
    if (saved != null && saved.matches("\\d{1,9}")) {
      main.append("<p class=\"ok\" role=\"status\">")
          .append(esc(m.get("admin.saved", saved)))
          .append("</p>");
    }
    Object error = ctx.attribute("error");
    if (error != null) {
      main.append("<p class=\"error\" role=\"alert\">")
          .append(esc(error.toString()))
          .append("</p>");
    }
    main.append(content).append("</main>");
    Html.page(
        ctx,
        m,
        m.get(navKey(current)) + " · " + m.get("admin.title"),
        "'none'",
        "class=\"admin\" data-csrf=\"" + esc(s.csrf()) + "\"",
        nav + main.toString(),
        script);
  }

  private static String navKey(String current) {
    for (String[] n : NAV) if (n[0].equals(current)) return n[1];
    return "admin.title";
  }

  /** The form fields every settings form carries: CSRF token and the version it was made from. */
  String formHead(Context ctx) {
    return Html.csrfField(session(ctx))
        + "<input type=\"hidden\" name=\"_version\" value=\""
        + d.settings().current().version()
        + "\">";
  }

  interface Edit {
    void apply(ObjectNode doc);
  }

  /**
   * Applies {@code edit} to a copy of the current document and stores it; on success redirects back
   * with the new version, on a validation error shows the screen again with the message.
   */
  private void save(Context ctx, String screen, Edit edit, Consumer<Context> render) {
    Session s = session(ctx);
    int expected;
    try {
      expected = Integer.parseInt(Objects.requireNonNullElse(ctx.formParam("_version"), "-1"));
    } catch (NumberFormatException e) {
      expected = -1;
    }
    ObjectNode doc = d.settings().current().document().deepCopy();
    try {
      edit.apply(doc);
      Settings saved = d.settings().update(s.user(), expected, doc);
      ctx.redirect("/admin/" + screen + "?saved=" + saved.version());
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      ctx.attribute("error", e.getMessage());
      render.accept(ctx);
    }
  }

  static ObjectNode obj(ObjectNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n instanceof ObjectNode o) return o;
    return parent.putObject(key);
  }

  static ArrayNode arr(ObjectNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n instanceof ArrayNode a) return a;
    return parent.putArray(key);
  }

  private static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  private static int integer(Context ctx, String name, String label) {
    String v = form(ctx, name);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SettingsException(label + " must be a whole number: " + v);
    }
  }

  private static String field(String id, String label, String input) {
    return "<label for=\"" + id + "\">" + esc(label) + "</label>" + input;
  }

  private static String text(String id, String value) {
    return "<input id=\""
        + id
        + "\" name=\""
        + id
        + "\" type=\"text\" value=\""
        + esc(value)
        + "\">";
  }

  private static String select(String id, String value, String... options) {
    StringBuilder b = new StringBuilder("<select id=\"" + id + "\" name=\"" + id + "\">");
    for (String o : options) {
      b.append("<option")
          .append(o.equals(value) ? " selected" : "")
          .append(">")
          .append(esc(o))
          .append("</option>");
    }
    return b.append("</select>").toString();
  }

  /**
   * The reply modes, labelled in the screen's language; the submitted values stay off/suggest/auto.
   */
  private static final String[][] MODES = {
    {"off", "admin.policy.mode.off"},
    {"suggest", "admin.policy.mode.suggest"},
    {"auto", "admin.policy.mode.auto"}
  };

  private static String modeSelect(Messages m, String id, String value) {
    return labelledSelect(m, id, value, MODES);
  }

  /**
   * A select whose options are {@code {value, message key}} pairs: the submitted values stay fixed,
   * the labels follow the screen's language.
   */
  static String labelledSelect(Messages m, String id, String value, String[][] options) {
    StringBuilder b = new StringBuilder("<select id=\"" + id + "\" name=\"" + id + "\">");
    for (String[] o : options) {
      b.append("<option value=\"")
          .append(o[0])
          .append("\"")
          .append(o[0].equals(value) ? " selected" : "")
          .append(">")
          .append(esc(m.get(o[1])))
          .append("</option>");
    }
    return b.append("</select>").toString();
  }

  private static String modeLabel(Messages m, String mode) {
    for (String[] o : MODES) {
      if (o[0].equals(mode)) return m.get(o[1]);
    }
    return mode;
  }

  private static String submit(Messages m) {
    return "<div class=\"row\"><button class=\"primary\" type=\"submit\">"
        + esc(m.get("admin.save"))
        + "</button></div>";
  }

  // ------------------------------------------------------------------ Jira connection

  private void connection(Context ctx) {
    Messages m = Messages.of(ctx);
    JsonNode j = d.settings().current().document().path("jira");
    boolean hasToken = j.hasNonNull("token");
    String body =
        "<form method=\"post\" action=\"/admin/connection\">"
            + formHead(ctx)
            + field(
                "baseUrl",
                m.get("admin.jira.url"),
                "<input id=\"baseUrl\" name=\"baseUrl\" type=\"url\" value=\""
                    + esc(j.path("baseUrl").asText(""))
                    + "\">")
            + field(
                "flavor",
                m.get("admin.jira.flavor"),
                select("flavor", j.path("flavor").asText("datacenter"), "datacenter", "cloud"))
            + field("email", m.get("admin.jira.email"), text("email", j.path("email").asText("")))
            + field(
                "token",
                m.get("admin.jira.token"),
                "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" placeholder=\""
                    + esc(m.get("admin.keepSecret"))
                    + "\" aria-describedby=\"token-state\">")
            + "<p id=\"token-state\" class=\"muted\">"
            + esc(m.get(hasToken ? "admin.secretSet" : "admin.secretUnset"))
            + "</p>"
            + submit(m)
            + "</form>";
    shell(ctx, "connection", body, null);
  }

  private void saveConnection(Context ctx) {
    save(
        ctx,
        "connection",
        doc -> {
          ObjectNode j = obj(doc, "jira");
          String url = form(ctx, "baseUrl");
          if (url.isEmpty()) {
            doc.remove("jira");
            return;
          }
          j.put("baseUrl", url);
          j.put("flavor", form(ctx, "flavor"));
          String email = form(ctx, "email");
          if (email.isEmpty()) j.remove("email");
          else j.put("email", email);
          String token = ctx.formParam("token");
          if (token != null && !token.isEmpty()) j.put("token", d.settings().sealJiraToken(token));
        },
        this::connection);
  }

  // ------------------------------------------------------------------ models

  private void models(Context ctx) {
    Messages m = Messages.of(ctx);
    StringBuilder b =
        new StringBuilder("<p>").append(esc(m.get("admin.models.intro"))).append("</p>");
    b.append("<div class=\"table-scroll\"><table><thead><tr><th>")
        .append(esc(m.get("admin.models.name")))
        .append("</th><th>")
        .append(esc(m.get("admin.models.url")))
        .append("</th><th>")
        .append(esc(m.get("admin.models.model")))
        .append("</th><th>")
        .append(esc(m.get("admin.models.key")))
        .append("</th><th></th></tr></thead><tbody>");
    List<ModelEndpoint> models = d.settings().current().models();
    for (int i = 0; i < models.size(); i++) {
      ModelEndpoint e = models.get(i);
      b.append("<tr><td>")
          .append(esc(e.name()))
          .append(i == 0 ? " ★" : "")
          .append("</td><td>")
          .append(esc(e.baseUrl().toString()))
          .append("</td><td>")
          .append(esc(e.model()))
          .append("</td><td>")
          .append(esc(m.get(e.apiKey() != null ? "admin.secretSet" : "admin.secretUnset")))
          .append("</td><td>")
          .append("<form method=\"post\" action=\"/admin/models\" class=\"row\">")
          .append(formHead(ctx))
          .append("<input type=\"hidden\" name=\"name\" value=\"")
          .append(esc(e.name()))
          .append("\">");
      if (i > 0) {
        b.append("<button name=\"action\" value=\"activate\" type=\"submit\">")
            .append(esc(m.get("admin.models.active")))
            .append("</button>");
      }
      b.append("<button name=\"action\" value=\"remove\" class=\"danger\" type=\"submit\">")
          .append(esc(m.get("admin.models.remove")))
          .append("</button></form></td></tr>");
    }
    b.append("</tbody></table></div><h2>")
        .append(esc(m.get("admin.models.add")))
        .append("</h2>")
        .append("<form method=\"post\" action=\"/admin/models\">")
        .append(formHead(ctx))
        .append(
            "<input type=\"hidden\" name=\"action\" value=\"upsert\"><div class=\"grid2\"><div>")
        .append(field("name", m.get("admin.models.name"), text("name", "")))
        .append("</div><div>")
        .append(field("model", m.get("admin.models.model"), text("model", "")))
        .append("</div></div>")
        .append(
            field(
                "baseUrl",
                m.get("admin.models.url"),
                "<input id=\"baseUrl\" name=\"baseUrl\" type=\"url\" placeholder=\"http://inference-node:8080\">"))
        .append(
            field(
                "apiKey",
                m.get("admin.models.key"),
                "<input id=\"apiKey\" name=\"apiKey\" type=\"password\" autocomplete=\"off\" placeholder=\""
                    + esc(m.get("admin.keepSecret"))
                    + "\">"))
        .append(submit(m))
        .append("</form>");
    shell(ctx, "models", b.toString(), null);
  }

  private void saveModel(Context ctx) {
    save(
        ctx,
        "models",
        doc -> {
          ArrayNode list = arr(doc, "models");
          String name = form(ctx, "name");
          int at = -1;
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals(name)) at = i;
          }
          switch (form(ctx, "action")) {
            case "remove" -> {
              if (at >= 0) list.remove(at);
            }
            case "activate" -> {
              if (at > 0) list.insert(0, list.remove(at));
            }
            default -> {
              ObjectNode e = at >= 0 ? (ObjectNode) list.get(at) : list.addObject();
              e.put("name", name);
              e.put("baseUrl", form(ctx, "baseUrl"));
              e.put("model", form(ctx, "model"));
              String key = ctx.formParam("apiKey");
              if (key != null && !key.isEmpty() && name.matches("[A-Za-z0-9_.-]{1,40}")) {
                e.put("apiKey", d.settings().sealModelKey(name, key));
              }
            }
          }
        },
        this::models);
  }

  // ------------------------------------------------------------------ reply modes

  private void policy(Context ctx) {
    Messages m = Messages.of(ctx);
    JsonNode reply = d.settings().current().document().path("reply");
    JsonNode def = reply.path("defaults");
    var p = d.settings().current().reply().policies().resolve(null, null);
    StringBuilder b =
        new StringBuilder("<p class=\"muted\">")
            .append(esc(m.get("admin.policy.modes")))
            .append("</p>")
            .append("<h2>")
            .append(esc(m.get("admin.policy.defaults")))
            .append("</h2>")
            .append("<form method=\"post\" action=\"/admin/policy\">")
            .append(formHead(ctx))
            .append("<div class=\"grid2\"><div>")
            .append(
                field(
                    "mode",
                    m.get("admin.policy.mode"),
                    modeSelect(
                        m,
                        "mode",
                        def.path("mode").asText(p.mode().name().toLowerCase(Locale.ROOT)))))
            .append("</div><div>")
            .append(
                field(
                    "delaySeconds",
                    m.get("admin.policy.delay"),
                    "<input id=\"delaySeconds\" name=\"delaySeconds\" type=\"number\" min=\"0\" value=\""
                        + p.delay().toSeconds()
                        + "\">"))
            .append("</div><div>")
            .append(
                field(
                    "maxAutoReplies",
                    m.get("admin.policy.limit"),
                    "<input id=\"maxAutoReplies\" name=\"maxAutoReplies\" type=\"number\" min=\"0\" value=\""
                        + p.maxAutoReplies()
                        + "\">"))
            .append("</div></div>")
            .append(
                field(
                    "footer",
                    m.get("admin.policy.footer"),
                    "<textarea id=\"footer\" name=\"footer\" class=\"prose\" rows=\"2\">"
                        + esc(p.footer())
                        + "</textarea>"))
            .append(submit(m))
            .append("</form>");
    b.append("<h2>")
        .append(esc(m.get("admin.policy.overrides")))
        .append("</h2><div class=\"table-scroll\"><table><thead><tr><th>")
        .append(esc(m.get("admin.policy.desk")))
        .append("</th><th>")
        .append(esc(m.get("admin.policy.requestType")))
        .append("</th><th>")
        .append(esc(m.get("admin.policy.mode")))
        .append("</th><th></th></tr></thead><tbody>");
    JsonNode desks = reply.path("serviceDesks");
    for (var desk : (Iterable<java.util.Map.Entry<String, JsonNode>>) desks::fields) {
      if (desk.getValue().has("mode")) {
        b.append(overrideRow(ctx, m, desk.getKey(), "", desk.getValue().path("mode").asText()));
      }
      for (var type :
          (Iterable<java.util.Map.Entry<String, JsonNode>>)
              desk.getValue().path("requestTypes")::fields) {
        if (type.getValue().has("mode")) {
          b.append(
              overrideRow(
                  ctx, m, desk.getKey(), type.getKey(), type.getValue().path("mode").asText()));
        }
      }
    }
    b.append(
            "</tbody></table></div><form method=\"post\" action=\"/admin/policy/override\" id=\"override-form\">")
        .append(formHead(ctx))
        .append("<input type=\"hidden\" name=\"action\" value=\"set\"><div class=\"grid2\"><div>")
        .append(field("desk", m.get("admin.policy.desk"), text("desk", "")))
        .append("</div><div>")
        .append(field("requestType", m.get("admin.policy.requestType"), text("requestType", "")))
        .append("</div><div>")
        .append(
            field(
                "overrideMode",
                m.get("admin.policy.mode"),
                modeSelect(m, "overrideMode", "suggest")))
        .append("</div></div><div class=\"row\"><button class=\"primary\" type=\"submit\">")
        .append(esc(m.get("admin.policy.setOverride")))
        .append("</button></div></form>");
    shell(ctx, "policy", b.toString(), null);
  }

  private String overrideRow(Context ctx, Messages m, String desk, String type, String mode) {
    return "<tr><td>"
        + esc(desk)
        + "</td><td>"
        + esc(type)
        + "</td><td><strong>"
        + esc(modeLabel(m, mode))
        + "</strong></td><td><form method=\"post\" action=\"/admin/policy/override\">"
        + formHead(ctx)
        + "<input type=\"hidden\" name=\"action\" value=\"remove\"><input type=\"hidden\" name=\"desk\" value=\""
        + esc(desk)
        + "\"><input type=\"hidden\" name=\"requestType\" value=\""
        + esc(type)
        + "\"><button class=\"danger\" type=\"submit\">"
        + esc(m.get("admin.policy.remove"))
        + "</button></form></td></tr>";
  }

  private void savePolicy(Context ctx) {
    save(
        ctx,
        "policy",
        doc -> {
          ObjectNode def = obj(obj(doc, "reply"), "defaults");
          def.put("mode", form(ctx, "mode"));
          def.put("delaySeconds", integer(ctx, "delaySeconds", "reply delay"));
          def.put("maxAutoReplies", integer(ctx, "maxAutoReplies", "automatic replies per ticket"));
          // The form shows the effective footer, so an untouched field posts the built-in default
          // back. Storing it would pin the English text (no Chinese translation, no future
          // default):
          // keep following the default instead. An emptied field is "" = no footer, as documented.
          String footer = ctx.formParam("footer") == null ? "" : ctx.formParam("footer").strip();
          if (footer.equals(ReplyPolicy.DEFAULT_FOOTER)) {
            def.remove("footer");
          } else {
            def.put("footer", footer);
          }
        },
        this::policy);
  }

  private void saveOverride(Context ctx) {
    save(
        ctx,
        "policy",
        doc -> {
          String desk = form(ctx, "desk");
          String type = form(ctx, "requestType");
          if (!desk.matches("[A-Za-z0-9_-]{1,40}")
              || !(type.isEmpty() || type.matches("[A-Za-z0-9_-]{1,40}"))) {
            throw new SettingsException(
                "service desk and request type ids are letters, digits, '-' or '_': "
                    + desk
                    + " / "
                    + type);
          }
          ObjectNode desks = obj(obj(doc, "reply"), "serviceDesks");
          ObjectNode scope = obj(desks, desk);
          if (!type.isEmpty()) scope = obj(obj(scope, "requestTypes"), type);
          if (form(ctx, "action").equals("remove")) scope.remove("mode");
          else scope.put("mode", form(ctx, "overrideMode"));
          prune(desks);
        },
        this::policy);
  }

  /** Drops override objects left empty after a removal, so the document stays readable. */
  private static void prune(ObjectNode desks) {
    List<String> emptyDesks = new ArrayList<>();
    desks
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue() instanceof ObjectNode desk) {
                if (desk.get("requestTypes") instanceof ObjectNode types) {
                  List<String> empty = new ArrayList<>();
                  types
                      .fields()
                      .forEachRemaining(
                          t -> {
                            if (t.getValue().isEmpty()) empty.add(t.getKey());
                          });
                  empty.forEach(types::remove);
                  if (types.isEmpty()) desk.remove("requestTypes");
                }
                if (desk.isEmpty()) emptyDesks.add(e.getKey());
              }
            });
    emptyDesks.forEach(desks::remove);
  }

  // ------------------------------------------------------------------ prompts

  private void prompts(Context ctx) {
    Messages m = Messages.of(ctx);
    String desk;
    try {
      desk = promptDesk(ctx);
    } catch (SettingsException e) {
      ctx.status(400);
      ctx.attribute("error", e.getMessage());
      desk = "";
    }
    JsonNode reply = d.settings().current().document().path("reply");
    JsonNode defaults = reply.path("defaults").path("prompt");
    JsonNode own = desk.isEmpty() ? defaults : reply.path("serviceDesks").path(desk).path("prompt");
    String template =
        ctx.formParam("template") != null
            ? ctx.formParam("template")
            : own.path("template")
                .asText(defaults.path("template").asText(PromptConfig.DEFAULT_TEMPLATE));
    String ticket = form(ctx, "ticket");
    StringBuilder b =
        new StringBuilder("<form method=\"get\" action=\"/admin/prompts\" class=\"row\">")
            .append("<label for=\"desk\">")
            .append(esc(m.get("admin.prompts.scope")))
            .append(
                "</label><input id=\"desk\" name=\"desk\" type=\"text\" class=\"narrow\" value=\"")
            .append(esc(desk))
            .append("\"><button type=\"submit\">")
            .append(esc(m.get("admin.prompts.load")))
            .append("</button></form>")
            .append("<form method=\"post\" action=\"/admin/prompts\">")
            .append(formHead(ctx))
            .append("<input type=\"hidden\" name=\"desk\" value=\"")
            .append(esc(desk))
            .append("\">")
            .append(
                field(
                    "template",
                    m.get("admin.prompts.template"),
                    "<textarea id=\"template\" name=\"template\" rows=\"10\" aria-describedby=\"vars\">"
                        + esc(template)
                        + "</textarea>"))
            .append("<p id=\"vars\" class=\"muted\">")
            .append(esc(m.get("admin.prompts.variables")))
            .append("</p>")
            .append("<div class=\"row\"><label for=\"ticket\">")
            .append(esc(m.get("admin.prompts.preview")))
            .append(
                "</label><input id=\"ticket\" name=\"ticket\" type=\"text\" class=\"narrow\" value=\"")
            .append(esc(ticket))
            .append("\" placeholder=\"SD-1\">")
            .append("<button name=\"action\" value=\"preview\" type=\"submit\">")
            .append(esc(m.get("admin.prompts.previewButton")))
            .append(
                "</button><button name=\"action\" value=\"save\" class=\"primary\" type=\"submit\">")
            .append(esc(m.get("admin.save")))
            .append("</button></div></form>");
    Object preview = ctx.attribute("preview");
    if (preview != null)
      b.append("<pre id=\"preview\">").append(esc(preview.toString())).append("</pre>");
    shell(ctx, "prompts", b.toString(), null);
  }

  private void savePrompts(Context ctx) {
    if ("preview".equals(ctx.formParam("action"))) {
      try {
        ctx.attribute("preview", preview(form(ctx, "ticket"), ctx.formParam("template")));
      } catch (RuntimeException e) {
        ctx.status(400);
        ctx.attribute("error", e.getMessage());
      }
      prompts(ctx);
      return;
    }
    save(
        ctx,
        "prompts",
        doc -> {
          String template = ctx.formParam("template") == null ? "" : ctx.formParam("template");
          String desk = promptDesk(ctx);
          ObjectNode reply = obj(doc, "reply");
          ObjectNode scope =
              desk.isEmpty() ? obj(reply, "defaults") : obj(obj(reply, "serviceDesks"), desk);
          obj(scope, "prompt").put("template", template.strip());
        },
        this::prompts);
  }

  /** The service desk whose template is edited; empty for the defaults. */
  private static String promptDesk(Context ctx) {
    String desk = ctx.formParam("desk") != null ? ctx.formParam("desk") : ctx.queryParam("desk");
    desk = desk == null ? "" : desk.strip();
    if (!desk.isEmpty() && !desk.matches("[A-Za-z0-9_-]{1,40}")) {
      throw new SettingsException("a service desk id is letters, digits, '-' or '_': " + desk);
    }
    return desk;
  }

  /** The system prompt the model would get for a real ticket with this (unsaved) template. */
  String preview(String ticketKey, String templateText) {
    JiraClient jira = d.jira().get();
    if (jira == null) throw new SettingsException("no Jira connection: configure it first");
    if (!ticketKey.matches("[A-Z][A-Z0-9_]{0,30}-\\d{1,12}")) {
      throw new SettingsException("enter a ticket key such as SD-1: " + ticketKey);
    }
    PromptTemplate template =
        PromptTemplate.parse("template", templateText == null ? "" : templateText);
    Ticket ticket = jira.getTicket(ticketKey);
    var reply = d.settings().current().reply();
    PromptConfig base = reply.prompts().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    PromptConfig config =
        new PromptConfig(
            template,
            base.includeDefaultGuidance(),
            base.timeZone(),
            base.regionField(),
            base.defaultRegion());
    MemoryConfig memory = reply.memory().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    List<Fact> facts =
        FactExtractor.publicOnly(
            new FactExtractor(memory)
                .extract(
                    ticket.fieldValues(),
                    List.of(
                        new FactExtractor.Source(
                            "description",
                            ticket.summary() + "\n" + ticket.description(),
                            false))));
    return new SystemPromptBuilder(d.clock())
        .build(
            config,
            ticket,
            reply.serviceDeskNames().get(ticket.serviceDeskId()),
            Language.detect(ticket.summary() + " " + ticket.description()),
            facts,
            null);
  }

  // ------------------------------------------------------------------ memory

  private void memory(Context ctx) {
    Messages m = Messages.of(ctx);
    JsonNode mem = d.settings().current().document().path("reply").path("defaults").path("memory");
    StringBuilder lines = new StringBuilder();
    for (JsonNode p : mem.path("patterns")) {
      lines
          .append(p.path("label").asText())
          .append(" = ")
          .append(p.path("regex").asText())
          .append('\n');
    }
    String patterns =
        ctx.formParam("patterns") != null ? ctx.formParam("patterns") : lines.toString();
    boolean defaults =
        ctx.formParam("patterns") != null
            ? ctx.formParam("includeDefaults") != null
            : mem.path("includeDefaultPatterns").asBoolean(true);
    String sample = ctx.formParam("sample") == null ? "" : ctx.formParam("sample");
    StringBuilder b =
        new StringBuilder("<form method=\"post\" action=\"/admin/memory\">")
            .append(formHead(ctx))
            .append(
                field(
                    "patterns",
                    m.get("admin.memory.patterns"),
                    "<textarea id=\"patterns\" name=\"patterns\" rows=\"6\" placeholder=\"invoice = INV-\\d{6}\">"
                        + esc(patterns)
                        + "</textarea>"))
            .append(
                "<div class=\"row\"><input id=\"includeDefaults\" name=\"includeDefaults\" type=\"checkbox\"")
            .append(defaults ? " checked" : "")
            .append("><label for=\"includeDefaults\">")
            .append(esc(m.get("admin.memory.includeDefaults")))
            .append("</label></div>")
            .append(
                field(
                    "sample",
                    m.get("admin.memory.tester"),
                    "<textarea id=\"sample\" name=\"sample\" class=\"prose\" rows=\"4\">"
                        + esc(sample)
                        + "</textarea>"))
            .append("<div class=\"row\"><button name=\"action\" value=\"test\" type=\"submit\">")
            .append(esc(m.get("admin.memory.test")))
            .append(
                "</button><button name=\"action\" value=\"save\" class=\"primary\" type=\"submit\">")
            .append(esc(m.get("admin.save")))
            .append("</button></div></form>");
    Object found = ctx.attribute("facts");
    if (found instanceof List<?> facts) {
      b.append("<h2>").append(esc(m.get("admin.memory.found"))).append("</h2><ul id=\"found\">");
      if (facts.isEmpty())
        b.append("<li class=\"muted\">").append(esc(m.get("admin.memory.none"))).append("</li>");
      for (Object f : facts) b.append("<li>").append(esc(((Fact) f).promptLine())).append("</li>");
      b.append("</ul>");
    }
    shell(ctx, "memory", b.toString(), null);
  }

  /** Parses "label = regex" lines into the reader's pattern objects. */
  static ArrayNode patterns(String text) {
    ArrayNode out = JSON.createArrayNode();
    int n = 0;
    for (String line : (text == null ? "" : text).split("\n")) {
      n++;
      if (line.isBlank() || line.strip().startsWith("#")) continue;
      int eq = line.indexOf('=');
      if (eq <= 0)
        throw new SettingsException(
            "pattern line " + n + " must be 'label = regex': " + line.strip());
      out.addObject()
          .put("label", line.substring(0, eq).strip())
          .put("regex", line.substring(eq + 1).strip());
    }
    return out;
  }

  private void saveMemory(Context ctx) {
    if ("test".equals(ctx.formParam("action"))) {
      try {
        List<FactPattern> list = new ArrayList<>();
        for (JsonNode p : patterns(ctx.formParam("patterns"))) {
          list.add(FactPattern.of(p.path("label").asText(), p.path("regex").asText()));
        }
        if (ctx.formParam("includeDefaults") != null) list.addAll(MemoryConfig.DEFAULT_PATTERNS);
        MemoryConfig config =
            new MemoryConfig(list, java.util.Map.of(), MemoryConfig.defaults().maxFacts());
        ctx.attribute(
            "facts",
            new FactExtractor(config)
                .extract(
                    java.util.Map.of(),
                    List.of(new FactExtractor.Source("test", form(ctx, "sample"), false))));
      } catch (RuntimeException e) {
        ctx.status(400);
        ctx.attribute("error", e.getMessage());
      }
      memory(ctx);
      return;
    }
    save(
        ctx,
        "memory",
        doc -> {
          ObjectNode mem = obj(obj(obj(doc, "reply"), "defaults"), "memory");
          mem.set("patterns", patterns(ctx.formParam("patterns")));
          mem.put("includeDefaultPatterns", ctx.formParam("includeDefaults") != null);
        },
        this::memory);
  }

  // ------------------------------------------------------------------ tools

  private void tools(Context ctx) {
    Messages m = Messages.of(ctx);
    StringBuilder b =
        new StringBuilder("<p>").append(esc(m.get("admin.tools.intro"))).append("</p>");
    JsonNode list = d.settings().current().document().path("tools");
    String editing = form(ctx, "original");
    for (JsonNode t : list) {
      String name = t.path("name").asText();
      String yaml =
          name.equals(editing) && ctx.formParam("yaml") != null
              ? ctx.formParam("yaml")
              : t.path("yaml").asText();
      b.append("<h2>").append(esc(name)).append("</h2>").append(toolForm(ctx, m, name, yaml));
    }
    b.append("<h2>")
        .append(esc(m.get("admin.tools.new")))
        .append("</h2>")
        .append(
            toolForm(
                ctx,
                m,
                "",
                editing.isEmpty() ? Objects.requireNonNullElse(ctx.formParam("yaml"), "") : ""));
    Object tried = ctx.attribute("tried");
    if (tried != null)
      b.append("<pre id=\"tried\">").append(esc(tried.toString())).append("</pre>");
    shell(ctx, "tools", b.toString(), null);
  }

  private String toolForm(Context ctx, Messages m, String name, String yaml) {
    String id = name.isEmpty() ? "new" : name;
    return "<form method=\"post\" action=\"/admin/tools\">"
        + formHead(ctx)
        + "<input type=\"hidden\" name=\"original\" value=\""
        + esc(name)
        + "\">"
        + field(
            "yaml-" + id,
            m.get("admin.tools.definition"),
            "<textarea id=\"yaml-"
                + esc(id)
                + "\" name=\"yaml\" rows=\"12\">"
                + esc(yaml)
                + "</textarea>")
        + "<div class=\"row\"><label for=\"args-"
        + esc(id)
        + "\">"
        + esc(m.get("admin.tools.arguments"))
        + "</label><input id=\"args-"
        + esc(id)
        + "\" name=\"args\" type=\"text\" class=\"wide\" value=\"{}\">"
        + "<label for=\"ticket-"
        + esc(id)
        + "\">"
        + esc(m.get("admin.tools.ticket"))
        + "</label><input id=\"ticket-"
        + esc(id)
        + "\" name=\"ticket\" type=\"text\" class=\"narrow\" placeholder=\"SD-1\">"
        + (d.toolTrier() == null
            ? ""
            : "<button name=\"action\" value=\"try\" type=\"submit\">"
                + esc(m.get("admin.tools.try"))
                + "</button>")
        + "</div><div class=\"row\"><button name=\"action\" value=\"save\" class=\"primary\" type=\"submit\">"
        + esc(m.get("admin.tools.add"))
        + "</button>"
        + (name.isEmpty()
            ? ""
            : "<button name=\"action\" value=\"remove\" class=\"danger\" type=\"submit\">"
                + esc(m.get("admin.tools.remove"))
                + "</button>")
        + "</div></form>";
  }

  private void saveTool(Context ctx) {
    String action = form(ctx, "action");
    String yaml = ctx.formParam("yaml") == null ? "" : ctx.formParam("yaml");
    if (action.equals("try")) {
      try {
        HttpToolDefinition def = com.jsmai.plugin.settings.SettingsStore.parseTool("tool", yaml);
        JiraClient jira = d.jira().get();
        if (jira == null) throw new SettingsException("no Jira connection: configure it first");
        String key = form(ctx, "ticket");
        if (!key.matches("[A-Z][A-Z0-9_]{0,30}-\\d{1,12}")) {
          throw new SettingsException(
              "enter the ticket whose reporter the tool acts for, such as SD-1");
        }
        JsonNode args = JSON.readTree(form(ctx, "args").isEmpty() ? "{}" : form(ctx, "args"));
        ToolResult r = d.toolTrier().tryIt(def, args, jira.getTicket(key));
        ctx.attribute(
            "tried",
            r.outcome() + "\n" + (r.data() != null ? r.data().toPrettyString() : r.message()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        ctx.status(400);
        ctx.attribute("error", "arguments must be a JSON object: " + e.getOriginalMessage());
      } catch (RuntimeException e) {
        ctx.status(400);
        ctx.attribute("error", e.getMessage());
      }
      tools(ctx);
      return;
    }
    save(
        ctx,
        "tools",
        doc -> {
          ArrayNode list = arr(doc, "tools");
          String original = form(ctx, "original");
          int at = -1;
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals(original)) at = i;
          }
          if (action.equals("remove")) {
            if (at >= 0) list.remove(at);
            return;
          }
          HttpToolDefinition def =
              com.jsmai.plugin.settings.SettingsStore.parseTool(
                  original.isEmpty() ? "new tool" : original, yaml);
          ObjectNode entry = at >= 0 ? (ObjectNode) list.get(at) : list.addObject();
          entry.put("name", def.name());
          entry.put("yaml", yaml.strip() + "\n");
        },
        this::tools);
  }

  // ------------------------------------------------------------------ handoff

  private void handoff(Context ctx) {
    Messages m = Messages.of(ctx);
    var h = d.settings().current().reply().policies().resolve(null, null).handoff();
    StringBuilder b =
        new StringBuilder("<form method=\"post\" action=\"/admin/handoff\">")
            .append(formHead(ctx))
            .append(
                field(
                    "transition",
                    m.get("admin.handoff.transition"),
                    text("transition", h.transitionName() == null ? "" : h.transitionName())))
            .append(
                field(
                    "labels",
                    m.get("admin.handoff.labels"),
                    text("labels", String.join(", ", h.labels()))))
            .append("<div class=\"row\"><input id=\"repeated\" name=\"repeated\" type=\"checkbox\"")
            .append(h.onRepeatedQuestion() ? " checked" : "")
            .append("><label for=\"repeated\">")
            .append(esc(m.get("admin.handoff.repeated")))
            .append("</label></div>")
            // handoff.customerNotice (reply.HandoffNotice); its custom text is set in the config.
            .append("<div class=\"row\"><input id=\"notice\" name=\"notice\" type=\"checkbox\"")
            .append(h.customerNotice() ? " checked" : "")
            .append("><label for=\"notice\">")
            .append(esc(m.get("reply.handoffNotice.adminLabel")))
            .append("</label></div><div class=\"grid2\"><div>")
            .append(
                field(
                    "failures",
                    m.get("admin.handoff.failures"),
                    "<input id=\"failures\" name=\"failures\" type=\"number\" min=\"1\" value=\""
                        + h.maxModelFailures()
                        + "\">"))
            .append("</div><div>")
            .append(
                field(
                    "deadline",
                    m.get("admin.handoff.deadline"),
                    "<input id=\"deadline\" name=\"deadline\" type=\"number\" min=\"1\" value=\""
                        + h.modelDeadline().toMinutes()
                        + "\">"))
            .append("</div></div>")
            .append(
                field(
                    "phrases",
                    m.get("admin.handoff.phrases"),
                    "<textarea id=\"phrases\" name=\"phrases\" class=\"prose\" rows=\"4\">"
                        + esc(String.join("\n", h.extraHumanPhrases()))
                        + "</textarea>"))
            .append(submit(m))
            .append("</form>");
    shell(ctx, "handoff", b.toString(), null);
  }

  private void saveHandoff(Context ctx) {
    save(
        ctx,
        "handoff",
        doc -> {
          ObjectNode h = obj(obj(obj(doc, "reply"), "defaults"), "handoff");
          String transition = form(ctx, "transition");
          if (transition.isEmpty()) h.putNull("transition");
          else h.put("transition", transition);
          ArrayNode labels = h.putArray("labels");
          for (String l : form(ctx, "labels").split(",")) if (!l.isBlank()) labels.add(l.strip());
          h.put("onRepeatedQuestion", ctx.formParam("repeated") != null);
          h.put("customerNotice", ctx.formParam("notice") != null);
          h.put("maxModelFailures", integer(ctx, "failures", "model failures before handoff"));
          h.put("modelDeadlineMinutes", integer(ctx, "deadline", "minutes before handoff"));
          ArrayNode phrases = h.putArray("humanPhrases");
          for (String p : form(ctx, "phrases").split("\n"))
            if (!p.isBlank()) phrases.add(p.strip());
        },
        this::handoff);
  }

  // ------------------------------------------------------------------ history and rollback

  private void history(Context ctx) {
    Messages m = Messages.of(ctx);
    StringBuilder b =
        new StringBuilder("<div class=\"table-scroll\"><table><thead><tr><th>")
            .append(esc(m.get("admin.history.version")))
            .append("</th><th>")
            .append(esc(m.get("admin.history.when")))
            .append("</th><th>")
            .append(esc(m.get("admin.history.who")))
            .append("</th><th>")
            .append(esc(m.get("admin.history.what")))
            .append("</th><th></th></tr></thead><tbody>");
    int current = d.settings().current().version();
    for (SettingsVersion v : d.settings().history(100)) {
      b.append("<tr><td>")
          .append(v.version())
          .append("</td><td>")
          .append(esc(TIME.format(v.at())))
          .append("</td><td>")
          .append(esc(v.author()))
          .append("</td><td><pre>")
          .append(esc(v.summary()))
          .append("</pre></td><td>");
      if (v.version() != current) {
        b.append("<form method=\"post\" action=\"/admin/history/rollback\">")
            .append(formHead(ctx))
            .append("<input type=\"hidden\" name=\"to\" value=\"")
            .append(v.version())
            .append("\"><button type=\"submit\">")
            .append(esc(m.get("admin.history.rollback")))
            .append("</button></form>");
      }
      b.append("</td></tr>");
    }
    shell(ctx, "history", b.append("</tbody></table></div>").toString(), null);
  }

  private void rollback(Context ctx) {
    try {
      Settings s = d.settings().rollback(session(ctx).user(), Integer.parseInt(form(ctx, "to")));
      ctx.redirect("/admin/history?saved=" + s.version());
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      ctx.attribute("error", e.getMessage());
      history(ctx);
    }
  }

  // ------------------------------------------------------------------ feedback and CSAT

  private void feedbackPage(Context ctx) {
    Messages m = Messages.of(ctx);
    StringBuilder b =
        new StringBuilder("<h2>")
            .append(esc(m.get("admin.feedback.acceptance")))
            .append("</h2><div class=\"table-scroll\"><table id=\"acceptance\"><thead><tr><th>")
            .append(esc(m.get("admin.feedback.desk")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.suggested")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.inserted")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.edited")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.rate")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.up")))
            .append("</th><th>")
            .append(esc(m.get("admin.feedback.down")))
            .append("</th></tr></thead><tbody>");
    var names = d.settings().current().reply().serviceDeskNames();
    for (FeedbackStore.DeskStats s : d.feedback().stats()) {
      String desk = names.getOrDefault(s.serviceDeskId(), s.serviceDeskId());
      b.append("<tr><td>")
          .append(esc(desk))
          .append("</td><td>")
          .append(s.suggested())
          .append("</td><td>")
          .append(s.inserted())
          .append("</td><td>")
          .append(s.edited())
          .append("</td><td><strong>")
          .append(Math.round(s.acceptanceRate() * 100))
          .append("%</strong></td><td>")
          .append(s.thumbsUp())
          .append("</td><td>")
          .append(s.thumbsDown())
          .append("</td></tr>");
    }
    b.append("</tbody></table></div><h2>")
        .append(esc(m.get("admin.feedback.csat")))
        .append("</h2>");
    List<CsatReader.Csat> ratings = csatOfAnswered();
    if (ratings.isEmpty()) {
      b.append("<p class=\"muted\">").append(esc(m.get("admin.feedback.noCsat"))).append("</p>");
    } else {
      b.append("<div class=\"table-scroll\"><table id=\"csat\"><thead><tr><th>")
          .append(esc(m.get("admin.feedback.ticket")))
          .append("</th><th>")
          .append(esc(m.get("admin.feedback.rating")))
          .append("</th><th>")
          .append(esc(m.get("admin.feedback.comment")))
          .append("</th></tr></thead><tbody>");
      double sum = 0;
      for (CsatReader.Csat c : ratings) {
        sum += c.rating();
        b.append("<tr><td>")
            .append(esc(c.issueKey()))
            .append("</td><td>")
            .append("★".repeat(c.rating()))
            .append("</td><td>")
            .append(esc(c.comment()))
            .append("</td></tr>");
      }
      b.append("</tbody></table></div><p>⌀ ")
          .append(String.format(Locale.ROOT, "%.2f", sum / ratings.size()))
          .append(" / 5</p>");
    }
    b.append("<p><a class=\"button\" href=\"/admin/feedback/export.jsonl\" download>")
        .append(esc(m.get("admin.feedback.export")))
        .append("</a></p>");
    shell(ctx, "feedback", b.toString(), null);
  }

  /** CSAT of tickets with at least one suggestion, read from JSM. */
  List<CsatReader.Csat> csatOfAnswered() {
    Set<String> keys = new LinkedHashSet<>();
    for (FeedbackStore.Row r : d.feedback().all()) keys.add(r.issueKey());
    keys.addAll(d.answeredTickets().get());
    List<CsatReader.Csat> out = new ArrayList<>();
    for (String k : keys) d.csat().csat(k).ifPresent(out::add);
    return out;
  }

  private void export(Context ctx) {
    java.util.Map<String, Integer> csat = new java.util.HashMap<>();
    for (CsatReader.Csat c : csatOfAnswered()) csat.put(c.issueKey(), c.rating());
    ctx.header("Content-Disposition", "attachment; filename=\"rated-conversations.jsonl\"");
    ctx.contentType("application/x-ndjson; charset=utf-8")
        .result(d.feedback().exportJsonl(csat::get));
  }

  // ------------------------------------------------------------------ everything as JSON

  private void advanced(Context ctx) {
    Messages m = Messages.of(ctx);
    String doc =
        ctx.formParam("document") != null
            ? ctx.formParam("document")
            : d.settings().current().document().toPrettyString();
    shell(
        ctx,
        "advanced",
        "<p>"
            + esc(m.get("admin.advanced.intro"))
            + "</p><form method=\"post\" action=\"/admin/advanced\">"
            + formHead(ctx)
            + "<label for=\"document\" class=\"sr\">JSON</label><textarea id=\"document\" name=\"document\" rows=\"30\">"
            + esc(doc)
            + "</textarea>"
            + submit(m)
            + "</form>",
        null);
  }

  private void saveAdvanced(Context ctx) {
    save(
        ctx,
        "advanced",
        doc -> {
          JsonNode parsed;
          try {
            parsed = JSON.readTree(Objects.requireNonNullElse(ctx.formParam("document"), ""));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SettingsException("not valid JSON: " + e.getOriginalMessage());
          }
          if (!(parsed instanceof ObjectNode o))
            throw new SettingsException("the settings must be a JSON object");
          doc.removeAll();
          doc.setAll(o);
        },
        this::advanced);
  }

  Deps deps() {
    return d;
  }

  Optional<Session> adminSession(Context ctx) {
    return Optional.ofNullable(session(ctx));
  }
}

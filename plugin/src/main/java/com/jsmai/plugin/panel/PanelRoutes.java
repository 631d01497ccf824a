package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jsmai.plugin.cloud.ForgeInvocation;
import com.jsmai.plugin.cloud.ForgeInvocationTokenVerifier;
import com.jsmai.plugin.cloud.ForgeSite;
import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.web.Html;
import com.jsmai.plugin.web.Messages;
import com.jsmai.plugin.web.Session;
import com.jsmai.plugin.web.Sessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent side panel: one page ({@code /panel?issueKey=KEY}) and its JSON API under {@code
 * /panel/api/{key}/...}. Nothing about a ticket leaves this class before the caller is proven:
 *
 * <ul>
 *   <li><b>Cloud</b>: a Forge Invocation Token as {@code Authorization: Bearer}, verified by {@link
 *       ForgeInvocationTokenVerifier}, and it must name this issue (Jira issued it for the issue
 *       the agent is looking at).
 *   <li><b>Data Center</b>: a session made by the OAuth 2.0 sign-in ({@link JiraOAuthClient}), and
 *       Jira must confirm, with the agent's own token, that the agent can see this issue (cached
 *       for a minute). State-changing calls also need the session's CSRF token.
 * </ul>
 *
 * An expired, forged or missing credential gets 401 {@code sign_in_again} with no ticket data.
 */
public final class PanelRoutes implements Consumer<Javalin> {
  private static final Logger log = LoggerFactory.getLogger(PanelRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,30}-[0-9]{1,12}");

  /**
   * What the panel needs from the rest of the plugin.
   *
   * @param jira the service's Jira client (reads tickets, posts the inserted reply)
   * @param suggester builds briefs and suggestions
   * @param feedback where suggestions and the agents' verdicts are stored
   * @param sessions browser sessions (Data Center sign-in)
   * @param oauth Jira Data Center OAuth 2.0 client, or null when not configured
   * @param forge the Forge token verifier (Cloud), or null when not configured
   * @param allowLocalAdmins lets a signed-in local admin use the panel (standalone demo only)
   * @param frameAncestors CSP {@code frame-ancestors}: the Jira origin that embeds the panel
   * @param forgeSite the Cloud site whose Forge calls {@code POST /forge/panel} serves, or null
   *     (then that route answers 503: a FIT alone does not say which site's tickets it may read)
   * @param flagged tickets the input check flagged and the agents' verdicts, or null when that
   *     feature is off (the panel then shows no flagged section)
   */
  public record Deps(
      JiraClient jira,
      Suggester suggester,
      FeedbackStore feedback,
      Sessions sessions,
      JiraOAuthClient oauth,
      ForgeInvocationTokenVerifier forge,
      boolean allowLocalAdmins,
      String frameAncestors,
      ForgeSite forgeSite,
      FlaggedInputs flagged) {
    public Deps {
      Objects.requireNonNull(jira, "jira");
      Objects.requireNonNull(suggester, "suggester");
      Objects.requireNonNull(feedback, "feedback");
      Objects.requireNonNull(sessions, "sessions");
      frameAncestors =
          frameAncestors == null || frameAncestors.isBlank() ? "'self'" : frameAncestors;
    }
  }

  private final Deps d;
  private final Cache<String, JiraOAuthClient.Visibility> visibility =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

  private final PanelActions actions;
  private final ForgePanelRemote forgeRemote;
  private final FlaggedPanelApi flagged;

  public PanelRoutes(Deps deps) {
    this.d = Objects.requireNonNull(deps, "deps");
    this.flagged = new FlaggedPanelApi(d.flagged());
    this.actions =
        new PanelActions(
            d.jira(), d.suggester(), d.feedback(), new AgentComments(Duration.ofSeconds(15)));
    this.forgeRemote =
        d.forge() == null || d.forgeSite() == null
            ? null
            : new ForgePanelRemote(d.forge(), d.forgeSite(), actions, flagged);
  }

  @Override
  public void accept(Javalin app) {
    app.get("/panel", this::page);
    app.get("/panel/oauth/start", this::oauthStart);
    app.get("/panel/oauth/callback", this::oauthCallback);
    app.get("/panel/api/{key}/brief", this::brief);
    app.post("/panel/api/{key}/suggest", this::suggest);
    app.post("/panel/api/{key}/insert", this::insert);
    app.post("/panel/api/{key}/feedback", this::rate);
    app.get("/panel/api/{key}/flagged", this::flaggedList);
    app.post("/panel/api/{key}/flagged/{id}/verdict", this::verdict);
    app.post(ForgePanelRemote.PATH, this::forge);
  }

  private void forge(Context ctx) {
    if (forgeRemote == null) {
      deny(ctx, 503, "not_configured", "the Forge remote is not configured on this server");
      return;
    }
    forgeRemote.handle(ctx);
  }

  // ------------------------------------------------------------------ page and sign-in

  private void page(Context ctx) {
    Messages m = Messages.of(ctx);
    String key = ctx.queryParam("issueKey");
    if (key == null || !ISSUE_KEY.matcher(key).matches()) {
      ctx.status(400);
      Html.page(
          ctx,
          m,
          m.get("panel.title"),
          d.frameAncestors(),
          "",
          "<main class=\"panel\"><p class=\"error\">"
              + Html.esc(m.get("panel.badIssue"))
              + "</p></main>",
          null);
      return;
    }
    Session session = d.sessions().find(ctx).orElse(null);
    boolean dc = "dc".equals(ctx.queryParam("flavor"));
    if (dc && session == null && d.oauth() != null) {
      ctx.redirect(startUrl(key));
      return;
    }
    String attrs =
        "data-issue=\""
            + Html.esc(key)
            + "\" data-csrf=\""
            + Html.esc(session == null ? "" : session.csrf())
            + "\" data-signin=\""
            + Html.esc(d.oauth() == null ? "" : startUrl(key))
            + "\"";
    Html.page(
        ctx,
        m,
        m.get("panel.title") + " " + key,
        d.frameAncestors(),
        attrs,
        PanelPage.body(m, key),
        "panel.js");
  }

  private static String startUrl(String key) {
    return "/panel/oauth/start?issueKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private void oauthStart(Context ctx) {
    String key = ctx.queryParam("issueKey");
    if (d.oauth() == null || key == null || !ISSUE_KEY.matcher(key).matches()) {
      ctx.status(400).result("sign-in is not available");
      return;
    }
    ctx.redirect(d.oauth().authorizationUrl("/panel?issueKey=" + key + "&flavor=dc").toString());
  }

  private void oauthCallback(Context ctx) {
    Messages m = Messages.of(ctx);
    if (d.oauth() == null) {
      ctx.status(400).result("sign-in is not available");
      return;
    }
    try {
      JiraOAuthClient.Completed done =
          d.oauth().complete(ctx.queryParam("code"), ctx.queryParam("state"));
      // One callback URL serves both sign-ins (Jira allows one per application link): a flow that
      // started from the admin screens gets an admin session only if Jira says ADMINISTER.
      boolean wantsAdmin = done.returnTo().startsWith("/admin");
      boolean admin = wantsAdmin && d.oauth().isAdministrator(done.user().accessToken());
      if (wantsAdmin && !admin) {
        ctx.status(403);
        Html.page(
            ctx,
            m,
            m.get("admin.title"),
            "'none'",
            "",
            "<main class=\"login\"><p class=\"error\" role=\"alert\">"
                + Html.esc(done.user().displayName())
                + ": not a Jira administrator</p></main>",
            null);
        return;
      }
      d.sessions()
          .start(
              ctx, done.user().name(), done.user().displayName(), admin, done.user().accessToken());
      log.info("{} sign-in by {}", admin ? "admin" : "panel", done.user().name());
      ctx.redirect(done.returnTo());
    } catch (JiraOAuthClient.SignInRequired e) {
      ctx.status(401);
      Html.page(
          ctx,
          m,
          m.get("panel.title"),
          d.frameAncestors(),
          "",
          "<main class=\"panel\"><p class=\"error\" role=\"alert\">"
              + Html.esc(m.get("panel.signInAgain"))
              + " ("
              + Html.esc(e.getMessage())
              + ")</p></main>",
          null);
    }
  }

  // ------------------------------------------------------------------ authentication

  /** The proven agent for {@code key}, or null after writing a 401/403 answer. */
  PanelUser authorize(Context ctx, String key, boolean changesState) {
    if (key == null || !ISSUE_KEY.matcher(key).matches()) {
      deny(ctx, 400, "bad_issue", "not an issue key");
      return null;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (d.forge() == null) {
        deny(ctx, 401, "sign_in_again", "token sign-in is not configured");
        return null;
      }
      try {
        ForgeInvocation inv = d.forge().verify(auth.substring(7));
        if (inv.principal() == null) {
          deny(ctx, 401, "sign_in_again", "the token names no user");
          return null;
        }
        if (inv.issueKey() == null || !inv.issueKey().equals(key)) {
          deny(ctx, 403, "wrong_issue", "the token was issued for another issue");
          return null;
        }
        return new PanelUser(inv.principal(), inv.principal(), "forge", null);
      } catch (ForgeInvocationTokenVerifier.InvalidTokenException e) {
        log.info("panel: refused a Forge token for {}: {}", key, e.getMessage());
        deny(ctx, 401, "sign_in_again", e.getMessage());
        return null;
      }
    }
    Session s = d.sessions().find(ctx).orElse(null);
    if (s == null) {
      deny(ctx, 401, "sign_in_again", "not signed in");
      return null;
    }
    if (changesState && !Sessions.csrfValid(ctx, s)) {
      deny(ctx, 403, "csrf", "missing or wrong CSRF token; reload the panel");
      return null;
    }
    if (s.jiraAccessToken() == null) {
      if (s.admin() && d.allowLocalAdmins()) {
        return new PanelUser(s.user(), s.displayName(), "local", s.csrf());
      }
      deny(ctx, 401, "sign_in_again", "sign in through Jira to use the panel");
      return null;
    }
    if (d.oauth() == null) {
      deny(ctx, 401, "sign_in_again", "Jira sign-in is not configured");
      return null;
    }
    JiraOAuthClient.Visibility v =
        visibility.get(s.id() + "\n" + key, k -> d.oauth().canSee(s.jiraAccessToken(), key));
    switch (v) {
      case VISIBLE -> {
        return new PanelUser(s.user(), s.displayName(), "oauth", s.csrf());
      }
      case SIGN_IN_AGAIN -> {
        visibility.invalidate(s.id() + "\n" + key);
        d.sessions().end(ctx);
        deny(ctx, 401, "sign_in_again", "the Jira session has expired");
      }
      case NOT_VISIBLE -> deny(ctx, 403, "not_visible", "you cannot see this issue in Jira");
      default -> {
        visibility.invalidate(s.id() + "\n" + key);
        deny(ctx, 503, "jira_unreachable", "Jira could not confirm access; try again");
      }
    }
    return null;
  }

  private static void deny(Context ctx, int status, String error, String message) {
    ObjectNode body = JSON.createObjectNode().put("error", error).put("message", message);
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  // ------------------------------------------------------------------ API

  private void brief(Context ctx) {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, false);
    if (user == null) return;
    ctx.contentType("application/json").result(actions.brief(key, user).toString());
  }

  private void suggest(Context ctx) throws IOException {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, true);
    if (user == null) return;
    ctx.res().setStatus(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    SseWriter sse = new SseWriter(out);
    try {
      ObjectNode done =
          actions.suggest(
              key,
              user,
              new StreamingAgent.Listener() {
                @Override
                public void onDelta(String text) {
                  sse.send("delta", JSON.createObjectNode().put("text", text));
                }

                @Override
                public void onToolStart(com.jsmai.plugin.llm.ToolCall call) {
                  sse.send("tool_start", StreamingAgent.toolStartJson(call));
                }

                @Override
                public void onToolCall(ToolCallRecord call) {
                  sse.send("tool", StreamingAgent.toolJson(call));
                }
              });
      done.remove("tools");
      sse.send("done", done);
    } catch (RuntimeException e) {
      log.warn("panel: suggestion for {} failed: {}", key, e.toString());
      sse.send(
          "error",
          JSON.createObjectNode()
              .put("message", "the model could not answer: " + e.getClass().getSimpleName()));
    }
    out.flush();
  }

  private void insert(Context ctx) throws IOException {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, true);
    if (user == null) return;
    JsonNode body = JSON.readTree(ctx.body());
    // Data Center: the agent's own OAuth 2.0 token from the sign-in makes the agent the author.
    AgentComments.AgentToken token = null;
    String noToken = "the agent signed in without Jira (local admin)";
    if ("oauth".equals(user.via()) && d.oauth() != null) {
      String access = d.sessions().find(ctx).map(Session::jiraAccessToken).orElse(null);
      if (access != null) {
        token = new AgentComments.AgentToken(d.oauth().apiBase(), access, "/rest/api/2");
      }
    } else if ("forge".equals(user.via())) {
      noToken = "this route gets no user token; the Forge app posts through /forge/panel";
    }
    try {
      ctx.contentType("application/json")
          .result(actions.insert(key, user, token, noToken, body).toString());
    } catch (PanelActions.Refused e) {
      deny(ctx, e.status(), e.error(), e.getMessage());
    }
  }

  private void rate(Context ctx) throws IOException {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, true);
    if (user == null) return;
    try {
      ctx.contentType("application/json")
          .result(actions.rate(key, JSON.readTree(ctx.body())).toString());
    } catch (PanelActions.Refused e) {
      deny(ctx, e.status(), e.error(), e.getMessage());
    }
  }

  private void flaggedList(Context ctx) {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, false);
    if (user == null) return;
    ctx.contentType("application/json").result(flagged.list(key).toString());
  }

  private void verdict(Context ctx) throws IOException {
    String key = ctx.pathParam("key");
    PanelUser user = authorize(ctx, key, true);
    if (user == null) return;
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body());
    } catch (IOException e) {
      deny(ctx, 400, "bad_json", "the body must be JSON like {\"verdict\":\"benign\"}");
      return;
    }
    try {
      ctx.contentType("application/json")
          .result(flagged.judge(key, ctx.pathParam("id"), body, user).toString());
    } catch (PanelActions.Refused e) {
      deny(ctx, e.status(), e.error(), e.getMessage());
    }
  }

  /** Server-sent events over a blocking response stream. */
  private static final class SseWriter {
    private final OutputStream out;
    private boolean broken;

    SseWriter(OutputStream out) {
      this.out = out;
    }

    void send(String event, JsonNode data) {
      if (broken) return;
      try {
        out.write(
            ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        broken = true; // the agent closed the panel; finish quietly
      }
    }
  }
}

package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.cloud.ForgeInvocation;
import com.jsmai.plugin.cloud.ForgeInvocationTokenVerifier;
import com.jsmai.plugin.cloud.ForgeSite;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.tools.ToolCallRecord;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Forge Remote endpoint of the Cloud panel: {@code POST /forge/panel}, called by Forge on
 * behalf of the UI Kit frontend ({@code plugin/forge/src/frontend/index.jsx}) through {@code
 * invokeRemote} from {@code @forge/bridge}.
 *
 * <p>The request, as Forge sends it (developer.atlassian.com/platform/forge/remote/essentials/,
 * .../remote/calling-from-frontend/, .../remote/calling-product-apis/,
 * .../apis-reference/ui-api-bridge/invokeRemote/):
 *
 * <pre>
 * POST {remote baseUrl}/forge/panel            method and path from the invokeRemote call
 * Authorization: Bearer &lt;FIT&gt;                 Forge Invocation Token, RS256, aud = app id
 * x-forge-oauth-user: &lt;token&gt;                 the agent's token (endpoint auth.appUserToken)
 * x-b3-traceid, x-b3-spanid                    tracing
 * Content-Type: application/json
 * {"call": {"functionKey": "brief|suggest|insert|feedback|flagged|verdict", "payload": {...}}}
 * </pre>
 *
 * {@code flagged} answers why the input check flagged the issue; {@code verdict} takes {@code
 * {"id": <row>, "verdict": "benign"|"attack"}} (the same as the panel's own routes).
 *
 * <p>The answer is {@code application/json}; Forge hands the frontend {@code {status, headers,
 * body}} and gives up after 25 s, so a suggestion gets {@value #SUGGEST_BUDGET_SECONDS} s and then
 * a 504.
 *
 * <p>Nothing in the body is trusted for identity or scope: the agent is the FIT's {@code
 * principal}, the issue is the FIT's {@code context.extension.issue.key} (a {@code
 * payload.issueKey} must match it), and the FIT must be for this app (audience), unexpired, and for
 * the configured site and installation ({@link ForgeSite}). Anything else is 401/403 with no ticket
 * data. The FIT's {@code app.apiBaseUrl} (checked against the site) is where the agent's token
 * posts an inserted reply.
 */
public final class ForgePanelRemote {
  private static final Logger log = LoggerFactory.getLogger(ForgePanelRemote.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String PATH = "/forge/panel";
  static final int SUGGEST_BUDGET_SECONDS = 20;

  private final ForgeInvocationTokenVerifier verifier;
  private final ForgeSite site;
  private final PanelActions actions;
  private final ExecutorService suggestions =
      Executors.newFixedThreadPool(4, DaemonThreads.named("forge-suggest"));

  private final FlaggedPanelApi flagged;

  public ForgePanelRemote(
      ForgeInvocationTokenVerifier verifier, ForgeSite site, PanelActions actions) {
    this(verifier, site, actions, new FlaggedPanelApi(null));
  }

  /**
   * @param flagged why a ticket was flagged and the agents' verdicts (functions {@code flagged} and
   *     {@code verdict})
   */
  ForgePanelRemote(
      ForgeInvocationTokenVerifier verifier,
      ForgeSite site,
      PanelActions actions,
      FlaggedPanelApi flagged) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.site = Objects.requireNonNull(site, "site");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.flagged = Objects.requireNonNull(flagged, "flagged");
  }

  void handle(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    String auth = ctx.header("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      answer(ctx, 401, error("sign_in_again", "a Forge Invocation Token is required"));
      return;
    }
    ForgeInvocation inv;
    try {
      inv = verifier.verify(auth.substring(7));
    } catch (ForgeInvocationTokenVerifier.InvalidTokenException e) {
      log.info("forge: refused an invocation token: {}", e.getMessage());
      answer(ctx, 401, error("sign_in_again", e.getMessage()));
      return;
    }
    String mismatch = site.mismatch(inv);
    if (mismatch != null) {
      log.warn("forge: refused a valid token from another site or installation: {}", mismatch);
      answer(ctx, 403, error("wrong_site", mismatch));
      return;
    }
    if (inv.principal() == null) {
      answer(ctx, 401, error("sign_in_again", "the token names no user"));
      return;
    }
    String key = inv.issueKey();
    if (key == null) {
      answer(ctx, 403, error("no_issue", "the token names no issue"));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body());
    } catch (IOException e) {
      answer(ctx, 400, error("bad_request", "the body is not JSON"));
      return;
    }
    JsonNode call = body == null ? null : body.get("call");
    if (call == null || !call.path("functionKey").isTextual()) {
      answer(ctx, 400, error("bad_request", "call.functionKey is required"));
      return;
    }
    JsonNode payload = call.path("payload");
    String asked = payload.path("issueKey").asText(null);
    if (asked != null && !asked.equals(key)) {
      answer(ctx, 403, error("wrong_issue", "the token was issued for another issue"));
      return;
    }
    PanelUser user = new PanelUser(inv.principal(), inv.principal(), "forge", null);
    String function = call.path("functionKey").asText();
    try {
      switch (function) {
        case "brief" -> answer(ctx, 200, actions.brief(key, user));
        case "suggest" -> suggest(ctx, key, user);
        case "insert" -> answer(ctx, 200, insert(ctx, inv, key, user, payload));
        case "feedback" -> answer(ctx, 200, actions.rate(key, payload));
        case "flagged" -> answer(ctx, 200, flagged.list(key));
        case "verdict" ->
            answer(ctx, 200, flagged.judge(key, payload.path("id").asText(""), payload, user));
        default -> answer(ctx, 400, error("unknown_function", "no function " + function));
      }
    } catch (PanelActions.Refused e) {
      answer(ctx, e.status(), error(e.error(), e.getMessage()));
    } catch (RuntimeException e) {
      // Forge shows the frontend our JSON; a stack trace page would be neither JSON nor safe.
      log.warn("forge: {} on {} failed: {}", function, key, e.toString());
      answer(
          ctx,
          502,
          error("failed", "the assistant could not do that: " + e.getClass().getSimpleName()));
    }
  }

  private ObjectNode insert(
      Context ctx, ForgeInvocation inv, String key, PanelUser user, JsonNode payload) {
    String userToken = ctx.header("x-forge-oauth-user");
    AgentComments.AgentToken token =
        userToken == null || userToken.isBlank()
            ? null
            : new AgentComments.AgentToken(
                URI.create(inv.apiBaseUrl()), userToken.strip(), "/rest/api/3");
    return actions.insert(
        key, user, token, "Forge sent no user token (x-forge-oauth-user)", payload);
  }

  private void suggest(Context ctx, String key, PanelUser user) {
    Future<ObjectNode> f =
        suggestions.submit(
            () ->
                actions.suggest(
                    key,
                    user,
                    new StreamingAgent.Listener() {
                      @Override
                      public void onDelta(String text) {}

                      @Override
                      public void onToolCall(ToolCallRecord call) {}
                    }));
    try {
      answer(ctx, 200, f.get(SUGGEST_BUDGET_SECONDS, TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      f.cancel(true);
      answer(
          ctx,
          504,
          error("too_slow", "the model did not finish within " + SUGGEST_BUDGET_SECONDS + " s"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PanelActions.Refused r) throw r;
      log.warn("forge: suggestion for {} failed: {}", key, String.valueOf(cause));
      answer(
          ctx,
          502,
          error(
              "model_failed",
              "the model could not answer: "
                  + (cause == null ? "unknown" : cause.getClass().getSimpleName())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      answer(ctx, 503, error("interrupted", "the server is stopping"));
    }
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  private static void answer(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}

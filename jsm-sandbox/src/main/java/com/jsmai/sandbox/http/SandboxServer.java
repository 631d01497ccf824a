package com.jsmai.sandbox.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.SandboxConfig;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.fault.FaultPlan;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.Seed;
import com.jsmai.sandbox.state.StateError;
import com.jsmai.sandbox.view.Views;
import com.jsmai.sandbox.webhook.PayloadFactory;
import com.jsmai.sandbox.webhook.WebhookDispatcher;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Wires the sandbox: state, views, webhook dispatcher, faults, request log and the Javalin routes.
 *
 * <p>Every {@code /rest/...} call goes through, in order: request logging, injected faults (delay,
 * forced status), authentication, then its handler. {@code /_sandbox/...}, {@code /health} and the
 * portal page need no authentication (the sandbox binds to loopback by default).
 */
public final class SandboxServer implements AutoCloseable {
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final SandboxConfig config;
  private final SandboxState state;
  private final Views views;
  private final FaultPlan faults = new FaultPlan();
  private final RequestLog requests = new RequestLog();
  private final WebhookDispatcher dispatcher;
  private final Authenticator auth;
  private final Javalin app;
  private volatile String baseUrl;

  public SandboxServer(SandboxConfig config) {
    this.config = config;
    Seed seed =
        Seed.create(
            config.flavor(),
            config.dataDir() == null ? null : config.dataDir().resolve("users.json"));
    this.state = new SandboxState(config.flavor(), seed, config.clock(), config.snapshotFile());
    this.views = new Views(state, () -> baseUrl);
    this.dispatcher =
        new WebhookDispatcher(
            state,
            new PayloadFactory(state, views),
            faults,
            config.effectiveWebhookRetries(),
            config.webhookRetryBaseDelay(),
            config.webhookTimeout());
    state.setSink(dispatcher);
    this.auth = new Authenticator(state);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.http.defaultContentType = "application/json";
              cfg.requestLogger.http(this::logRequest);
            });
    app.before("/rest/*", this::beforeRest);
    new ServiceDeskRoutes(state, views, faults).register(app);
    new PlatformRoutes(state, views).register(app);
    new WebhookRoutes(state, views).register(app);
    new ControlRoutes(this).register(app);
    app.exception(StateError.class, (e, ctx) -> renderError(ctx, e));
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> renderError(ctx, StateError.badRequest(e.getMessage())));
    app.error(
        404,
        ctx -> {
          String result = ctx.result();
          // Javalin's own "endpoint not found" answer becomes Jira's error shape; ours stay.
          if (result == null || !result.contains("\"errorMessage")) {
            renderError(ctx, StateError.notFound("null for uri: " + ctx.fullUrl()));
          }
        });
    app.error(405, ctx -> renderError(ctx, new StateError(405, "Method Not Allowed")));
  }

  public SandboxServer start() {
    app.start(config.host(), config.port());
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
    return this;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public SandboxState state() {
    return state;
  }

  public FaultPlan faults() {
    return faults;
  }

  public RequestLog requests() {
    return requests;
  }

  public WebhookDispatcher dispatcher() {
    return dispatcher;
  }

  public SandboxConfig config() {
    return config;
  }

  /** Back to the seed: no requests, webhooks, faults, logged calls or deliveries. */
  public void reset() {
    state.reset();
    faults.clear();
    requests.clear();
    dispatcher.clearLog();
  }

  private void beforeRest(Context ctx) throws InterruptedException {
    ctx.attribute(Http.RAW_BODY, ctx.body());
    String path = ctx.path();
    Optional<Fault> delay = faults.takeHttp(Fault.Kind.HTTP_DELAY, ctx.method().name(), path);
    if (delay.isPresent()) {
      Thread.sleep(delay.get().delayMillis());
    }
    Optional<Fault> forced = faults.takeHttp(Fault.Kind.HTTP_STATUS, ctx.method().name(), path);
    if (forced.isPresent()) {
      Fault f = forced.get();
      if (f.retryAfterSeconds() != null) {
        ctx.header("Retry-After", String.valueOf(f.retryAfterSeconds()));
      }
      if (f.status() == 429) {
        ctx.header("X-RateLimit-Limit", "100");
        ctx.header("X-RateLimit-Remaining", "0");
        if (state.flavor().isCloud()) {
          ctx.header("RateLimit-Reason", "jira-quota-based");
          ctx.header("X-RateLimit-NearLimit", "true");
        } else {
          ctx.header("X-RateLimit-Interval-Seconds", "1");
          ctx.header("X-RateLimit-FillRate", "10");
        }
      }
      if (f.rateLimitReset()) {
        int secs = f.retryAfterSeconds() == null ? 60 : Math.max(f.retryAfterSeconds(), 60);
        ctx.header("X-RateLimit-Reset", RESET.format(state.now().plus(secs, ChronoUnit.SECONDS)));
      }
      String message =
          f.status() == 429
              ? "Rate limit exceeded."
              : "Injected failure (sandbox fault " + f.id() + ").";
      throw new StateError(f.status(), message);
    }
    if (!path.endsWith("/serverInfo")) {
      Account a = auth.authenticate(ctx.header("Authorization"));
      ctx.attribute(Http.ACCOUNT, a);
      if (state.flavor() == Flavor.CLOUD) {
        ctx.header("X-AACCOUNTID", a.accountId());
      } else {
        ctx.header("X-AUSERNAME", a.username());
      }
    }
    // Jira's REST resources consume JSON only: a body sent as text/plain or a form is a 415.
    String method = ctx.method().name();
    if ((method.equals("POST") || method.equals("PUT")) && !Http.body(ctx).isEmpty()) {
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
        throw new StateError(415, "Unsupported Media Type: send Content-Type: application/json.");
      }
    }
  }

  private void renderError(Context ctx, StateError e) {
    ObjectNode n = Http.JSON.createObjectNode();
    if (ctx.path().startsWith("/rest/servicedeskapi")) {
      String msg =
          e.getMessage() == null || e.getMessage().isEmpty()
              ? String.join(" ", e.fieldErrors().values())
              : e.getMessage();
      n.put("errorMessage", msg);
      ObjectNode i18n = n.putObject("i18nErrorMessage");
      i18n.put("i18nKey", "sd.sandbox.error." + e.status());
      i18n.putArray("parameters");
    } else {
      ArrayNode messages = n.putArray("errorMessages");
      if (e.getMessage() != null && !e.getMessage().isEmpty()) {
        messages.add(e.getMessage());
      }
      ObjectNode errors = n.putObject("errors");
      e.fieldErrors().forEach(errors::put);
    }
    Http.json(ctx, e.status(), n);
  }

  private void logRequest(Context ctx, Float ms) {
    if (!ctx.path().startsWith("/rest/")) {
      return;
    }
    Account a = ctx.attribute(Http.ACCOUNT);
    String body = ctx.attribute(Http.RAW_BODY);
    if (body != null && body.length() > 8192) {
      body = body.substring(0, 8192);
    }
    requests.add(
        new LoggedRequest(
            requests.nextSeq(),
            Instant.now().toString(),
            ctx.method().name(),
            ctx.path(),
            ctx.queryString() == null ? "" : ctx.queryString(),
            a == null ? null : a.accountId(),
            ctx.statusCode(),
            ms == null ? 0 : Math.round(ms),
            body == null ? "" : body,
            ctx.header("X-Atlassian-Webhook-Identifier")));
  }

  /** A classpath resource as text (the portal page). */
  static String resource(String name) {
    try (InputStream in = SandboxServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    dispatcher.close();
  }
}

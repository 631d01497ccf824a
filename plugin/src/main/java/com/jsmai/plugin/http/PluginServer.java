package com.jsmai.plugin.http;

import com.jsmai.plugin.webhook.IntakeResult;
import com.jsmai.plugin.webhook.WebhookIntake;
import com.jsmai.plugin.webhook.WebhookRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's HTTP server (Javalin): {@code /health}, {@code /ready} and the webhook route.
 * Handlers only translate HTTP to {@link WebhookIntake} and back; features add their own routes
 * through {@code extraRoutes}.
 */
public final class PluginServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PluginServer.class);
  private static final String JSON = "application/json";

  private final Javalin app;
  private final ServerConfig config;

  /**
   * @param webhookPath where Jira posts ({@code webhook.path})
   * @param maxBodyBytes larger webhook bodies get 413 ({@code webhook.maxBodyBytes})
   * @param ready whether the service can accept work (inbox open, workers running)
   * @param extraRoutes other features' routes, added after ours
   */
  public PluginServer(
      ServerConfig config,
      String webhookPath,
      long maxBodyBytes,
      WebhookIntake intake,
      BooleanSupplier ready,
      Consumer<Javalin> extraRoutes) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(intake, "intake");
    this.app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.http.maxRequestSize = maxBodyBytes;
            });
    app.get("/health", ctx -> ctx.contentType(JSON).result("{\"status\":\"up\"}"));
    app.get(
        "/ready",
        ctx -> {
          boolean ok = ready.getAsBoolean();
          ctx.status(ok ? 200 : 503)
              .contentType(JSON)
              .result(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\"}");
        });
    app.post(webhookPath, ctx -> handleWebhook(ctx, intake, maxBodyBytes));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500)
              .contentType(JSON)
              .result(
                  "{\"error\":\"internal\",\"message\":\"internal error; see the service log\"}");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty() || !JSON.equals(ctx.contentType())) {
            ctx.contentType(JSON).result("{\"error\":\"not_found\",\"message\":\"no such route\"}");
          }
        });
    if (extraRoutes != null) {
      extraRoutes.accept(app);
    }
  }

  private static void handleWebhook(Context ctx, WebhookIntake intake, long maxBodyBytes)
      throws IOException {
    byte[] body = readBounded(ctx, maxBodyBytes);
    if (body == null) {
      ctx.status(413)
          .contentType(JSON)
          .result(
              "{\"error\":\"body_too_large\",\"message\":\"webhook body is larger than "
                  + maxBodyBytes
                  + " bytes (webhook.maxBodyBytes)\"}");
      return;
    }
    IntakeResult result = intake.receive(new WebhookRequest(headers(ctx), query(ctx), body));
    ctx.status(result.httpStatus()).contentType(JSON).result(result.toJson());
  }

  /** The body, or null when it exceeds {@code limit} (checked before and while reading). */
  private static byte[] readBounded(Context ctx, long limit) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      return null;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      return bytes.length > limit ? null : bytes;
    }
  }

  private static Map<String, String> headers(Context ctx) {
    Map<String, String> out = new HashMap<>();
    var names = ctx.req().getHeaderNames();
    while (names.hasMoreElements()) {
      String n = names.nextElement();
      out.putIfAbsent(n.toLowerCase(Locale.ROOT), ctx.req().getHeader(n));
    }
    return out;
  }

  private static Map<String, String> query(Context ctx) {
    Map<String, String> out = new HashMap<>();
    ctx.queryParamMap()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                out.put(k, v.get(0));
              }
            });
    return out;
  }

  public PluginServer start() {
    app.start(config.host(), config.port());
    log.info("plugin listening on http://{}:{}", config.host(), port());
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}

package com.jsmai.node.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.engine.Engine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible HTTP server on Javalin: thin handlers over the {@link Engine}.
 *
 * <p>Routes: {@code POST /v1/chat/completions}, {@code POST /tokenize}, {@code POST /detokenize},
 * {@code GET /v1/models}, {@code GET /health}, {@code GET /ready}, {@code GET /metrics}. With an
 * API key configured every route except /health and /ready needs {@code Authorization: Bearer KEY}.
 * Every error is an OpenAI error object with its status; a handler failure never stops the server.
 */
public final class OpenAiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
  private static final Set<String> OPEN_PATHS = Set.of("/health", "/ready");

  private final Engine engine;
  private final ChatRequestTranslator translator;
  private final ServerConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final ServerMetrics metrics;
  private final ChatHandler chat;
  private final byte[] keyBytes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final long started = System.currentTimeMillis() / 1000;
  private volatile boolean closing;
  private Javalin app;

  private OpenAiServer(Engine engine, ChatRequestTranslator translator, ServerConfig config) {
    this.engine = engine;
    this.translator = translator;
    this.config = config;
    this.metrics = new ServerMetrics(engine);
    this.chat = new ChatHandler(engine, translator, json, config.retryAfterSeconds());
    this.keyBytes =
        config.apiKey() == null ? null : config.apiKey().getBytes(StandardCharsets.UTF_8);
  }

  /** Starts listening; {@link #port()} tells the bound port. */
  public static OpenAiServer start(
      Engine engine, ChatRequestTranslator translator, ServerConfig config) {
    OpenAiServer s = new OpenAiServer(engine, translator, config);
    s.app = s.build();
    s.app.start(config.host(), config.port());
    LOG.info("serving {} on http://{}:{}", config.modelName(), config.host(), s.port());
    return s;
  }

  public int port() {
    return app.port();
  }

  private Javalin build() {
    Javalin javalin =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.http.maxRequestSize = config.maxBodyBytes();
              c.startupWatcherEnabled = false;
              CompletionCounter counter = new CompletionCounter();
              // Every connector Javalin adds gets the counter before it accepts a connection.
              c.jetty.modifyServer(
                  server ->
                      server.addEventListener(
                          new Container.Listener() {
                            @Override
                            public void beanAdded(Container parent, Object child) {
                              if (child instanceof AbstractConnector connector) {
                                connector.addBean(counter);
                              }
                            }

                            @Override
                            public void beanRemoved(Container parent, Object child) {}
                          }));
            });
    javalin.before(this::authorize);
    javalin.after(ctx -> metrics.countRequest(ctx.path(), ctx.statusCode()));
    javalin.post("/v1/chat/completions", ctx -> chat.handle(ctx, readJson(ctx)));
    javalin.post("/tokenize", this::tokenize);
    javalin.post("/detokenize", this::detokenize);
    javalin.get("/v1/models", this::models);
    javalin.get(
        "/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    javalin.get("/ready", this::ready);
    javalin.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
    javalin.exception(ApiError.class, (e, ctx) -> error(ctx, e));
    javalin.exception(
        HttpResponseException.class,
        (e, ctx) ->
            error(
                ctx,
                new ApiError(
                    e.getStatus(),
                    e.getStatus() == 413 ? "invalid_request_error" : "server_error",
                    e.getStatus() == 413
                        ? "request body larger than " + config.maxBodyBytes() + " bytes"
                        : String.valueOf(e.getMessage()),
                    null,
                    null)));
    javalin.exception(
        Exception.class,
        (e, ctx) -> {
          if (ctx.res().isCommitted()) {
            return; // a stream that already started: the client was told or is gone
          }
          LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, new ApiError(500, "server_error", "internal error: " + e, null, null));
        });
    javalin.error(
        404,
        ctx -> {
          if (!ctx.res().isCommitted() && ctx.result() == null) {
            error(
                ctx,
                new ApiError(
                    404,
                    "invalid_request_error",
                    "no route " + ctx.method() + " " + ctx.path(),
                    null,
                    "not_found"));
          }
        });
    javalin.error(
        405,
        ctx ->
            error(
                ctx,
                new ApiError(
                    405,
                    "invalid_request_error",
                    "method " + ctx.method() + " not allowed on " + ctx.path(),
                    null,
                    null)));
    return javalin;
  }

  private void authorize(Context ctx) {
    if (keyBytes == null || OPEN_PATHS.contains(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    byte[] given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, keyBytes)) {
      throw new ApiError(
          401,
          "invalid_request_error",
          header == null
              ? "missing API key: send Authorization: Bearer <key>"
              : "incorrect API key provided",
          null,
          "invalid_api_key");
    }
  }

  /** Reads the body (at most maxBodyBytes, else 413) and parses it as a JSON object. */
  private JsonNode readJson(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBodyBytes()) {
      throw tooLarge();
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes() + 1));
    }
    if (body.length > config.maxBodyBytes()) {
      throw tooLarge();
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage(), null);
    }
    if (node == null || !node.isObject()) {
      throw ApiError.badRequest("the request body must be a JSON object", null);
    }
    return node;
  }

  private ApiError tooLarge() {
    return new ApiError(
        413,
        "invalid_request_error",
        "request body larger than " + config.maxBodyBytes() + " bytes",
        null,
        "request_too_large");
  }

  private void tokenize(Context ctx) throws IOException {
    JsonNode body = readJson(ctx);
    translator.checkModel(body);
    String text;
    if (body.has("messages")) {
      text = translator.render(body);
    } else if (body.path("prompt").isTextual()) {
      text = body.get("prompt").textValue();
    } else {
      throw ApiError.badRequest(
          "give \"prompt\" (a string) or \"messages\" (a chat) to tokenize", "prompt");
    }
    int[] ids = engine.tokenizer().encode(text);
    List<Integer> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      tokens.add(id);
    }
    List<String> strs = null;
    if (ChatRequestTranslator.bool(body, "return_token_strs", false)) {
      strs = new ArrayList<>(ids.length);
      for (int id : ids) {
        strs.add(engine.tokenizer().tokenText(id));
      }
    }
    sendJson(ctx, new Dto.TokenizeResponse(ids.length, engine.contextLength(), tokens, strs));
  }

  private void detokenize(Context ctx) throws IOException {
    JsonNode body = readJson(ctx);
    translator.checkModel(body);
    JsonNode tokens = body.get("tokens");
    if (tokens == null || !tokens.isArray()) {
      throw ApiError.badRequest("\"tokens\" must be an array of token ids", "tokens");
    }
    int vocab = engine.tokenizer().vocabSize();
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode t = tokens.get(i);
      if (!t.canConvertToInt()
          || !t.isIntegralNumber()
          || t.intValue() < 0
          || t.intValue() >= vocab) {
        throw ApiError.badRequest(
            "tokens[" + i + "] must be a token id in 0.." + (vocab - 1) + ", got " + t, "tokens");
      }
      ids[i] = t.intValue();
    }
    sendJson(ctx, new Dto.DetokenizeResponse(engine.tokenizer().decode(ids, false)));
  }

  private void models(Context ctx) throws IOException {
    sendJson(
        ctx,
        new Dto.ModelList(
            "list",
            List.of(
                new Dto.ModelCard(
                    translator.modelName(), "model", started, "jsmai", engine.contextLength()))));
  }

  private void ready(Context ctx) {
    boolean ok = !closing && engine.isAlive();
    ctx.status(ok ? 200 : 503)
        .contentType("application/json")
        .result(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
    if (!ok) {
      ctx.header("Retry-After", Integer.toString(config.retryAfterSeconds()));
    }
  }

  private void sendJson(Context ctx, Object body) throws IOException {
    ctx.contentType("application/json").result(json.writeValueAsBytes(body));
  }

  private void error(Context ctx, ApiError e) {
    if (ctx.res().isCommitted()) {
      return;
    }
    if (e.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
    try {
      ctx.status(e.status())
          .contentType("application/json")
          .result(json.writeValueAsBytes(e.body()));
    } catch (JsonProcessingException ex) {
      ctx.status(e.status()).result("{\"error\":{\"message\":\"error\"}}");
    }
  }

  /**
   * Counts every request from the moment Jetty has read its head until Jetty reports the exchange
   * complete: the response fully written (a chunked stream's last chunk included) or the connection
   * failed. A connector-level channel listener, because Javalin's after-handlers run before a
   * {@code ctx.result} is written and before Jetty ends a chunked stream; a close() that waited
   * only for them could stop the server under a response still being sent and cut the client off
   * mid-body (a stream's final error event lost).
   */
  private final class CompletionCounter implements HttpChannel.Listener {
    private static final String COUNTED = "com.jsmai.node.server.inFlight";

    @Override
    public void onRequestBegin(Request request) {
      request.setAttribute(COUNTED, Boolean.TRUE);
      inFlight.incrementAndGet();
    }

    @Override
    public void onComplete(Request request) {
      // Only what onRequestBegin counted: a request Jetty rejected earlier was never counted.
      if (request.getAttribute(COUNTED) != null) {
        request.removeAttribute(COUNTED);
        inFlight.decrementAndGet();
      }
    }
  }

  /**
   * Graceful stop: /ready turns 503, the engine refuses new work and lets running requests finish
   * within the configured grace (then fails them with a clear error), responses finish being
   * written (at most 5 s more, so a client that stopped reading cannot hold the stop), and the HTTP
   * server stops.
   */
  @Override
  public void close() {
    closing = true;
    engine.shutdown(config.shutdownGrace());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    app.stop();
  }
}

package com.jsmai.plugin.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChatModel} over HTTP against any OpenAI-compatible {@code /v1/chat/completions}: our
 * inference node or vLLM.
 *
 * <p>Failure handling, in order: each attempt has the configured connect/read timeouts; connection
 * failures, timeouts, 408, 429 and 5xx are retried up to {@code maxAttempts} with exponential
 * backoff and jitter (a {@code Retry-After} header wins); after the attempts it throws {@link
 * ModelUnavailableException} and counts one failure on a {@link CircuitBreaker}, which once open
 * fails calls at once. Other 4xx answers throw {@link ModelRequestException} without retry. A
 * stream is retried only while it has delivered no text, so a caller never sees text twice.
 *
 * <p>Thread-safe; one instance per model server. The API key never appears in logs or messages.
 */
public final class OpenAiChatModel implements ChatModel {
  private static final Logger log = LoggerFactory.getLogger(OpenAiChatModel.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /**
   * Connection settings.
   *
   * @param baseUrl the server root, for example {@code http://127.0.0.1:8000} (the client appends
   *     {@code /v1/chat/completions})
   * @param model the model name sent in each request
   * @param apiKey bearer token, or null for none
   * @param connectTimeout TCP connect timeout
   * @param readTimeout longest silence while reading an answer (a stream resets it on each chunk)
   * @param maxAttempts attempts per call, at least 1
   * @param initialBackoff wait before the second attempt; doubles each time
   * @param maxBackoff cap on one wait
   * @param breakerThreshold failed calls in a row that open the circuit breaker
   * @param breakerOpenFor how long the open breaker refuses calls
   */
  public record Config(
      String baseUrl,
      String model,
      String apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      int breakerThreshold,
      Duration breakerOpenFor) {
    public Config {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (HttpUrl.parse(baseUrl) == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + baseUrl);
      }
      if (model == null || model.isBlank()) throw new IllegalArgumentException("model is blank");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (breakerThreshold < 1) {
        throw new IllegalArgumentException("breakerThreshold < 1: " + breakerThreshold);
      }
      Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    }

    /** Defaults: 5 s connect, 120 s read, 3 attempts from 500 ms, breaker 5 failures / 30 s. */
    public static Config of(String baseUrl, String model, String apiKey) {
      return new Config(
          baseUrl,
          model,
          apiKey,
          Duration.ofSeconds(5),
          Duration.ofSeconds(120),
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          5,
          Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
      return "Config[baseUrl="
          + baseUrl
          + ", model="
          + model
          + ", apiKey="
          + (apiKey == null ? "none" : "***")
          + ", maxAttempts="
          + maxAttempts
          + "]";
    }
  }

  private final Config config;
  private final OkHttpClient http;
  private final ObjectMapper json;
  private final CircuitBreaker breaker;
  private final HttpUrl completionsUrl;

  public OpenAiChatModel(Config config) {
    this(config, Clock.systemUTC());
  }

  public OpenAiChatModel(Config config, Clock clock) {
    this.config = config;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .retryOnConnectionFailure(false) // we retry ourselves, with backoff
            .build();
    this.json = new ObjectMapper();
    this.breaker = new CircuitBreaker(config.breakerThreshold(), config.breakerOpenFor(), clock);
    this.completionsUrl =
        HttpUrl.get(URI.create(stripSlash(config.baseUrl()) + "/v1/chat/completions"));
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The breaker, exposed so health checks can report it. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    ObjectNode body = OpenAiWire.requestBody(json, config.model(), request, false);
    return call(
        body,
        response -> OpenAiWire.response(json.readTree(response.body().charStream())),
        () -> false);
  }

  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
    ObjectNode body = OpenAiWire.requestBody(json, config.model(), request, true);
    boolean[] delivered = {false};
    return call(
        body,
        response -> {
          OpenAiWire.StreamAccumulator acc = new OpenAiWire.StreamAccumulator();
          readSse(
              response.body().charStream(),
              data -> {
                String text = acc.accept(json.readTree(data));
                if (text != null) {
                  delivered[0] = true;
                  onDelta.accept(text);
                }
              });
          return acc.toResponse();
        },
        () -> delivered[0]);
  }

  @FunctionalInterface
  private interface BodyReader {
    ChatResponse read(Response response) throws IOException;
  }

  @FunctionalInterface
  private interface DataHandler {
    void accept(String data) throws IOException;
  }

  /**
   * Reads a {@code text/event-stream}: events are separated by blank lines; {@code data:} lines of
   * one event are joined with newlines; {@code [DONE]} ends the stream; comments ({@code :}) and
   * other fields are ignored.
   */
  static void readSse(Reader reader, DataHandler handler) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          String event = data.toString();
          data.setLength(0);
          if (event.equals("[DONE]")) return;
          handler.accept(event);
        }
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        if (value.startsWith(" ")) value = value.substring(1);
        if (data.length() > 0) data.append('\n');
        data.append(value);
      }
    }
    if (data.length() > 0 && !data.toString().equals("[DONE]")) handler.accept(data.toString());
  }

  private ChatResponse call(
      ObjectNode body, BodyReader reader, java.util.function.BooleanSupplier deliveredText) {
    if (!breaker.tryAcquire()) {
      throw new ModelUnavailableException("model circuit breaker is open for " + completionsUrl);
    }
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the request", e);
    }
    Request.Builder builder =
        new Request.Builder().url(completionsUrl).post(RequestBody.create(payload, JSON));
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    Request httpRequest = builder.build();
    Exception last = null;
    long backoffMs = config.initialBackoff().toMillis();
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      Long retryAfterMs = null;
      try (Response response = http.newCall(httpRequest).execute()) {
        int code = response.code();
        if (response.isSuccessful()) {
          ChatResponse parsed = reader.read(response);
          breaker.onSuccess();
          return parsed;
        }
        String detail = errorSnippet(response.body());
        if (code == 408 || code == 429 || code >= 500) {
          last = new IOException("HTTP " + code + ": " + detail);
          retryAfterMs = retryAfterMillis(response.header("Retry-After"));
        } else {
          // Our request is wrong: a retry would fail the same way. The server is fine.
          breaker.onSuccess();
          throw new ModelRequestException(
              code, "model server refused the request: HTTP " + code + ": " + detail);
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof ModelRequestException mre) throw mre;
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          breaker.onFailure();
          throw new ModelUnavailableException("interrupted while calling the model", e);
        }
        last = e;
      }
      if (deliveredText.getAsBoolean()) break; // never replay text the caller has seen
      if (attempt < config.maxAttempts()) {
        long wait = retryAfterMs != null ? retryAfterMs : jitter(backoffMs);
        wait = Math.min(wait, config.maxBackoff().toMillis());
        log.warn(
            "model call attempt {}/{} failed ({}); retrying in {} ms",
            attempt,
            config.maxAttempts(),
            last.getMessage(),
            wait);
        sleep(wait);
        backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
      }
    }
    breaker.onFailure();
    throw new ModelUnavailableException(
        "model at " + completionsUrl + " failed: " + (last == null ? "?" : last.getMessage()),
        last);
  }

  private static long jitter(long ms) {
    return ms <= 0 ? 0 : ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
  }

  static Long retryAfterMillis(String header) {
    if (header == null) return null;
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return null; // HTTP-date form: fall back to our own backoff
    }
  }

  private static String errorSnippet(ResponseBody body) {
    if (body == null) return "";
    try {
      String text = new String(body.bytes(), StandardCharsets.UTF_8);
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException("interrupted while waiting to retry the model", e);
    }
  }
}

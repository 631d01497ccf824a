package com.jsmai.node.server;

import java.time.Duration;

/**
 * HTTP settings of the OpenAI-compatible server.
 *
 * @param host address to bind (loopback by default: put a TLS proxy in front for other hosts)
 * @param port TCP port, 0 for any free port
 * @param apiKey bearer key every API call must present, or null for none
 * @param maxBodyBytes larger request bodies get 413
 * @param modelName the id served at /v1/models and accepted in {@code model}
 * @param defaultMaxTokens max_tokens when a request gives none (capped by the context)
 * @param shutdownGrace how long in-flight requests may run on after shutdown starts
 * @param retryAfterSeconds the {@code Retry-After} of 429 and 503 answers
 */
public record ServerConfig(
    String host,
    int port,
    String apiKey,
    long maxBodyBytes,
    String modelName,
    int defaultMaxTokens,
    Duration shutdownGrace,
    int retryAfterSeconds) {
  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new IllegalArgumentException("the API key must not be blank");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    }
    if (modelName == null || modelName.isBlank()) {
      throw new IllegalArgumentException("modelName must not be blank");
    }
    if (defaultMaxTokens < 1) {
      throw new IllegalArgumentException("defaultMaxTokens must be >= 1, got " + defaultMaxTokens);
    }
    if (shutdownGrace == null || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must be >= 0, got " + shutdownGrace);
    }
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException(
          "retryAfterSeconds must be >= 1, got " + retryAfterSeconds);
    }
  }

  /** Loopback, no key, 4 MiB bodies, 1024 default max tokens, 30 s grace, retry after 1 s. */
  public static ServerConfig loopback(int port, String modelName) {
    return new ServerConfig(
        "127.0.0.1", port, null, 4L << 20, modelName, 1024, Duration.ofSeconds(30), 1);
  }

  public ServerConfig withApiKey(String key) {
    return new ServerConfig(
        host,
        port,
        key,
        maxBodyBytes,
        modelName,
        defaultMaxTokens,
        shutdownGrace,
        retryAfterSeconds);
  }

  public ServerConfig withMaxBodyBytes(long bytes) {
    return new ServerConfig(
        host, port, apiKey, bytes, modelName, defaultMaxTokens, shutdownGrace, retryAfterSeconds);
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return new ServerConfig(
        host, port, apiKey, maxBodyBytes, modelName, defaultMaxTokens, grace, retryAfterSeconds);
  }

  @Override
  public String toString() {
    // Never print the key.
    return "ServerConfig["
        + host
        + ":"
        + port
        + ", key "
        + (apiKey == null ? "none" : "set")
        + ", model "
        + modelName
        + "]";
  }
}

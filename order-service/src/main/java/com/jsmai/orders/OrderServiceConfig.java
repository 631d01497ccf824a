package com.jsmai.orders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the order service.
 *
 * @param host interface to bind (loopback by default)
 * @param port TCP port, 0 for any free port
 * @param dataDir the retail-orders data set folder, or null for the generated data set
 * @param apiKey the key callers send in {@code X-API-Key}; at least 8 characters
 */
public record OrderServiceConfig(String host, int port, Path dataDir, String apiKey) {
  /** The key used when none is configured: fine for the demo on loopback, nowhere else. */
  public static final String DEMO_API_KEY = "demo-orders-key";

  public OrderServiceConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiKey, "apiKey");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (apiKey.length() < 8) {
      throw new IllegalArgumentException(
          "the API key must have at least 8 characters, got " + apiKey.length());
    }
    if (dataDir != null && !Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("dataDir is not a directory: " + dataDir);
    }
  }

  /** Loopback, any free port, the shared data set when found, the demo key. */
  public static OrderServiceConfig defaults() {
    return new OrderServiceConfig("127.0.0.1", 0, findSharedDataDir(), DEMO_API_KEY);
  }

  public OrderServiceConfig withPort(int p) {
    return new OrderServiceConfig(host, p, dataDir, apiKey);
  }

  public OrderServiceConfig withHost(String h) {
    return new OrderServiceConfig(h, port, dataDir, apiKey);
  }

  /** The data set folder, or null for the generated data. */
  public OrderServiceConfig withDataDir(Path d) {
    return new OrderServiceConfig(host, port, d, apiKey);
  }

  public OrderServiceConfig withApiKey(String k) {
    return new OrderServiceConfig(host, port, dataDir, k);
  }

  /**
   * {@code ../shared/datasets/retail-orders} (from the {@code jsmai.repo.root} system property,
   * else relative to the working directory), or null.
   *
   * <p>The JSM sandbox's {@code SandboxConfig.findSharedDataDir} searches the same places (for
   * {@code users.json}), so a demo started from one folder gives both services the same data set;
   * change both together. A copy, not a shared module: the two are separate deployables.
   */
  public static Path findSharedDataDir() {
    String root = System.getProperty("jsmai.repo.root");
    Path[] candidates = {
      root == null ? null : Path.of(root).resolve("../shared/datasets/retail-orders"),
      Path.of("../shared/datasets/retail-orders"),
      Path.of("../../shared/datasets/retail-orders"),
    };
    for (Path p : candidates) {
      if (p != null && Files.isRegularFile(p.resolve("orders.json"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    return null;
  }
}

package com.jsmai.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a sandbox.
 *
 * @param host interface to bind; loopback by default (the control API has no authentication)
 * @param port TCP port, 0 for any free port
 * @param flavor Cloud or Data Center shapes
 * @param dataDir the {@code retail-orders} data set folder whose {@code users.json} seeds the
 *     customers, or null for the built-in generated customers
 * @param snapshotFile JSON file to load state from and save it to after every change, or null for
 *     memory only
 * @param webhookMaxRetries retries after a failed delivery; -1 for the flavour's default (Cloud 5,
 *     Data Center 0: Data Center retries are not documented)
 * @param webhookRetryBaseDelay first retry delay, doubled on each further retry
 * @param webhookTimeout connect and response timeout of one delivery attempt
 * @param clock time source for timestamps
 */
public record SandboxConfig(
    String host,
    int port,
    Flavor flavor,
    Path dataDir,
    Path snapshotFile,
    int webhookMaxRetries,
    Duration webhookRetryBaseDelay,
    Duration webhookTimeout,
    Clock clock) {

  public SandboxConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(webhookRetryBaseDelay, "webhookRetryBaseDelay");
    Objects.requireNonNull(webhookTimeout, "webhookTimeout");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (webhookMaxRetries < -1 || webhookMaxRetries > 20) {
      throw new IllegalArgumentException(
          "webhookMaxRetries must be -1..20, got " + webhookMaxRetries);
    }
    if (webhookRetryBaseDelay.isNegative() || webhookRetryBaseDelay.toMillis() > 600_000) {
      throw new IllegalArgumentException(
          "webhookRetryBaseDelay must be 0..10 min, got " + webhookRetryBaseDelay);
    }
    if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
      throw new IllegalArgumentException("webhookTimeout must be positive, got " + webhookTimeout);
    }
    if (dataDir != null && !Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("dataDir is not a directory: " + dataDir);
    }
  }

  /**
   * Loopback, any free port, Cloud, the shared retail-orders data set when it can be found (else
   * generated customers), memory only, flavour-default retries starting after 1 s, 10 s timeout.
   */
  public static SandboxConfig defaults() {
    return new SandboxConfig(
        "127.0.0.1",
        0,
        Flavor.CLOUD,
        findSharedDataDir(),
        null,
        -1,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Clock.systemUTC());
  }

  public SandboxConfig withPort(int newPort) {
    return new SandboxConfig(
        host,
        newPort,
        flavor,
        dataDir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        clock);
  }

  public SandboxConfig withHost(String newHost) {
    return new SandboxConfig(
        newHost,
        port,
        flavor,
        dataDir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        clock);
  }

  public SandboxConfig withFlavor(Flavor newFlavor) {
    return new SandboxConfig(
        host,
        port,
        newFlavor,
        dataDir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        clock);
  }

  /** Seeds customers from {@code dir/users.json}; null for the generated customers. */
  public SandboxConfig withDataDir(Path dir) {
    return new SandboxConfig(
        host,
        port,
        flavor,
        dir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        clock);
  }

  public SandboxConfig withSnapshotFile(Path file) {
    return new SandboxConfig(
        host,
        port,
        flavor,
        dataDir,
        file,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        clock);
  }

  public SandboxConfig withWebhookRetries(int maxRetries, Duration baseDelay) {
    return new SandboxConfig(
        host, port, flavor, dataDir, snapshotFile, maxRetries, baseDelay, webhookTimeout, clock);
  }

  public SandboxConfig withWebhookTimeout(Duration timeout) {
    return new SandboxConfig(
        host,
        port,
        flavor,
        dataDir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        timeout,
        clock);
  }

  public SandboxConfig withClock(Clock newClock) {
    return new SandboxConfig(
        host,
        port,
        flavor,
        dataDir,
        snapshotFile,
        webhookMaxRetries,
        webhookRetryBaseDelay,
        webhookTimeout,
        newClock);
  }

  /** The retries actually used: the configured number, or the flavour's default. */
  public int effectiveWebhookRetries() {
    return webhookMaxRetries >= 0 ? webhookMaxRetries : (flavor.isCloud() ? 5 : 0);
  }

  /**
   * {@code ../shared/datasets/retail-orders} next to the repository (from the {@code
   * jsmai.repo.root} system property, else the working directory and its parent), or null.
   *
   * <p>The order service's {@code OrderServiceConfig.findSharedDataDir} searches the same places
   * (for {@code orders.json}), so a demo started from one folder gives both services the same data
   * set; change both together. A copy, not a shared module: the two are separate deployables.
   */
  public static Path findSharedDataDir() {
    String root = System.getProperty("jsmai.repo.root");
    Path[] candidates = {
      root == null ? null : Path.of(root).resolve("../shared/datasets/retail-orders"),
      Path.of("../shared/datasets/retail-orders"),
      Path.of("../../shared/datasets/retail-orders"),
    };
    for (Path p : candidates) {
      if (p != null && Files.isRegularFile(p.resolve("users.json"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    return null;
  }
}

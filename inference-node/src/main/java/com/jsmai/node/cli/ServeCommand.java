package com.jsmai.node.cli;

import ai.djl.Device;
import com.jsmai.node.engine.EngineConfig;
import com.jsmai.node.server.ServerConfig;
import com.jsmai.node.server.ServingStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve --model DIR --port P [--host H] [--api-key-file F] [--served-model-name N]
 * [--kv-cache-mb M] [--prefix-cache-mb M] [--max-running N] [--max-queue N] [--max-body-kb K]
 * [--default-max-tokens N] [--shutdown-grace-s S] [--device cpu|gpu] [--threads N]}: the
 * OpenAI-compatible server; runs until SIGTERM/SIGINT, then shuts down gracefully.
 */
public final class ServeCommand {
  static final String USAGE =
      "serve --model DIR --port P [--host 127.0.0.1] [--api-key-file F] [--served-model-name N]"
          + " [--kv-cache-mb 1024] [--prefix-cache-mb M] [--max-running 16] [--max-queue 64]"
          + " [--max-body-kb 4096] [--default-max-tokens 1024] [--shutdown-grace-s 30]"
          + " [--device cpu|gpu] [--threads N]";

  private ServeCommand() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
    CliArgs args =
        CliArgs.parse(
            "serve",
            argv,
            Set.of(
                "model",
                "port",
                "host",
                "api-key-file",
                "served-model-name",
                "kv-cache-mb",
                "prefix-cache-mb",
                "max-running",
                "max-queue",
                "max-body-kb",
                "default-max-tokens",
                "shutdown-grace-s",
                "device",
                "threads"));
    Path dir = args.path("model");
    int port = args.intValue("port", -1);
    if (!args.has("port")) {
      throw new UsageException("serve: --port is required");
    }
    String key = null;
    if (args.has("api-key-file")) {
      Path f = args.path("api-key-file");
      key = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(f + ": the API key file is empty");
      }
    }
    EngineConfig engineConfig;
    ServerConfig serverConfig;
    try {
      long kv = args.longValue("kv-cache-mb", 1024) << 20;
      engineConfig =
          EngineConfig.defaults(kv)
              .withMaxRunning(args.intValue("max-running", 16))
              .withQueueCapacity(args.intValue("max-queue", 64))
              .withPrefixCacheBytes(args.longValue("prefix-cache-mb", (kv >> 20) / 4) << 20);
      String name =
          args.get("served-model-name", dir.toAbsolutePath().normalize().getFileName().toString());
      serverConfig =
          new ServerConfig(
              args.get("host", "127.0.0.1"),
              port,
              key,
              args.longValue("max-body-kb", 4096) << 10,
              name,
              args.intValue("default-max-tokens", 1024),
              Duration.ofSeconds(args.longValue("shutdown-grace-s", 30)),
              1);
    } catch (IllegalArgumentException e) {
      throw new UsageException("serve: " + e.getMessage());
    }
    Device device = EngineOptions.configure(args);
    ServingStack stack = ServingStack.start(dir, device, engineConfig, serverConfig);
    err.println(
        "serving "
            + serverConfig.modelName()
            + " on http://"
            + serverConfig.host()
            + ":"
            + stack.port()
            + " ("
            + serverConfig
            + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "serve-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

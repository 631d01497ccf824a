package com.jsmai.plugin;

import com.jsmai.plugin.app.PluginApp;
import com.jsmai.plugin.config.ConfigException;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.inbox.InboxEntry;
import com.jsmai.plugin.inbox.SqliteInbox;
import com.jsmai.plugin.webhook.IntakeBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point of the plugin service.
 *
 * <pre>
 * plugin.jar serve [--config FILE]     run the assistant (embedded defaults without --config)
 * plugin.jar inbox dead [--config FILE]               list dead events (newest 100)
 * plugin.jar inbox requeue ID... [--config FILE]       put dead or done events back to pending
 * plugin.jar bench-intake [options]    webhook intake benchmark (see docs/benchmarks.md)
 * plugin.jar hash-password             read a password on stdin, print its hash for ui.adminPasswordHash
 * plugin.jar --help                    this usage, exit 0
 * </pre>
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  static final String USAGE =
      "usage: plugin serve [--config FILE.yaml|FILE.properties]\n"
          + "       plugin inbox dead [--config FILE]\n"
          + "       plugin inbox requeue DELIVERY_ID... [--config FILE]\n"
          + "       plugin bench-intake [--requests N] [--concurrency C] [--warmup N]\n"
          + "       plugin hash-password   (password on stdin; prints ui.adminPasswordHash)\n"
          + "       plugin --help";

  private Main() {}

  public static void main(String[] args) throws Exception {
    quietStartupNoise();
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    switch (args[0]) {
      case "--help", "-h", "help" -> {
        System.out.println(USAGE);
        System.exit(0);
      }
      case "serve" -> serve(Arrays.copyOfRange(args, 1, args.length));
      case "inbox" -> System.exit(inbox(Arrays.copyOfRange(args, 1, args.length)));
      case "bench-intake" -> IntakeBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
      case "hash-password" -> System.exit(hashPassword());
      default -> {
        System.err.println("unknown command: " + args[0] + "\n" + USAGE);
        System.exit(2);
      }
    }
  }

  /**
   * Two start-up lines an operator cannot act on, silenced for this process:
   *
   * <ul>
   *   <li>Javalin's "You are running Javalin 6.7.0 ... N days old" line. Javalin 6.7 logs it
   *       unconditionally ({@code Util.logJavalinVersion}); the only switch is the static {@code
   *       JavalinLogger.startupInfo}, which also drops Javalin's own "Listening on" lines. Ours
   *       ("plugin listening on ...") stays, and the banner is already off in PluginServer.
   *   <li>DJL's "Failed to detect GPU count" warning (twice, once per FAQ embedder language). The
   *       plugin touches DJL only through the HuggingFace tokenizer under the ONNX FAQ embedders
   *       (langchain4j), which runs on the CPU; DJL probes CUDA while choosing its native library,
   *       and no GPU is ever used here. Only that logger is lowered to errors; an operator's own
   *       {@code -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils} wins.
   * </ul>
   *
   * Must run before the first DJL class loads (slf4j-simple fixes a logger's level when the logger
   * is created).
   */
  static void quietStartupNoise() {
    io.javalin.util.JavalinLogger.startupInfo = false;
    if (System.getProperty(CUDA_LOG_LEVEL) == null) {
      System.setProperty(CUDA_LOG_LEVEL, "error");
    }
  }

  private static final String CUDA_LOG_LEVEL =
      "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

  /**
   * {@link com.jsmai.plugin.web.PasswordHasher#hashCommand}: prints the hash, never the password.
   */
  private static int hashPassword() throws java.io.IOException {
    return com.jsmai.plugin.web.PasswordHasher.hashCommand(
        System.console(), System.in, System.out, System.err);
  }

  private static void serve(String[] args) throws InterruptedException {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else {
        System.err.println("unknown option: " + args[i] + "\n" + USAGE);
        System.exit(2);
      }
    }
    PluginConfig config;
    try {
      config = ConfigLoader.standard().load(file);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("configuration from {}", config.source());
    PluginApp app;
    try {
      app = PluginApp.start(config, PluginApp.Extensions.defaults());
    } catch (IllegalArgumentException e) {
      System.err.println("cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  /**
   * Operator commands on the inbox file; safe while the service runs (SQLite locks the file).
   *
   * @return the exit status
   */
  static int inbox(String[] args) {
    Path file = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    if (rest.isEmpty()) {
      System.err.println(USAGE);
      return 2;
    }
    PluginConfig config;
    try {
      config = ConfigLoader.standard().load(file);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    try (SqliteInbox inbox = SqliteInbox.open(config.inbox().file())) {
      switch (rest.get(0)) {
        case "dead" -> {
          for (InboxEntry e : inbox.list(InboxEntry.Status.DEAD, 100)) {
            System.out.printf(
                "%s\t%s\t%s\tattempts=%d\t%s%n",
                e.event().deliveryId(),
                e.event().kind(),
                e.event().issueKey() != null ? e.event().issueKey() : "id:" + e.event().issueId(),
                e.attempts(),
                e.lastError());
          }
          return 0;
        }
        case "requeue" -> {
          int failed = 0;
          for (String id : rest.subList(1, rest.size())) {
            boolean ok = inbox.requeue(id);
            System.out.println((ok ? "requeued " : "not dead or done, unchanged: ") + id);
            failed += ok ? 0 : 1;
          }
          return failed == 0 ? 0 : 1;
        }
        default -> {
          System.err.println("unknown inbox command: " + rest.get(0) + "\n" + USAGE);
          return 2;
        }
      }
    }
  }
}

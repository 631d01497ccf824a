package com.jsmai.plugin;

import com.jsmai.plugin.config.ConfigException;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.inbox.IssueKeyResolver;
import com.jsmai.plugin.inbox.LoggingEventHandler;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.webhook.IntakeBenchmark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point of the plugin service.
 *
 * <pre>
 * plugin.jar serve [--config FILE]     run the service (embedded defaults without --config)
 * plugin.jar bench-intake [options]    webhook intake benchmark (see docs/benchmarks.md)
 * </pre>
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final String USAGE =
      "usage: plugin serve [--config FILE.yaml|FILE.properties]\n"
          + "       plugin bench-intake [--requests N] [--concurrency C] [--warmup N]";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    switch (args[0]) {
      case "serve" -> serve(Arrays.copyOfRange(args, 1, args.length));
      case "bench-intake" -> IntakeBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
      default -> {
        System.err.println("unknown command: " + args[0] + "\n" + USAGE);
        System.exit(2);
      }
    }
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
    PluginService service =
        PluginService.start(config, new LoggingEventHandler(), resolver(config), null);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  /**
   * The fetch fallback for id-only events needs Jira credentials; without them such events fail.
   */
  static IssueKeyResolver resolver(PluginConfig config) {
    if (!config.jira().hasCredentials()) {
      log.warn(
          "no Jira credentials configured: events that carry only an issue id cannot be resolved");
      return IssueKeyResolver.NONE;
    }
    JiraClient jira = JiraClients.create(config.jira());
    return issueId -> jira.getTicket(issueId).key();
  }
}

package com.jsmai.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.orders.OrderService;
import com.jsmai.orders.OrderServiceConfig;
import com.jsmai.plugin.app.PluginApp;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.tools.SecretResolver;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxConfig;
import com.jsmai.sandbox.state.IssueComment;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The whole product on loopback: the JSM sandbox (a real HTTP server), the order service, a model
 * server, and the plugin configured from one YAML file exactly as {@code plugin.jar serve} reads
 * it. Both sandbox and order service use their generated (deterministic) people, so the sandbox's
 * customers own the order service's orders.
 */
final class E2eWorld implements AutoCloseable {
  static final String HOOK_SECRET = "e2e-hook-secret-123";
  static final String ORDERS_KEY = "e2e-orders-key";

  final JsmSandbox jira;
  final OrderService orders;
  final String modelBaseUrl;

  /** The model name the plugin sends; the inference node checks it against its served name. */
  String modelName = "scripted";

  private E2eWorld(JsmSandbox jira, OrderService orders, String modelBaseUrl) {
    this.jira = jira;
    this.orders = orders;
    this.modelBaseUrl = modelBaseUrl;
  }

  static E2eWorld start(String modelBaseUrl) {
    return start(modelBaseUrl, com.jsmai.sandbox.Flavor.CLOUD);
  }

  /** The same world with Jira in the given flavour (Data Center: REST v2, PAT, no accountType). */
  static E2eWorld start(String modelBaseUrl, com.jsmai.sandbox.Flavor flavor) {
    JsmSandbox jira =
        JsmSandbox.start(
            SandboxConfig.defaults()
                .withFlavor(flavor)
                .withDataDir(null)
                .withWebhookRetries(3, Duration.ofMillis(200)));
    OrderService orders =
        OrderService.start(OrderServiceConfig.defaults().withDataDir(null).withApiKey(ORDERS_KEY));
    return new E2eWorld(jira, orders, modelBaseUrl);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Writes the plugin's config file (and the shipped order tool pointed at this order service) into
   * {@code dir}.
   *
   * @param extraReplyDefaults more YAML lines under {@code reply.defaults} (4 spaces indented)
   */
  Path writeConfig(Path dir, int port, String extraReplyDefaults) throws IOException {
    Path tools = Files.createDirectories(dir.resolve("tools"));
    try (InputStream in = PluginApp.class.getResourceAsStream("/tools/query_order_status.yaml")) {
      String example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(
          tools.resolve("query_order_status.yaml"),
          example.replace("http://127.0.0.1:8480", orders.baseUrl()));
    }
    String yaml =
        """
        server: { host: 127.0.0.1, port: %d }
        webhook: { path: /webhooks/jira, secret: %s }
        inbox:
          file: %s
          workers: 4
          maxAttempts: 5
          initialBackoff: 200ms
          maxBackoff: 1s
          lease: 3s
          pollInterval: 100ms
        jira:
          %s
          maxRetries: 2
          maxRetryWait: 5s
        model: { baseUrl: %s, model: %s, timeout: 120s }
        reply:
          staleClaimAfterSeconds: 5
          serviceDeskNames: { "1": "Retail Support" }
          defaults:
            mode: auto
            maxAutoReplies: 100
            handoff: { modelDeadlineSeconds: 4 }
        %s
        tools:
          definitionsDir: %s
          allowedHosts: [127.0.0.1]
          allowedPrivateRanges: [127.0.0.1/32]
        faq: { fallbackBot: false }
        # A 30-turn thread and the benchmark exceed the per-customer defaults (10 replies an hour).
        ratelimit: { customerReplies: 1000, customerModelCalls: 4000 }
        assistant:
          forcedTools: { "1": query_order_status }
          proposalsFile: %s
        """
            .formatted(
                port,
                HOOK_SECRET,
                dir.resolve("inbox.db"),
                jiraYaml(),
                modelBaseUrl,
                modelName,
                extraReplyDefaults == null ? "" : extraReplyDefaults,
                tools,
                dir.resolve("proposals.db"));
    Path file = dir.resolve("jsmai.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private String jiraYaml() {
    return jira.flavor().isCloud()
        ? "flavor: cloud\n  baseUrl: %s\n  email: %s\n  apiToken: %s"
            .formatted(jira.baseUrl(), jira.bot().email(), jira.bot().apiToken())
        : "flavor: datacenter\n  baseUrl: %s\n  personalAccessToken: %s"
            .formatted(jira.baseUrl(), jira.bot().pat());
  }

  /** Starts the plugin in this JVM from the config file and connects the sandbox's webhooks. */
  PluginApp startPlugin(Path configFile) {
    return startPlugin(configFile, PluginApp.Extensions.defaults());
  }

  PluginApp startPlugin(Path configFile, PluginApp.Extensions extensions) {
    PluginConfig config =
        new ConfigLoader(com.jsmai.plugin.config.ConfigSections.ALL, Map.of()).load(configFile);
    return PluginApp.start(
        config, extensions.withSecrets(SecretResolver.of(Map.of("ORDERS_API_KEY", ORDERS_KEY))));
  }

  void connectWebhooks(int pluginPort) {
    // Data Center comment events carry no issue: the key comes from the URL variable, as in Jira.
    jira.registerWebhook(
        "http://127.0.0.1:"
            + pluginPort
            + "/webhooks/jira"
            + (jira.flavor().isCloud() ? "" : "?issueKey=${issue.key}"),
        List.of("jira:issue_created", "comment_created"),
        HOOK_SECRET);
  }

  List<IssueComment> botComments(String key) {
    String bot = jira.bot().accountId();
    return jira.thread(key).stream().filter(c -> c.authorId().equals(bot)).toList();
  }

  /** Waits until the ticket has {@code n} comments by the assistant matching {@code which}. */
  List<IssueComment> awaitBotComments(
      String key, int n, Predicate<IssueComment> which, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<IssueComment> found = botComments(key).stream().filter(which).toList();
      if (found.size() >= n || System.nanoTime() > end) return found;
      Thread.sleep(50);
    }
  }

  /**
   * Waits until the ticket's issue property {@code propertyKey} exists and matches {@code which};
   * returns it as last seen (empty if it never appeared).
   */
  Optional<JsonNode> awaitIssueProperty(
      String key, String propertyKey, Predicate<JsonNode> which, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<JsonNode> found = jira.issueProperty(key, propertyKey);
      if (found.filter(which).isPresent() || System.nanoTime() > end) return found;
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    orders.close();
    jira.close();
  }
}

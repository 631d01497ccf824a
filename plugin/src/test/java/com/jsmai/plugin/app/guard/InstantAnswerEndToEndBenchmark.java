package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.faq.FaqEntry;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyOrchestrator;
import com.jsmai.plugin.webhook.JiraEvent;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Instant answers end to end inside the plugin: from the moment the inbox hands the event to the
 * guarded handler until the reply is posted in Jira, with the jsm-sandbox on loopback as Jira (real
 * HTTP, real REST client), the audit log on (real SQLite file) and a model that fails the run if it
 * is ever called. Target: under 50 ms.
 *
 * <pre>
 * ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.jsmai.plugin.app.guard.InstantAnswerEndToEndBenchmark [-Dexec.args="200 [audit|no-audit] [learned=NONE|WEAK|FULL]"]
 * </pre>
 */
public final class InstantAnswerEndToEndBenchmark {
  private InstantAnswerEndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    // "no-audit" as the second argument shows what the audit log's writes cost.
    boolean audit = !(args.length > 1 && args[1].equals("no-audit"));
    // "learned=NONE|WEAK|FULL" as the third argument sets the input check's learned stage; without
    // it the product's default applies (FULL since the fifth round, docs/safety.md), which an
    // instant-answer hit skips.
    String learned =
        args.length > 2 && args[2].startsWith("learned=") ? args[2].substring(8) : null;
    int warmup = 30;
    Path dir = Files.createTempDirectory("instant-bench");
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) key[i] = (byte) (31 * i + 1);
    Path yaml = dir.resolve("jsmai.yaml");
    Files.writeString(
        yaml,
        "webhook:\n  secret: bench\nfaq:\n  fallbackBot: false\naudit:\n  enabled: "
            + audit
            + "\n  file: "
            + dir.resolve("audit.db")
            + "\n  keys:\n    k1: "
            + Base64.getEncoder().encodeToString(key)
            + "\n  currentKey: k1\nratelimit:\n  customerReplies: 100000\n  deskReplies: 100000\n"
            + (learned == null ? "" : "safety:\n  learnedClassifier: " + learned + "\n"));
    PluginConfig config = new ConfigLoader(ConfigSections.ALL, Map.of()).load(yaml);
    FaqEntry returns =
        new FaqEntry(
            "returns",
            List.of("How do I return an item?"),
            "You can return any item within 30 days from Orders > Return.");
    ChatModel noModel =
        new ChatModel() {
          @Override
          public ChatResponse complete(ChatRequest request) {
            throw new IllegalStateException("the model was called: not an instant answer");
          }
        };

    try (JsmSandbox sandbox = JsmSandbox.start(SandboxConfig.defaults().withPort(0));
        GuardRails guard =
            GuardRails.builder(config, jiraFor(sandbox)).faqEntries(List.of(returns)).build()) {
      JiraClient jira = jiraFor(sandbox);
      ChatModel model = guard.wrap(noModel);
      ReplyOrchestrator orchestrator =
          guard
              .apply(ReplyOrchestrator.builder(jira, model), new ModelAssistant(model))
              .config(
                  ReplyConfig.defaults()
                      .withPolicies(Scoped.of(ReplyPolicy.defaults().withMode(ReplyMode.AUTO))))
              .build();
      EventHandler handler = guard.wrap(orchestrator);
      List<SandboxAccount> customers = sandbox.customers();
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < warmup + runs; i++) {
        SandboxAccount customer = customers.get(i % customers.size());
        String issue =
            sandbox.raiseRequest(
                customer, "General question", "Hi! How do I RETURN an item?? Thanks", "", null);
        JiraEvent event =
            new JiraEvent(
                "bench-" + i,
                JiraEvent.Kind.ISSUE_CREATED,
                issue,
                null,
                null,
                customer.accountId(),
                "customer",
                System.currentTimeMillis(),
                "{}");
        long start = System.nanoTime();
        handler.handle(event);
        long end = System.nanoTime();
        boolean posted =
            jira.getComments(issue).stream()
                .anyMatch(c -> c.isPublic() && c.body().startsWith(returns.answer()));
        if (!posted) throw new IllegalStateException(issue + ": no instant reply was posted");
        if (i >= warmup) ms.add((end - start) / 1e6);
      }
      Collections.sort(ms);
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(
          "instant answer end to end (handler -> reply posted in the loopback sandbox, audit %s, learned stage %s), %d runs:"
              + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; load average %.1f on %d cores%n",
          audit ? "on" : "off",
          learned == null
              ? "default (" + config.get(SafetyConfig.class).learnedClassifier() + ")"
              : learned,
          runs,
          pct(ms, 50),
          pct(ms, 90),
          pct(ms, 99),
          ms.get(ms.size() - 1),
          load,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "{\"runs\":%d,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,"
              + "\"load_average\":%.1f,\"audit_failures\":%d}%n",
          runs,
          pct(ms, 50),
          pct(ms, 90),
          pct(ms, 99),
          ms.get(ms.size() - 1),
          load,
          guard.auditFailures());
    }
  }

  private static JiraClient jiraFor(JsmSandbox sandbox) {
    SandboxAccount bot = sandbox.bot();
    return JiraClients.cloud(URI.create(sandbox.baseUrl()), bot.email(), Secret.of(bot.apiToken()));
  }

  private static double pct(List<Double> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}

package com.jsmai.e2e;

import com.jsmai.plugin.app.PluginApp;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plugin overhead from a new ticket to its posted reply, with the model taking no time: the
 * scripted loopback model answers at once, the sandbox runs in this JVM. Per ticket it measures the
 * sandbox's reply-comment timestamp minus the ticket's creation timestamp (both taken by the
 * sandbox's clock), which covers webhook delivery, intake, the inbox commit, the worker, every Jira
 * round trip of the reply pipeline (ticket, thread, state property, post, marks) and the model
 * round trip. Tickets go one at a time, so it is latency, not throughput.
 *
 * <pre>
 * ./mvnw -B -o -pl jsm-sandbox,order-service,plugin,e2e-tests test-compile
 * ./mvnw -B -o -pl e2e-tests exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.jsmai.e2e.PipelineBenchmark -Dexec.args="300 30"
 * </pre>
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Files.createTempDirectory("jsmai-bench");
    try (ScriptedModelServer model = new ScriptedModelServer();
        E2eWorld world = E2eWorld.start(model.baseUrl());
        PluginApp plugin = world.startPlugin(world.writeConfig(dir, 0, null))) {
      world.connectWebhooks(plugin.port());
      List<SandboxAccount> customers = world.jira.customers();
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < warmup + tickets; i++) {
        SandboxAccount who = customers.get(i % customers.size());
        String key =
            world.jira.raiseRequest(
                who,
                "General question",
                "Question " + i,
                "Do you ship to Canada? (" + i + ")",
                null);
        List<IssueComment> replies =
            world.awaitBotComments(key, 1, IssueComment::isPublic, Duration.ofSeconds(30));
        if (replies.isEmpty()) throw new IllegalStateException("no reply on " + key);
        long us =
            Duration.between(world.jira.ticket(key).created(), replies.get(0).created()).toNanos()
                / 1000;
        if (i >= warmup) micros.add(us);
      }
      Collections.sort(micros);
      var calls = world.jira.requests();
      java.util.Map<String, Long> byPath = new java.util.TreeMap<>();
      for (var r : calls) {
        String shape =
            r.method() + " " + r.path().replaceAll("[0-9]+", "N").replaceAll("SD-N", "KEY");
        byPath.merge(shape, 1L, Long::sum);
      }
      System.out.printf(
          "Jira REST calls per ticket: %.1f%n", calls.size() / (double) (warmup + tickets));
      byPath.forEach(
          (k, v) -> System.out.printf("  %5.2f  %s%n", v / (double) (warmup + tickets), k));
      System.out.printf(
          "tickets=%d warmup=%d cores=%d load1=%.2f%n",
          tickets,
          warmup,
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf(
          "ticket created -> reply posted: p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n",
          pct(micros, 50),
          pct(micros, 95),
          pct(micros, 99),
          micros.get(micros.size() - 1) / 1000.0);
    }
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
  }
}

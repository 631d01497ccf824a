package com.jsmai.e2e;

import com.jsmai.plugin.app.PluginApp;
import com.jsmai.plugin.inbox.InboxEntry;
import com.jsmai.plugin.inbox.StageTimeline;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.fault.Fault;
import com.jsmai.sandbox.state.IssueComment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Plugin overhead from a new ticket to its posted reply, with the model taking no time: the
 * scripted loopback model answers at once, the sandbox runs in this JVM. Per ticket it measures the
 * sandbox's reply-comment timestamp minus the ticket's creation timestamp (both taken by the
 * sandbox's clock), which covers webhook delivery, intake, the inbox commit, the worker, every Jira
 * round trip of the reply pipeline (ticket, thread, state property, post, marks) and the model
 * round trip. Tickets go one at a time, so it is latency, not throughput.
 *
 * <pre>
 * ./mvnw -o -q -B -pl jsm-sandbox,order-service,plugin,e2e-tests test-compile \
 *     dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e-tests/target/test-classes:$(cat e2e-tests/target/cp.txt) \
 *     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.jsmai.e2e.PipelineBenchmark 300 30
 * </pre>
 *
 * <p>{@code --jira-latency-ms N} delays every answer of the sandbox's REST API by N ms, to see the
 * path against a remote Jira rather than loopback. {@code --breakdown} (anywhere in the arguments)
 * also prints (and waits, between tickets, until the plugin is idle, so each ticket's marks are its
 * own; that p50 is of an idle plugin and can come out a little lower than without the flag) the
 * median time between the {@link StageTimeline} marks of each ticket's path: intake commit, claim,
 * each Jira call, the model call, the effect claim, up to the reply's POST. </pre>
 */
public final class PipelineBenchmark {
  private static final String RAISED = "ticket raised (sandbox: create, start webhook)";

  private PipelineBenchmark() {}

  public static void main(String[] argv) throws Exception {
    // The real inference node (Jetty) answers with TCP_NODELAY; the JDK HttpServer behind
    // ScriptedModelServer does not, so a small answer written as headers + body waits for the
    // client's delayed ACK: 40 ms on Linux whenever a second request follows quickly on the same
    // keep-alive connection (the second /tokenize of a prompt). That is the stand-in's cost, not
    // the
    // plugin's; read once when the first JDK HttpServer starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    List<String> args = new ArrayList<>(List.of(argv));
    boolean breakdown = args.remove("--breakdown");
    long jiraLatencyMs = 0;
    int at = args.indexOf("--jira-latency-ms");
    if (at >= 0) {
      jiraLatencyMs = Long.parseLong(args.get(at + 1));
      args.subList(at, at + 2).clear();
    }
    int tickets = args.size() > 0 ? Integer.parseInt(args.get(0)) : 300;
    int warmup = args.size() > 1 ? Integer.parseInt(args.get(1)) : 30;
    Path dir = Files.createTempDirectory("jsmai-bench");
    Queue<StageTimeline.Mark> marks = new ConcurrentLinkedQueue<>();
    // stage -> one duration per ticket (µs), in the order the stages first appeared
    Map<String, List<Long>> stages = new LinkedHashMap<>();
    if (breakdown) StageTimeline.record(marks::add);
    try (ScriptedModelServer model = new ScriptedModelServer();
        E2eWorld world = E2eWorld.start(model.baseUrl());
        PluginApp plugin = world.startPlugin(world.writeConfig(dir, 0, null))) {
      world.connectWebhooks(plugin.port());
      if (jiraLatencyMs > 0) {
        // Every REST call the plugin makes answers this much later, like a remote Jira Cloud.
        world.jira.injectFault(Fault.httpDelay(null, null, jiraLatencyMs, -1));
      }
      List<SandboxAccount> customers = world.jira.customers();
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < warmup + tickets; i++) {
        SandboxAccount who = customers.get(i % customers.size());
        marks.clear();
        StageTimeline.mark(RAISED);
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
        if (i >= warmup) {
          micros.add(us);
          if (breakdown) addStages(marks, stages);
        }
        if (breakdown) awaitIdle(world, plugin);
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
          "tickets=%d warmup=%d jira-latency=%d ms cores=%d load1=%.2f%n",
          tickets,
          warmup,
          jiraLatencyMs,
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf(
          "ticket created -> reply posted: p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n",
          pct(micros, 50),
          pct(micros, 95),
          pct(micros, 99),
          micros.get(micros.size() - 1) / 1000.0);
      if (breakdown) printStages(stages, tickets);
    }
  }

  /**
   * One ticket's path as the intervals between consecutive marks, up to the answer of the reply's
   * POST: the label names the stage that ends the interval. Marks of the webhook for the reply
   * itself (a COMMENT_CREATED event of the ticket before) are left out.
   */
  private static void addStages(Queue<StageTimeline.Mark> marks, Map<String, List<Long>> stages) {
    List<StageTimeline.Mark> sorted = new ArrayList<>(marks);
    sorted.sort(Comparator.comparingLong(StageTimeline.Mark::nanos));
    StageTimeline.Mark prev = null;
    Map<String, Integer> seen = new HashMap<>();
    for (StageTimeline.Mark m : sorted) {
      if (prev == null && !m.stage().startsWith(RAISED)) continue;
      // The ticket before may still be finishing (marks after its post): not this ticket's path.
      if (prev != null && prev.stage().startsWith(RAISED) && !m.stage().startsWith("inbox store")) {
        continue;
      }
      if (m.stage().contains("COMMENT_CREATED")) continue;
      String stage = m.stage().replaceAll("[A-Z]+-[0-9]+", "KEY").replaceAll("[0-9]+", "N");
      if (prev != null) {
        int n = seen.merge(stage, 1, Integer::sum);
        String label = n == 1 ? stage : stage + " (" + n + ")";
        stages
            .computeIfAbsent(label, k -> new ArrayList<>())
            .add((m.nanos() - prev.nanos()) / 1000);
      }
      prev = m;
      if (stage.startsWith("< jira POST") && stage.endsWith("/comment")) break;
    }
  }

  /**
   * With --breakdown, the next ticket waits until the plugin has finished with this one (the
   * bookkeeping after the post, the webhook for the reply itself), so one ticket's marks are not
   * mixed with the tail of the one before. Without it, a ticket may overlap that tail.
   */
  private static void awaitIdle(E2eWorld world, PluginApp plugin) throws InterruptedException {
    world.jira.awaitDeliveries(Duration.ofSeconds(10));
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      var counts = plugin.service().inbox().counts();
      if (counts.get(InboxEntry.Status.PENDING) == 0
          && counts.get(InboxEntry.Status.PROCESSING) == 0) {
        return;
      }
      Thread.sleep(2);
    }
  }

  private static void printStages(Map<String, List<Long>> stages, int tickets) {
    System.out.println("per-stage breakdown, time since the previous mark (µs), over the tickets");
    System.out.println("(> before a call, < its answer; 'seen' = tickets that reached the stage)");
    System.out.printf("%8s %8s %6s  %s%n", "p50", "p95", "seen", "stage reached");
    long sum = 0;
    for (var e : stages.entrySet()) {
      List<Long> v = new ArrayList<>(e.getValue());
      Collections.sort(v);
      sum += v.get(v.size() / 2);
      System.out.printf(
          "%8.0f %8.0f %6d  %s%n", pct(v, 50) * 1000, pct(v, 95) * 1000, v.size(), e.getKey());
    }
    System.out.printf("%8d %8s %6s  sum of medians%n", sum, "", "");
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
  }
}

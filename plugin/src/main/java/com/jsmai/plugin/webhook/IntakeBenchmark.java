package com.jsmai.plugin.webhook;

import com.jsmai.plugin.PluginService;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.inbox.InboxEntry;
import com.jsmai.plugin.inbox.IssueKeyResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: starts the real service (Javalin, SQLite inbox in a temp file with {@code
 * synchronous=FULL}, workers running a no-op handler) and fires signed {@code comment_created}
 * webhooks over loopback from {@code concurrency} client threads. Prints webhooks/s and the
 * acknowledgement latency percentiles; every 2xx counted here was committed before it was sent.
 *
 * <pre>java -jar plugin/target/plugin.jar bench-intake --requests 20000 --concurrency 32</pre>
 */
public final class IntakeBenchmark {
  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = intArg(args, "--requests", 20_000);
    int concurrency = intArg(args, "--concurrency", 32);
    int warmup = intArg(args, "--warmup", 2_000);
    Path dir = Files.createTempDirectory("jsmai-intake-bench");
    String secret = "bench-secret-" + System.nanoTime();
    Map<String, String> env =
        Map.of(
            "JSMAI_SERVER_PORT",
            "0",
            "JSMAI_INBOX_FILE",
            dir.resolve("inbox.db").toString(),
            "JSMAI_INBOX_WORKERS",
            "2",
            "JSMAI_WEBHOOK_SECRET",
            secret);
    PluginConfig config =
        new ConfigLoader(com.jsmai.plugin.config.ConfigSections.ALL, env).loadDefaults();
    SignatureVerifier signer = new SignatureVerifier(Secret.of(secret));
    try (PluginService service =
        PluginService.start(config, event -> {}, IssueKeyResolver.NONE, null)) {
      URI uri = URI.create("http://127.0.0.1:" + service.port() + config.webhook().path());
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(4))
              .build();
      run(client, uri, signer, warmup, concurrency, 0, false);
      Result r = run(client, uri, signer, requests, concurrency, warmup, true);
      long stored = service.inbox().counts().values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "intake: %d webhooks, %d client threads, %d non-2xx%n",
          requests, concurrency, r.failures);
      System.out.printf("throughput: %.0f webhooks/s (%.2f s)%n", r.perSecond(), r.seconds());
      System.out.printf(
          "ack latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100));
      System.out.printf(
          "rows in inbox: %d (warmup + measured = %d); statuses: %s%n",
          stored, warmup + requests, service.inbox().counts());
      if (stored != warmup + requests || r.failures > 0) {
        System.out.println("FAILED: not every webhook was stored");
        System.exit(1);
      }
      long done = service.inbox().counts().get(InboxEntry.Status.DONE);
      System.out.printf("processed by workers meanwhile: %d%n", done);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private record Result(long[] latenciesNanos, long wallNanos, int failures) {
    double seconds() {
      return wallNanos / 1e9;
    }

    double perSecond() {
      return latenciesNanos.length / seconds();
    }

    double percentile(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  private static Result run(
      HttpClient client,
      URI uri,
      SignatureVerifier signer,
      int n,
      int concurrency,
      int offset,
      boolean measure)
      throws Exception {
    long[] latencies = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong firstError = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    Future<?>[] fs = new Future<?>[concurrency];
    for (int t = 0; t < concurrency; t++) {
      fs[t] =
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                  byte[] body = payload(offset + i);
                  HttpRequest req =
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofSeconds(30))
                          .header("Content-Type", "application/json")
                          .header("X-Hub-Signature", signer.sign(body))
                          .header("X-Atlassian-Webhook-Identifier", "bench-" + (offset + i))
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build();
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<Void> res =
                        client.send(req, HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - t0;
                    if (res.statusCode() / 100 != 2) {
                      failures.incrementAndGet();
                      firstError.compareAndSet(0, res.statusCode());
                    }
                  } catch (IOException e) {
                    latencies[i] = System.nanoTime() - t0;
                    failures.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
    }
    for (Future<?> f : fs) {
      f.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    if (firstError.get() != 0) {
      System.out.println("first non-2xx status: " + firstError.get());
    }
    return new Result(latencies, wall, failures.get());
  }

  /** A Cloud comment_created payload of realistic size (about 1 KB). */
  static byte[] payload(int i) {
    int issue = 10_000 + (i % 500);
    String json =
        "{\"timestamp\":"
            + (1_700_000_000_000L + i)
            + ",\"webhookEvent\":\"comment_created\",\"comment\":{\"self\":"
            + "\"https://example.atlassian.net/rest/api/2/issue/"
            + issue
            + "/comment/"
            + (500_000 + i)
            + "\",\"id\":\""
            + (500_000 + i)
            + "\",\"author\":{\"accountId\":\"qm:1a2b3c:customer-"
            + (i % 97)
            + "\",\"accountType\":\"customer\",\"displayName\":\"Ana Customer\",\"active\":true},"
            + "\"body\":\"Hello, my order 1234567 has not arrived yet. It was due last Tuesday and"
            + " the tracking page has not changed for five days. Can you check where it is?\","
            + "\"created\":\"2026-11-21T10:00:00.000+0000\",\"updated\":\"2026-11-21T10:00:00.000+0000\","
            + "\"jsdPublic\":true,\"jsdAuthorCanSeeRequest\":true},"
            + "\"issue\":{\"id\":\""
            + issue
            + "\",\"self\":\"https://example.atlassian.net/rest/api/2/"
            + issue
            + "\",\"key\":\"SD-"
            + (issue - 9_000)
            + "\",\"fields\":{\"summary\":\"Where is my order?\",\"issuetype\":{\"name\":\"Support\"},"
            + "\"project\":{\"key\":\"SD\"},\"status\":{\"name\":\"Waiting for support\"},"
            + "\"priority\":{\"name\":\"Medium\"},\"assignee\":null}}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}

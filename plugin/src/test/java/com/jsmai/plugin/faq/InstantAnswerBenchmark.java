package com.jsmai.plugin.faq;

import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.ratelimit.RedisServerProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * Latency of an instant-answer hit inside the plugin, end to end: normalising the question, looking
 * it up and getting the approved answer back (metrics counted). Two cases: a local (Caffeine) hit,
 * and a Redis hit with an empty local layer (what another instance sees first). 200 FAQ entries of
 * 5 phrasings; 20,000 timed lookups per case after 5,000 warm-up.
 *
 * <p>Run: {@code ./mvnw -q -pl plugin exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.jsmai.plugin.faq.InstantAnswerBenchmark}. Needs {@code redis-server} on the
 * PATH for the Redis case. The last line is JSON.
 */
public final class InstantAnswerBenchmark {
  private InstantAnswerBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<FaqEntry> faq = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<String> qs = new ArrayList<>();
      for (int v = 0; v < 5; v++)
        qs.add("Hello, how do I do thing number " + i + " variant " + v + "? Thanks");
      faq.add(
          new FaqEntry("faq-" + i, qs, "Approved answer " + i + " ".repeat(10) + "x".repeat(400)));
      questions.addAll(qs);
    }
    InstantAnswerCache local =
        new InstantAnswerCache(InstantAnswerCache.Config.defaults(), null, new PluginMetrics());
    faq.forEach(local::putEntry);
    double[] localMs = time(questions, q -> local.lookup(q), null);
    String json = "{\"local\":" + summary("local hit", localMs);
    try (RedisServerProcess redis = RedisServerProcess.start();
        JedisPooled client = redis.client()) {
      InstantAnswerCache writer =
          new InstantAnswerCache(InstantAnswerCache.Config.defaults(), client, null);
      faq.forEach(writer::putEntry);
      InstantAnswerCache reader =
          new InstantAnswerCache(InstantAnswerCache.Config.defaults(), client, new PluginMetrics());
      double[] redisMs = time(questions, q -> reader.lookup(q), reader::clearLocal);
      json += ",\"redis\":" + summary("redis hit (local layer empty)", redisMs);
    } catch (org.opentest4j.TestAbortedException noRedis) {
      System.out.println("redis-server not installed: Redis case skipped");
    }
    System.out.println(json + "}");
  }

  interface Lookup {
    Optional<InstantAnswerCache.CachedAnswer> apply(String q);
  }

  static double[] time(List<String> questions, Lookup lookup, Runnable beforeEach) {
    for (int i = 0; i < 5_000; i++) {
      if (beforeEach != null) beforeEach.run();
      lookup.apply(questions.get(i % questions.size())).orElseThrow();
    }
    double[] ms = new double[20_000];
    for (int i = 0; i < ms.length; i++) {
      if (beforeEach != null) beforeEach.run();
      String q = questions.get((i * 7919) % questions.size());
      long t0 = System.nanoTime();
      lookup.apply(q).orElseThrow();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  static String summary(String label, double[] sorted) {
    double p50 = sorted[sorted.length / 2];
    double p99 = sorted[(int) (sorted.length * 0.99)];
    double max = sorted[sorted.length - 1];
    System.out.printf(
        "%-30s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d lookups)%n",
        label, p50, p99, max, sorted.length);
    return String.format(
        "{\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f,\"n\":%d}", p50, p99, max, sorted.length);
  }
}

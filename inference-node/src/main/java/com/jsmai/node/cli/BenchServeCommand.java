package com.jsmai.node.cli;

import ai.djl.Device;
import com.jsmai.node.engine.Completion;
import com.jsmai.node.engine.Engine;
import com.jsmai.node.engine.EngineConfig;
import com.jsmai.node.engine.GenerationListener;
import com.jsmai.node.engine.GenerationRequest;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-serve --model DIR [--concurrency 1,4,16] [--decode-tokens 32] [--prompt-tokens 32]
 * [--system-prompt-tokens 1000] [--reuse-requests 3] [--kv-cache-mb 4096] [--device cpu|gpu]
 * [--threads N]}: continuous-batching throughput and latency of the serving engine.
 *
 * <p>For each concurrency C, C requests with distinct prompts are submitted at once (greedy, eos
 * ignored so each makes exactly {@code decode-tokens} tokens, prefix reuse off): aggregate decode
 * tokens/s = tokens after each request's first / time from the last first token to the last token
 * (all C decode together then); end-to-end tokens/s includes the prefill; TTFT and inter-token
 * latency p50/p95 over all requests. Then time to first token for a {@code system-prompt-tokens}
 * shared system prompt plus a distinct user turn, with prefix reuse off and on (after one priming
 * request). The last stdout line is one JSON object.
 */
public final class BenchServeCommand {
  private BenchServeCommand() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
    CliArgs args =
        CliArgs.parse(
            "bench-serve",
            argv,
            Set.of(
                "model",
                "concurrency",
                "decode-tokens",
                "prompt-tokens",
                "system-prompt-tokens",
                "reuse-requests",
                "kv-cache-mb",
                "device",
                "threads",
                "jlama-java",
                "jlama-classpath",
                "jlama-source"));
    Path dir = args.path("model");
    int[] levels;
    try {
      levels =
          Arrays.stream(args.get("concurrency", "1,4,16").split(","))
              .map(String::trim)
              .mapToInt(Integer::parseInt)
              .toArray();
    } catch (NumberFormatException e) {
      throw new UsageException("bench-serve: --concurrency must be a comma-separated list of ints");
    }
    int decode = args.intValue("decode-tokens", 32);
    int promptTokens = args.intValue("prompt-tokens", 32);
    int systemTokens = args.intValue("system-prompt-tokens", 1000);
    int reuseRequests = args.intValue("reuse-requests", 3);
    long kv = args.longValue("kv-cache-mb", 4096) << 20;
    if (decode < 2 || promptTokens < 1 || systemTokens < 16 || reuseRequests < 1) {
      throw new UsageException(
          "bench-serve: need --decode-tokens >= 2, --prompt-tokens >= 1,"
              + " --system-prompt-tokens >= 16, --reuse-requests >= 1");
    }
    for (int c : levels) {
      if (c < 1) {
        throw new UsageException("bench-serve: concurrency levels must be >= 1, got " + c);
      }
    }
    Device device = EngineOptions.configure(args);
    int maxLevel = Arrays.stream(levels).max().orElse(1);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("load_average_start", loadAverage());
    try (QwenModel model = QwenModel.load(dir, device);
        QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
      err.printf(Locale.ROOT, "loaded %s, threads %d%n", model, EngineOptions.threads());
      int[] filler = tokenizer.encode(fillerText());
      Map<String, Double> tput = new LinkedHashMap<>();
      Map<String, Double> endToEnd = new LinkedHashMap<>();
      Map<String, Double> ttft50 = new LinkedHashMap<>();
      Map<String, Double> ttft95 = new LinkedHashMap<>();
      Map<String, Double> itl50 = new LinkedHashMap<>();
      Map<String, Double> itl95 = new LinkedHashMap<>();
      EngineConfig noReuse =
          EngineConfig.defaults(kv).withPrefixCacheBytes(0).withMaxRunning(maxLevel);
      try (Engine engine = new Engine(model, tokenizer, noReuse)) {
        // Warm-up: first forwards pay one-time native costs.
        runRound(engine, List.of(prompt(filler, 0, promptTokens)), 4);
        for (int c : levels) {
          List<int[]> prompts = new ArrayList<>();
          for (int i = 0; i < c; i++) {
            prompts.add(prompt(filler, 1 + i, promptTokens));
          }
          Round r = runRound(engine, prompts, decode);
          String k = Integer.toString(c);
          if (c == 1) {
            double meanItl = r.itlMs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            result.put("decode_tokens_per_s_batch1", 1000.0 / meanItl);
          }
          tput.put(k, r.tokensPerSecond());
          endToEnd.put(k, r.endToEndTokensPerSecond());
          ttft50.put(k, percentile(r.ttftMs, 50));
          ttft95.put(k, percentile(r.ttftMs, 95));
          itl50.put(k, percentile(r.itlMs, 50));
          itl95.put(k, percentile(r.itlMs, 95));
          err.printf(
              Locale.ROOT,
              "concurrency %d: %.2f tok/s aggregate decode (%.2f end to end), TTFT p50 %.0f ms p95 %.0f ms,"
                  + " ITL p50 %.0f ms p95 %.0f ms (%d tokens in %.1f s)%n",
              c,
              r.tokensPerSecond(),
              r.endToEndTokensPerSecond(),
              ttft50.get(k),
              ttft95.get(k),
              itl50.get(k),
              itl95.get(k),
              r.tokens,
              r.seconds);
        }
        result.put("aggregate_tokens_per_s", tput);
        result.put("end_to_end_tokens_per_s", endToEnd);
        result.put("ttft_ms_p50", ttft50);
        result.put("ttft_ms_p95", ttft95);
        result.put("itl_ms_p50", itl50);
        result.put("itl_ms_p95", itl95);
        double base = tput.get(Integer.toString(levels[0]));
        double top = tput.get(Integer.toString(levels[levels.length - 1]));
        result.put("throughput_ratio_max_vs_min_concurrency", top / base);
      }
      // Shared system prompt, with and without reuse, on one engine with the prefix cache on.
      // Cold and warm requests alternate so that a change in machine load hits both alike: a
      // cold request's system prompt differs in its first token (no prefix matches), a warm one
      // repeats the primed system prompt with a new user turn.
      try (Engine engine =
          new Engine(model, tokenizer, EngineConfig.defaults(kv).withMaxRunning(maxLevel))) {
        int[] system = Arrays.copyOf(repeat(filler, systemTokens), systemTokens);
        runRound(engine, List.of(withUser(system, filler, 99)), 2); // primes the prefix cache
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < reuseRequests; i++) {
          int[] unique = system.clone();
          unique[0] = 2000 + i;
          cold.add(runRound(engine, List.of(withUser(unique, filler, 100 + i)), 2).ttftMs.get(0));
          warm.add(runRound(engine, List.of(withUser(system, filler, 100 + i)), 2).ttftMs.get(0));
        }
        result.put("ttft_ms_shared_prompt_no_reuse", median(cold));
        result.put("ttft_ms_shared_prompt_reuse", median(warm));
        result.put("prefix_reuse_ttft_speedup", median(cold) / median(warm));
        err.printf(
            Locale.ROOT,
            "shared %d-token system prompt: TTFT without reuse %s ms, with reuse %s ms"
                + " (prefix hits %d)%n",
            systemTokens,
            cold,
            warm,
            engine.prefixCacheHits());
      }
      result.put("decode_tokens", decode);
      result.put("prompt_tokens", promptTokens);
      result.put("system_prompt_tokens", systemTokens);
      result.put("threads", EngineOptions.threads());
      result.put("device", device.toString());
      result.put("load_average_end", loadAverage());
    }
    if (args.has("jlama-java")) {
      // After our model is closed, so the two never share memory or cores.
      jlama(args, dir, decode, result, err);
    }
    out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /**
   * Runs scripts/jlama-bench/JlamaBench.java under a JDK 21+ {@code --jlama-java} with {@code
   * --jlama-classpath} (jlama-core and its dependencies) and merges its JSON line into the result;
   * any failure is recorded as {@code jlama_error} with the reason.
   */
  private static void jlama(
      CliArgs args, Path dir, int decode, Map<String, Object> result, PrintStream err) {
    List<String> cmd =
        List.of(
            args.required("jlama-java"),
            "--add-modules",
            "jdk.incubator.vector",
            "-cp",
            args.required("jlama-classpath"),
            args.get("jlama-source", "scripts/jlama-bench/JlamaBench.java"),
            dir.toAbsolutePath().toString(),
            Integer.toString(decode));
    err.println("running Jlama: " + String.join(" ", cmd));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (var reader =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
          err.println("  jlama| " + line);
        }
      }
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        result.put("jlama_error", "timed out after 20 minutes");
        return;
      }
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      if (p.exitValue() != 0 || !last.startsWith("{")) {
        result.put(
            "jlama_error",
            "exit "
                + p.exitValue()
                + ": "
                + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        return;
      }
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last);
      node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
    } catch (IOException e) {
      result.put("jlama_error", "could not start " + cmd.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.put("jlama_error", "interrupted");
    }
  }

  /**
   * @param decodeSeconds from the moment every request had its first token to the last token: the
   *     span in which all sequences decode together
   */
  private record Round(
      int tokens,
      int requests,
      double seconds,
      double decodeSeconds,
      List<Double> ttftMs,
      List<Double> itlMs) {
    /** Aggregate decode tokens/s: tokens after each request's first, over the decode span. */
    double tokensPerSecond() {
      return (tokens - requests) / decodeSeconds;
    }

    /** All tokens over the whole round, prefill included. */
    double endToEndTokensPerSecond() {
      return tokens / seconds;
    }
  }

  /** Submits all prompts at once and waits for every completion. */
  private static Round runRound(Engine engine, List<int[]> prompts, int decode) {
    SamplingParams params =
        SamplingParams.builder().temperature(0).maxTokens(decode).ignoreEos(true).build();
    List<CompletableFuture<Completion>> futures = new ArrayList<>();
    List<List<Long>> times = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int[] p : prompts) {
      CompletableFuture<Completion> f = new CompletableFuture<>();
      List<Long> tokenTimes = java.util.Collections.synchronizedList(new ArrayList<>());
      times.add(tokenTimes);
      futures.add(f);
      engine.submit(
          new GenerationRequest(
              p,
              params,
              null,
              new GenerationListener() {
                @Override
                public void onToken(int tokenId, long nanoTime) {
                  tokenTimes.add(nanoTime);
                }

                @Override
                public void onText(String delta) {}

                @Override
                public void onComplete(Completion completion) {
                  f.complete(completion);
                }

                @Override
                public void onError(RuntimeException error) {
                  f.completeExceptionally(error);
                }
              }));
    }
    int tokens = 0;
    List<Double> ttft = new ArrayList<>();
    for (CompletableFuture<Completion> f : futures) {
      Completion c;
      try {
        c = f.get(30, TimeUnit.MINUTES);
      } catch (Exception e) {
        throw new IllegalStateException("benchmark request failed: " + e, e);
      }
      tokens += c.completionTokens();
      ttft.add(c.ttftNanos() / 1e6);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<Double> itl = new ArrayList<>();
    long allStarted = Long.MIN_VALUE;
    long lastToken = Long.MIN_VALUE;
    for (List<Long> ts : times) {
      allStarted = Math.max(allStarted, ts.get(0));
      lastToken = Math.max(lastToken, ts.get(ts.size() - 1));
      for (int i = 1; i < ts.size(); i++) {
        itl.add((ts.get(i) - ts.get(i - 1)) / 1e6);
      }
    }
    return new Round(tokens, prompts.size(), seconds, (lastToken - allStarted) / 1e9, ttft, itl);
  }

  private static String fillerText() {
    return "You are the help desk assistant of Example Corp. Answer questions about orders,"
        + " refunds, shipping, passwords and accounts politely and precisely. Use the tools"
        + " when you need order data; never invent order numbers or tracking codes. ";
  }

  private static int[] repeat(int[] base, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = base[i % base.length];
    }
    return out;
  }

  /** A prompt of n tokens that differs from others by its first token. */
  private static int[] prompt(int[] filler, int variant, int n) {
    int[] p = repeat(filler, n);
    p[0] = filler[variant % filler.length] + variant / filler.length;
    return p;
  }

  private static int[] withUser(int[] system, int[] filler, int variant) {
    int[] user = new int[24];
    for (int i = 0; i < user.length; i++) {
      user[i] = filler[(variant * 7 + i) % filler.length];
    }
    user[0] = 1000 + variant; // distinct user turn
    int[] p = Arrays.copyOf(system, system.length + user.length);
    System.arraycopy(user, 0, p, system.length, user.length);
    return p;
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }

  private static double median(List<Double> values) {
    return percentile(values, 50);
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}

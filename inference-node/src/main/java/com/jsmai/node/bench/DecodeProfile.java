package com.jsmai.node.bench;

import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.Sequence;
import com.jsmai.node.model.StepTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the time of one batch-1 decode step goes: runs many decode steps at a fixed context (the
 * cache is truncated back after each step) and reports, per group of ops (summed over the layers),
 * the median time per step, its share of the step and, for the matmuls, the bytes of weights read
 * per second.
 *
 * <pre>
 * java -cp inference-node/target/inference-node.jar com.jsmai.node.bench.DecodeProfile \
 *     --model DIR [--threads 2] [--context 512] [--steps 200]
 * </pre>
 *
 * <p>The p10 column (the 10th percentile) is the better guide on a loaded machine: medians there
 * include time the process spent waiting for a CPU.
 */
public final class DecodeProfile {
  private DecodeProfile() {}

  /** Per-section nanoseconds of one step, summed over every mark with that section name. */
  private static final class Recorder implements StepTrace {
    final Map<String, Long> nanos = new LinkedHashMap<>();
    long last;

    void start() {
      nanos.replaceAll((k, v) -> 0L);
      last = System.nanoTime();
    }

    @Override
    public void mark(String section) {
      long now = System.nanoTime();
      nanos.merge(section, now - last, Long::sum);
      last = now;
    }
  }

  /** Section medians of {@code steps} decode steps at context {@code context}, as text lines. */
  public static List<String> profile(QwenModel model, int context, int steps) {
    if (context < 1 || steps < 1) {
      throw new IllegalArgumentException("context and steps must be >= 1");
    }
    Map<String, long[]> samples = new LinkedHashMap<>(); // section -> per-step nanoseconds
    long[] totals = new long[steps];
    SplittableRandom random = new SplittableRandom(11);
    int vocab = Math.min(model.config().vocabSize(), 151643);
    int[] prompt = new int[context];
    for (int i = 0; i < context; i++) {
      prompt[i] = random.nextInt(vocab);
    }
    Recorder rec = new Recorder();
    try (Sequence seq = model.newSequence(context + 2)) {
      model.prefill(seq, prompt);
      int warmup = Math.max(3, steps / 10);
      for (int s = -warmup; s < steps; s++) {
        int token = random.nextInt(vocab);
        rec.start();
        long t0 = rec.last;
        model.forward(List.of(seq), List.of(new int[] {token}), rec);
        long total = System.nanoTime() - t0;
        seq.cache().truncate(context); // same context every step
        if (s < 0) {
          continue;
        }
        totals[s] = total;
        for (Map.Entry<String, Long> en : rec.nanos.entrySet()) {
          samples.computeIfAbsent(en.getKey(), k -> new long[steps])[s] = en.getValue();
        }
      }
    }
    long layers = model.config().numHiddenLayers();
    long h = model.config().hiddenSize();
    long inter = model.config().intermediateSize();
    long q = model.config().qDim();
    long kv = model.config().kvDim();
    long el = model.computeType().getNumOfBytes();
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put("qkv_matmul", layers * h * (q + 2 * kv) * el);
    bytes.put("o_proj_residual", layers * q * h * el);
    bytes.put("gate_up_matmul", layers * h * 2 * inter * el);
    bytes.put("down_residual", layers * inter * h * el);
    bytes.put("lm_head", h * model.config().vocabSize() * el);
    bytes.put("attention", layers * 2L * kv * context * el); // the KV cache
    List<String> lines = new ArrayList<>();
    double stepMedian = median(totals);
    lines.add(
        String.format(
            Locale.ROOT,
            "decode step at context %d, %d steps: median %.2f ms (%.2f tok/s), p10 %.2f ms,"
                + " p90 %.2f ms",
            context,
            steps,
            stepMedian / 1e6,
            1e9 / stepMedian,
            percentile(totals, 0.1) / 1e6,
            percentile(totals, 0.9) / 1e6));
    lines.add(
        String.format(
            Locale.ROOT,
            "%-20s %10s %7s %10s %10s",
            "section",
            "median ms",
            "share",
            "GB/s",
            "p10 ms"));
    double sumMedians = 0;
    for (Map.Entry<String, long[]> e : samples.entrySet()) {
      double m = median(e.getValue());
      sumMedians += m;
      Long b = bytes.get(e.getKey());
      lines.add(
          String.format(
              Locale.ROOT,
              "%-20s %10.3f %6.1f%% %10s %10.3f",
              e.getKey(),
              m / 1e6,
              100 * m / stepMedian,
              b == null ? "" : String.format(Locale.ROOT, "%.1f", b / m),
              percentile(e.getValue(), 0.1) / 1e6));
    }
    lines.add(String.format(Locale.ROOT, "%-20s %10.3f", "sum of medians", sumMedians / 1e6));
    return lines;
  }

  static double median(long[] a) {
    return percentile(a, 0.5);
  }

  static double percentile(long[] a, double p) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
  }

  public static void main(String[] args) {
    Path model = null;
    int threads = 2;
    int context = 512;
    int steps = 200;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + args[i]);
      }
      switch (args[i]) {
        case "--model" -> model = Path.of(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--context" -> context = Integer.parseInt(args[i + 1]);
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null || threads < 1 || context < 1 || steps < 1) {
      System.err.println(
          "usage: DecodeProfile --model DIR [--threads 2] [--context 512] [--steps 200]");
      System.exit(2);
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    try (QwenModel m = QwenModel.load(model)) {
      System.out.printf(Locale.ROOT, "%s, %d threads%n", m, threads);
      for (String line : profile(m, context, steps)) {
        System.out.println(line);
      }
    }
  }
}

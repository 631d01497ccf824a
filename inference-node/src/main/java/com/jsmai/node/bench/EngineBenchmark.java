package com.jsmai.node.bench;

import ai.djl.ndarray.NDManager;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.Sequence;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Single-sequence engine speed: prefill tokens/s for one prompt, batch-1 greedy decode tokens/s
 * after it, the streaming-read bandwidth of the same process, and the decode speed as a fraction of
 * the bandwidth limit {@code bandwidth / bytes read per token}.
 */
public final class EngineBenchmark {
  /** Benchmark settings. */
  public record Settings(int promptTokens, int decodeTokens, long bandwidthBytes, int passes) {
    public Settings {
      if (promptTokens < 1 || decodeTokens < 1 || passes < 1 || bandwidthBytes < 1 << 20) {
        throw new IllegalArgumentException(
            "prompt-tokens and decode-tokens must be >= 1, passes >= 1, bandwidth size >= 1 MiB");
      }
    }
  }

  /** Measured figures; {@link #toJson()} is the machine-readable line. */
  public record Result(
      int promptTokens,
      int decodeTokens,
      int threads,
      double loadSeconds,
      double prefillTokensPerSecond,
      double decodeTokensPerSecond,
      long weightBytesPerToken,
      long bytesPerToken,
      double bandwidthBytesPerSecond,
      double fractionOfLimit,
      long peakRssBytes) {
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"prompt_tokens\": %d, \"decode_tokens\": %d, \"threads\": %d, \"load_s\": %.2f,"
              + " \"prefill_tokens_per_s\": %.2f, \"decode_tokens_per_s\": %.3f,"
              + " \"weight_bytes_per_token\": %d, \"bytes_per_token\": %d,"
              + " \"bandwidth_gb_per_s\": %.2f, \"decode_limit_tokens_per_s\": %.3f,"
              + " \"fraction_of_limit\": %.3f, \"peak_rss_mb\": %d}",
          promptTokens,
          decodeTokens,
          threads,
          loadSeconds,
          prefillTokensPerSecond,
          decodeTokensPerSecond,
          weightBytesPerToken,
          bytesPerToken,
          bandwidthBytesPerSecond / 1e9,
          bandwidthBytesPerSecond / bytesPerToken,
          fractionOfLimit,
          peakRssBytes / (1024 * 1024));
    }
  }

  private EngineBenchmark() {}

  /** Runs the benchmark on a loaded model; progress lines go to {@code log}. */
  public static Result run(
      QwenModel model, Settings s, int threads, double loadSeconds, java.io.PrintStream log) {
    int vocab = Math.min(model.config().vocabSize(), 151643); // ordinary BPE tokens only
    SplittableRandom random = new SplittableRandom(7);
    int[] prompt = new int[s.promptTokens()];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = random.nextInt(vocab);
    }
    log.printf(
        Locale.ROOT,
        "RSS after load: %d MiB (peak %d MiB)%n",
        ProcessMemory.rssBytes() >> 20,
        ProcessMemory.peakRssBytes() >> 20);
    // Warm-up: first calls pay for lazy native initialisation and allocator growth.
    try (Sequence warm = model.newSequence(64)) {
      float[] l = model.prefill(warm, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
      for (int i = 0; i < 3; i++) {
        l = model.decode(List.of(warm), new int[] {argMax(l)})[0];
      }
    }
    double prefillTps;
    double decodeTps;
    try (Sequence seq = model.newSequence(s.promptTokens() + s.decodeTokens() + 1)) {
      long t0 = System.nanoTime();
      float[] logits = model.prefill(seq, prompt);
      long prefillNanos = System.nanoTime() - t0;
      prefillTps = s.promptTokens() / (prefillNanos / 1e9);
      log.printf(
          Locale.ROOT,
          "prefill: %d tokens in %.2f s = %.1f tok/s%n",
          s.promptTokens(),
          prefillNanos / 1e9,
          prefillTps);
      long t1 = System.nanoTime();
      for (int i = 0; i < s.decodeTokens(); i++) {
        logits = model.decode(List.of(seq), new int[] {argMax(logits)})[0];
      }
      long decodeNanos = System.nanoTime() - t1;
      decodeTps = s.decodeTokens() / (decodeNanos / 1e9);
      log.printf(
          Locale.ROOT,
          "decode: %d tokens in %.2f s = %.3f tok/s%n",
          s.decodeTokens(),
          decodeNanos / 1e9,
          decodeTps);
    }
    log.printf(
        Locale.ROOT,
        "RSS after decode: %d MiB (peak %d MiB)%n",
        ProcessMemory.rssBytes() >> 20,
        ProcessMemory.peakRssBytes() >> 20);
    double bandwidth;
    try (NDManager m = NDManager.newBaseManager(model.device(), "PyTorch")) {
      bandwidth = MemoryBandwidth.measure(m, s.bandwidthBytes(), s.passes());
    }
    log.printf(
        Locale.ROOT,
        "bandwidth: %.2f GB/s (best of %d sums over %d MiB)%n",
        bandwidth / 1e9,
        s.passes(),
        s.bandwidthBytes() >> 20);
    long weights = model.weightBytesPerStep();
    // Attention reads the whole cache each step: use the mean context of the decode run.
    long meanContext = s.promptTokens() + s.decodeTokens() / 2;
    long bytesPerToken = weights + meanContext * model.kvBytesPerToken();
    double fraction = decodeTps * bytesPerToken / bandwidth;
    return new Result(
        s.promptTokens(),
        s.decodeTokens(),
        threads,
        loadSeconds,
        prefillTps,
        decodeTps,
        weights,
        bytesPerToken,
        bandwidth,
        fraction,
        ProcessMemory.peakRssBytes());
  }

  private static int argMax(float[] l) {
    int best = 0;
    for (int i = 1; i < l.length; i++) {
      if (l[i] > l[best]) {
        best = i;
      }
    }
    return best;
  }
}

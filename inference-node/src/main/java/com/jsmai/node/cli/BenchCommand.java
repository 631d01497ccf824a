package com.jsmai.node.cli;

import ai.djl.Device;
import com.jsmai.node.bench.EngineBenchmark;
import com.jsmai.node.model.QwenModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench --model DIR [--prompt-tokens 512] [--decode-tokens 64] [--bandwidth-mib 2048]
 * [--passes 5] [--device cpu|gpu] [--threads N]}: prefill and decode speed, bandwidth, peak RSS;
 * the last stdout line is one JSON object.
 */
public final class BenchCommand {
  static final String USAGE =
      "bench --model DIR [--prompt-tokens 512] [--decode-tokens 64] [--bandwidth-mib 2048]"
          + " [--passes 5] [--device cpu|gpu] [--threads N]";

  private BenchCommand() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    CliArgs args =
        CliArgs.parse(
            "bench",
            argv,
            Set.of(
                "model",
                "prompt-tokens",
                "decode-tokens",
                "bandwidth-mib",
                "passes",
                "device",
                "threads"));
    Path dir = args.path("model");
    EngineBenchmark.Settings settings;
    try {
      settings =
          new EngineBenchmark.Settings(
              args.intValue("prompt-tokens", 512),
              args.intValue("decode-tokens", 64),
              args.longValue("bandwidth-mib", 2048) << 20,
              args.intValue("passes", 5));
    } catch (IllegalArgumentException e) {
      throw new UsageException("bench: " + e.getMessage());
    }
    Device device = EngineOptions.configure(args);
    long t0 = System.nanoTime();
    try (QwenModel model = QwenModel.load(dir, device)) {
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      err.printf(Locale.ROOT, "loaded %s in %.1f s%n", model, loadSeconds);
      EngineBenchmark.Result r =
          EngineBenchmark.run(model, settings, EngineOptions.threads(), loadSeconds, err);
      out.printf(
          Locale.ROOT,
          "prefill %.1f tok/s | decode %.3f tok/s | %.2f GB/token | bandwidth %.2f GB/s"
              + " | limit %.3f tok/s | fraction %.3f | peak RSS %d MiB%n",
          r.prefillTokensPerSecond(),
          r.decodeTokensPerSecond(),
          r.bytesPerToken() / 1e9,
          r.bandwidthBytesPerSecond() / 1e9,
          r.bandwidthBytesPerSecond() / r.bytesPerToken(),
          r.fractionOfLimit(),
          r.peakRssBytes() >> 20);
      out.println(r.toJson());
    }
    return 0;
  }
}

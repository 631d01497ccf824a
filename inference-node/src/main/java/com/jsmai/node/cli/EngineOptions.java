package com.jsmai.node.cli;

import ai.djl.Device;
import java.util.Locale;

/** Device and thread options shared by the model-running subcommands. */
final class EngineOptions {
  private EngineOptions() {}

  /**
   * Applies {@code --threads} (PyTorch intra-op threads, set before the engine starts) and the DJL
   * offline default; returns the {@code --device}.
   */
  static Device configure(CliArgs args) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true"); // never download natives at run time
    }
    if (args.has("threads")) {
      int threads = args.intValue("threads", 0);
      if (threads < 1) {
        throw new UsageException("--threads must be >= 1, got " + threads);
      }
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    String device = args.get("device", "cpu").toLowerCase(Locale.ROOT);
    return switch (device) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        // Fail before loading anything: the CPU natives in this build have no CUDA kernels.
        int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
        if (gpus == 0) {
          throw new UsageException(
              "--device gpu: PyTorch sees no CUDA GPU (this build ships CPU natives; see"
                  + " docs/inference-node.md, section GPU)");
        }
        yield Device.gpu();
      }
      default -> throw new UsageException("--device must be cpu or gpu, got '" + device + "'");
    };
  }

  static int threads() {
    String t = System.getProperty("ai.djl.pytorch.num_threads");
    return t != null ? Integer.parseInt(t) : Runtime.getRuntime().availableProcessors();
  }
}

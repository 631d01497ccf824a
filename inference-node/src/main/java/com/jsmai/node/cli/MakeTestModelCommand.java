package com.jsmai.node.cli;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.checkpoint.ModelConfig;
import com.jsmai.node.checkpoint.RandomCheckpointWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code make-test-model --arch qwen2|qwen3 --out DIR [--dtype f32|bf16] [--shards N] [--preset
 * tiny|qwen2.5-0.5b] [--seed S] [--tokenizer-dir DIR]}: a random-weight checkpoint in HF layout.
 */
public final class MakeTestModelCommand {
  static final String USAGE =
      "make-test-model --arch qwen2|qwen3 --out DIR [--dtype f32|bf16] [--shards N]"
          + " [--preset tiny|qwen2.5-0.5b] [--seed S] [--tokenizer-dir DIR]";

  private MakeTestModelCommand() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
    CliArgs args =
        CliArgs.parse(
            "make-test-model",
            argv,
            Set.of("arch", "out", "dtype", "shards", "preset", "seed", "tokenizer-dir"));
    Architecture arch =
        switch (args.required("arch").toLowerCase(Locale.ROOT)) {
          case "qwen2" -> Architecture.QWEN2;
          case "qwen3" -> Architecture.QWEN3;
          default ->
              throw new UsageException(
                  "--arch must be qwen2 or qwen3, got '" + args.required("arch") + "'");
        };
    DType dtype;
    RandomCheckpointWriter.Spec spec;
    try {
      dtype = DType.parse(args.get("dtype", "f32"));
      spec =
          new RandomCheckpointWriter.Spec(
              arch,
              dtype,
              args.intValue("shards", 1),
              RandomCheckpointWriter.Preset.parse(args.get("preset", "tiny")),
              args.longValue("seed", 42));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path tokenizerDir =
        RandomCheckpointWriter.findTokenizerDir(
            args.has("tokenizer-dir") ? args.path("tokenizer-dir") : null);
    Path outDir = args.path("out");
    long t0 = System.nanoTime();
    ModelConfig c = RandomCheckpointWriter.write(spec, outDir, tokenizerDir);
    err.printf(
        Locale.ROOT,
        "wrote %s %s %s checkpoint (%d layers, hidden %d, vocab %d, %d shard(s)) to %s in %.1f s%n",
        args.get("preset", "tiny"),
        arch.hfName(),
        dtype,
        c.numHiddenLayers(),
        c.hiddenSize(),
        c.vocabSize(),
        spec.shards(),
        outDir,
        (System.nanoTime() - t0) / 1e9);
    out.println(outDir.toAbsolutePath());
    return 0;
  }
}

package com.jsmai.node;

import com.jsmai.node.chat.RenderChatCommand;
import com.jsmai.node.checkpoint.CheckpointException;
import com.jsmai.node.cli.BenchCommand;
import com.jsmai.node.cli.BenchServeCommand;
import com.jsmai.node.cli.GenerateCommand;
import com.jsmai.node.cli.MakeTestModelCommand;
import com.jsmai.node.cli.ServeCommand;
import com.jsmai.node.cli.UsageException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Command-line entry point of the inference node: a subcommand dispatcher. Each subcommand lives in
 * its own class with a {@code static int run(String[] args, PrintStream out, PrintStream err)}
 * returning the exit status (0 ok, 1 failure, 2 bad usage).
 */
public final class Main {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar inference-node.jar <command> [options]",
          "commands:",
          "  make-test-model --arch qwen2|qwen3 --out DIR [--dtype f32|bf16] [--shards N]",
          "                  [--preset tiny|qwen2.5-0.5b] [--seed S] [--tokenizer-dir DIR]",
          "  generate --model DIR --prompt TEXT [--max-tokens N] [--temperature T] [--top-p P]",
          "           [--top-k K] [--min-p P] [--repetition-penalty R] [--seed S]",
          "           [--device cpu|gpu] [--threads N]",
          "  bench --model DIR [--prompt-tokens 512] [--decode-tokens 64] [--bandwidth-mib 2048]",
          "        [--passes 5] [--device cpu|gpu] [--threads N]",
          "  render-chat --model DIR --input conversation.json",
          "  serve --model DIR --port P [--host 127.0.0.1] [--api-key-file F]",
          "        [--served-model-name N] [--kv-cache-mb 1024] [--prefix-cache-mb M]",
          "        [--max-running 16] [--max-queue 64] [--max-body-kb 4096]",
          "        [--default-max-tokens 1024] [--shutdown-grace-s 30] [--device cpu|gpu]",
          "        [--threads N]",
          "  bench-serve --model DIR [--concurrency 1,4,16] [--decode-tokens 32]",
          "        [--prompt-tokens 32] [--system-prompt-tokens 1000] [--reuse-requests 3]",
          "        [--kv-cache-mb 4096] [--jlama-java JDK21+/bin/java --jlama-classpath CP]",
          "        [--device cpu|gpu] [--threads N]");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one subcommand and returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "make-test-model":
          return MakeTestModelCommand.run(rest, out, err);
        case "generate":
          return GenerateCommand.run(rest, out, err);
        case "bench":
          return BenchCommand.run(rest, out, err);
        case "render-chat":
          return RenderChatCommand.run(rest, out, err);
        case "serve":
          return ServeCommand.run(rest, out, err);
        case "bench-serve":
          return BenchServeCommand.run(rest, out, err);
        default:
          err.println("unknown command '" + args[0] + "'\n" + USAGE);
          return 2;
      }
    } catch (RuntimeException e) {
      if (e instanceof UsageException) {
        err.println(e.getMessage() + "\n" + USAGE);
        return 2;
      }
      if (e instanceof CheckpointException || e instanceof IllegalArgumentException) {
        err.println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    } catch (java.io.IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}

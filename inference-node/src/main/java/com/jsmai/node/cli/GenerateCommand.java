package com.jsmai.node.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.jsmai.node.chat.ChatTemplateException;
import com.jsmai.node.chat.RenderChatCommand;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.sampling.GenerationResult;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.sampling.TextGenerator;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code generate --model DIR --prompt TEXT [--max-tokens N] [--temperature T] [--top-p P] [--top-k
 * K] [--min-p P] [--repetition-penalty R] [--seed S] [--device cpu|gpu] [--threads N]}: streams the
 * completion of a raw prompt to stdout and timing to stderr.
 *
 * <p>{@code --prompt} is used verbatim (write chat markup yourself, e.g. {@code
 * <|im_start|>user\n...<|im_end|>\n<|im_start|>assistant\n}); {@code --input} takes an OpenAI-style
 * conversation file and renders it with the checkpoint's own chat template, exactly as {@code
 * render-chat} prints it. Sampling defaults come from the checkpoint's {@code
 * generation_config.json}; flags override them.
 */
public final class GenerateCommand {
  static final String USAGE =
      "generate --model DIR (--prompt TEXT | --input conversation.json) [--max-tokens N]"
          + " [--temperature T] [--top-p P] [--top-k K] [--min-p P] [--repetition-penalty R]"
          + " [--seed S] [--device cpu|gpu] [--threads N]";

  private GenerateCommand() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    CliArgs args =
        CliArgs.parse(
            "generate",
            argv,
            Set.of(
                "model",
                "prompt",
                "input",
                "max-tokens",
                "temperature",
                "top-p",
                "top-k",
                "min-p",
                "repetition-penalty",
                "seed",
                "device",
                "threads"));
    Path dir = args.path("model");
    String prompt;
    if (args.has("input")) {
      if (args.has("prompt")) {
        throw new UsageException("generate: give --prompt or --input, not both");
      }
      Path input = args.path("input");
      try {
        prompt = RenderChatCommand.renderFile(dir, input);
      } catch (JsonProcessingException e) {
        err.println("generate: " + input + " is not valid JSON: " + e.getOriginalMessage());
        return 1;
      } catch (IOException | ChatTemplateException | IllegalArgumentException e) {
        err.println("generate: cannot render " + input + ": " + e.getMessage());
        return 1;
      }
    } else {
      prompt = args.required("prompt");
    }
    if (prompt.isEmpty()) {
      throw new UsageException("generate: --prompt must not be empty");
    }
    Device device = EngineOptions.configure(args);
    try (QwenModel model = QwenModel.load(dir, device);
        QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
      SamplingParams.Builder b = SamplingParams.fromDefaults(model.generationDefaults());
      b.maxTokens(args.intValue("max-tokens", 128));
      if (args.has("temperature")) {
        b.temperature(args.doubleValue("temperature"));
      }
      if (args.has("top-p")) {
        b.topP(args.doubleValue("top-p"));
      }
      if (args.has("top-k")) {
        b.topK(args.intValue("top-k", 0));
      }
      if (args.has("min-p")) {
        b.minP(args.doubleValue("min-p"));
      }
      if (args.has("repetition-penalty")) {
        b.repetitionPenalty(args.doubleValue("repetition-penalty"));
      }
      if (args.has("seed")) {
        b.seed(args.longValue("seed", 0));
      }
      SamplingParams params;
      try {
        params = b.build();
      } catch (IllegalArgumentException e) {
        throw new UsageException("generate: " + e.getMessage());
      }
      int[] ids = tokenizer.encode(prompt);
      TextGenerator generator = new TextGenerator(model, tokenizer);
      GenerationResult r =
          generator.generate(
              ids,
              params,
              text -> {
                out.print(text);
                out.flush();
              });
      out.println();
      err.printf(
          Locale.ROOT,
          "%d prompt tokens, %d generated, finish %s; prefill %.1f tok/s (%.0f ms), decode %.2f tok/s%n",
          r.promptTokens(),
          r.tokens().length,
          r.finishReason().name().toLowerCase(Locale.ROOT),
          r.promptTokens() / (r.prefillNanos() / 1e9),
          r.prefillNanos() / 1e6,
          r.decodeTokensPerSecond());
    }
    return 0;
  }
}

package com.jsmai.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.node.sampling.GenerationResult;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.sampling.TextGenerator;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs only when {@code QWEN_MODEL_DIR} points at a downloaded Qwen checkpoint. */
@Tag("slow")
class RealCheckpointTest {
  @Test
  void generate_realCheckpoint_greedyIsDeterministicAndPromptRoundTrips() {
    String env = System.getenv("QWEN_MODEL_DIR");
    Assumptions.assumeTrue(
        env != null && Files.isDirectory(Path.of(env)),
        "QWEN_MODEL_DIR is not set to a checkpoint directory: skipping the real-model test");
    Path dir = Path.of(env);
    try (QwenModel model = QwenModel.load(dir);
        QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
      String prompt =
          "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n";
      int[] ids = tokenizer.encode(prompt);
      assertThat(tokenizer.decode(ids, false)).isEqualTo(prompt);
      TextGenerator generator = new TextGenerator(model, tokenizer);

      GenerationResult a = generator.generate(ids, SamplingParams.greedy(12), t -> {});
      GenerationResult b = generator.generate(ids, SamplingParams.greedy(12), t -> {});

      assertThat(a.tokens()).containsExactly(b.tokens());
      assertThat(a.text()).isNotBlank();
    }
  }
}

package com.jsmai.node.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.TestModels;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {
  private static QwenModel model;
  private static QwenTokenizer tokenizer;
  private static TextGenerator generator;
  private static int[] prompt;

  @BeforeAll
  static void load() {
    Path dir = TestModels.tiny(Architecture.QWEN3, DType.BF16, 1);
    model = QwenModel.load(dir);
    tokenizer = QwenTokenizer.load(dir);
    generator = new TextGenerator(model, tokenizer);
    prompt =
        tokenizer.encode("<|im_start|>user\nWhere is my order?<|im_end|>\n<|im_start|>assistant\n");
  }

  @AfterAll
  static void close() {
    model.close();
    tokenizer.close();
  }

  @Test
  void generate_greedyTwice_sameTokensAndText() {
    SamplingParams p = SamplingParams.greedy(12).toBuilder().ignoreEos(true).build();
    StringBuilder streamed = new StringBuilder();

    GenerationResult a = generator.generate(prompt, p, streamed::append);
    GenerationResult b = generator.generate(prompt, p, t -> {});

    assertThat(a.tokens()).hasSize(12).containsExactly(b.tokens());
    assertThat(a.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(streamed.toString()).isEqualTo(a.text());
    assertThat(a.text()).isEqualTo(tokenizer.decode(a.tokens(), true));
  }

  @Test
  void generate_seededSampling_reproducibleAndSeedSensitive() {
    SamplingParams p =
        SamplingParams.builder()
            .temperature(1.0)
            .topP(0.95)
            .seed(1234L)
            .maxTokens(16)
            .ignoreEos(true)
            .build();

    GenerationResult a = generator.generate(prompt, p, t -> {});
    GenerationResult b = generator.generate(prompt, p, t -> {});
    GenerationResult c = generator.generate(prompt, p.toBuilder().seed(99L).build(), t -> {});

    assertThat(a.tokens()).containsExactly(b.tokens());
    assertThat(a.tokens()).isNotEqualTo(c.tokens());
  }

  @Test
  void generate_stopToken_endsWithStopAndExcludesItFromText() {
    SamplingParams greedy = SamplingParams.greedy(6).toBuilder().ignoreEos(true).build();
    int[] free = generator.generate(prompt, greedy, t -> {}).tokens();
    int third = free[2];

    GenerationResult r =
        generator.generate(
            prompt, greedy.toBuilder().stopTokenIds(java.util.Set.of(third)).build(), t -> {});

    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    int firstStop = 0;
    while (free[firstStop] != third) {
      firstStop++;
    }
    assertThat(r.tokens()).hasSize(firstStop + 1);
    assertThat(r.text())
        .isEqualTo(tokenizer.decode(java.util.Arrays.copyOf(free, firstStop), true));
  }

  @Test
  void generate_stopString_cutsTextBeforeIt() {
    SamplingParams greedy = SamplingParams.greedy(10).toBuilder().ignoreEos(true).build();
    String free = generator.generate(prompt, greedy, t -> {}).text();
    // Random weights: use a stop string that surely occurs, the 3rd..5th characters.
    String stop = free.substring(2, Math.min(free.length(), 5));

    GenerationResult r =
        generator.generate(prompt, greedy.toBuilder().stopStrings(List.of(stop)).build(), t -> {});

    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.text()).isEqualTo(free.substring(0, free.indexOf(stop)));
  }
}

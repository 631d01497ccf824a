package com.jsmai.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QwenModelTest {
  private static final float TOLERANCE = 1e-4f;
  private static final int[] PROMPT = {9707, 11, 1879, 0, 151644, 872, 198, 151668, 42};

  static float maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static int argMax(float[] logits, int limit) {
    int best = 0;
    for (int i = 1; i < limit; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void forward_tinyCheckpoint_matchesPlainJavaReference(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    ReferenceQwen reference = new ReferenceQwen(dir);
    try (QwenModel model = QwenModel.load(dir);
        Sequence seq = model.newSequence(4)) {
      float[] logits = model.prefill(seq, PROMPT);

      assertThat(maxAbsDiff(logits, reference.lastLogits(PROMPT))).isLessThanOrEqualTo(TOLERANCE);
      // Logits must not be trivially tiny, or the comparison proves nothing.
      assertThat(maxAbs(logits)).isGreaterThan(0.5f);

      int[] history = PROMPT.clone();
      for (int step = 0; step < 4; step++) {
        int next = argMax(logits, 151669);
        history = append(history, next);
        logits = model.decode(List.of(seq), new int[] {next})[0];
        assertThat(maxAbsDiff(logits, reference.lastLogits(history)))
            .as("decode step %d", step)
            .isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void decode_withKvCache_matchesRecomputingWithoutCacheAtEveryStep(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    try (QwenModel model = QwenModel.load(dir);
        Sequence cached = model.newSequence(2)) {
      float[] logits = model.prefill(cached, PROMPT);
      int[] history = PROMPT.clone();
      for (int step = 0; step < 24; step++) {
        int next = argMax(logits, 151669);
        history = append(history, next);
        logits = model.decode(List.of(cached), new int[] {next})[0];
        try (Sequence fresh = model.newSequence(history.length)) {
          float[] recomputed = model.prefill(fresh, history);
          assertThat(maxAbsDiff(logits, recomputed))
              .as("step %d", step)
              .isLessThanOrEqualTo(TOLERANCE);
        }
      }
      assertThat(cached.length()).isEqualTo(history.length);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void load_bf16AndF32WithSameValues_identicalLogits(Architecture arch) {
    float[] f32 = promptLogits(TestModels.tiny(arch, DType.F32, 1));
    float[] bf16 = promptLogits(TestModels.tiny(arch, DType.BF16, 1));

    assertThat(bf16).containsExactly(f32);
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void load_shardedAndSingleFile_identicalLogits(Architecture arch) {
    float[] single = promptLogits(TestModels.tiny(arch, DType.BF16, 1));
    float[] sharded = promptLogits(TestModels.tiny(arch, DType.BF16, 3));

    assertThat(sharded).containsExactly(single);
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void decode_batchOfSequencesAtDifferentLengths_equalsRunningThemOneByOne(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    int[][] prompts = {{1, 2, 3}, {151644, 872, 198, 9707, 11, 1879, 0}, {500}};
    try (QwenModel model = QwenModel.load(dir)) {
      List<Sequence> batch = new ArrayList<>();
      List<Sequence> single = new ArrayList<>();
      int[] next = new int[prompts.length];
      for (int i = 0; i < prompts.length; i++) {
        batch.add(model.newSequence(8));
        single.add(model.newSequence(8));
        float[] a = model.prefill(batch.get(i), prompts[i]);
        float[] b = model.prefill(single.get(i), prompts[i]);
        assertThat(maxAbsDiff(a, b)).isZero();
        next[i] = argMax(a, 151669);
      }
      for (int step = 0; step < 12; step++) {
        float[][] batched = model.decode(batch, next);
        for (int i = 0; i < prompts.length; i++) {
          float[] alone = model.decode(List.of(single.get(i)), new int[] {next[i]})[0];
          assertThat(maxAbsDiff(batched[i], alone))
              .as("step %d sequence %d", step, i)
              .isLessThanOrEqualTo(TOLERANCE);
          next[i] = argMax(alone, 151669);
        }
      }
      for (int i = 0; i < prompts.length; i++) {
        assertThat(batch.get(i).length()).isEqualTo(prompts[i].length + 12);
      }
      batch.forEach(Sequence::close);
      single.forEach(Sequence::close);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void forward_prefillChunkAndDecodeTokenInOneBatch_equalsSeparateCalls(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    try (QwenModel model = QwenModel.load(dir);
        Sequence decoding = model.newSequence(8);
        Sequence prefilling = model.newSequence(8);
        Sequence decodingAlone = model.newSequence(8);
        Sequence prefillingAlone = model.newSequence(8)) {
      model.prefill(decoding, new int[] {151644, 872, 198});
      model.prefill(decodingAlone, new int[] {151644, 872, 198});
      int[] chunk = {9707, 11, 1879, 0, 42};

      float[][] mixed =
          model.forward(List.of(decoding, prefilling), List.of(new int[] {77}, chunk));
      float[] decodeAlone = model.decode(List.of(decodingAlone), new int[] {77})[0];
      float[] prefillAlone = model.prefill(prefillingAlone, chunk);

      assertThat(maxAbsDiff(mixed[0], decodeAlone)).isLessThanOrEqualTo(TOLERANCE);
      assertThat(maxAbsDiff(mixed[1], prefillAlone)).isLessThanOrEqualTo(TOLERANCE);
      assertThat(decoding.length()).isEqualTo(4);
      assertThat(prefilling.length()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void forward_tokenOutsideVocabulary_rejectedAndCacheUntouched(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    try (QwenModel model = QwenModel.load(dir);
        Sequence seq = model.newSequence(8)) {
      model.prefill(seq, new int[] {1, 2});

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> model.decode(List.of(seq), new int[] {model.config().vocabSize()}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside the vocabulary");
      assertThat(seq.length()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2", "QWEN3"})
  void prefill_sharedPrefixCopiedThenSuffix_matchesFullPrefill(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    try (QwenModel model = QwenModel.load(dir);
        Sequence prefix = model.newSequence(16);
        Sequence forked = model.newSequence(2);
        Sequence full = model.newSequence(16)) {
      model.prefill(prefix, new int[] {151644, 872, 198, 9707});
      forked.cache().copyPrefixFrom(prefix.cache(), 4);
      float[] viaPrefix = model.prefill(forked, new int[] {11, 1879, 0});
      float[] direct = model.prefill(full, new int[] {151644, 872, 198, 9707, 11, 1879, 0});

      assertThat(forked.length()).isEqualTo(7);
      assertThat(maxAbsDiff(viaPrefix, direct)).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void prefill_promptLongerThanOneChunk_matchesPlainJavaReference() {
    Path dir = TestModels.tiny(Architecture.QWEN3, DType.F32, 1);
    int[] prompt = new int[QwenModel.PREFILL_CHUNK + 88];
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = r.nextInt(151643);
    }
    try (QwenModel model = QwenModel.load(dir);
        Sequence seq = model.newSequence(16)) {
      float[] logits = model.prefill(seq, prompt);

      assertThat(seq.length()).isEqualTo(prompt.length);
      assertThat(maxAbsDiff(logits, new ReferenceQwen(dir).lastLogits(prompt)))
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void load_llamaConfigWithAttentionBias_sameLogitsAsQwen2(@TempDir Path temp) throws Exception {
    // Qwen2 is Llama with q/k/v biases: relabelling the checkpoint must not change the numbers.
    Path qwen2 = TestModels.tiny(Architecture.QWEN2, DType.F32, 1);
    Path llama = TestModels.copy(qwen2, temp.resolve("llama"));
    Path config = llama.resolve("config.json");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("Qwen2ForCausalLM", "LlamaForCausalLM")
            .replace("\"model_type\" : \"qwen2\"", "\"attention_bias\" : true"));

    float[] expected = promptLogits(qwen2);
    try (QwenModel model = QwenModel.load(llama);
        Sequence seq = model.newSequence(16)) {
      assertThat(model.config().architecture()).isEqualTo(Architecture.LLAMA);
      assertThat(model.config().attentionBias()).isTrue();
      assertThat(model.prefill(seq, PROMPT)).containsExactly(expected);
    }
  }

  @Tag("slow")
  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"QWEN2"})
  void decode_thousandSteps_nativeArrayCountStaysFlat(Architecture arch) {
    Path dir = TestModels.tiny(arch, DType.F32, 1);
    try (QwenModel model = QwenModel.load(dir);
        Sequence seq = model.newSequence(16)) {
      float[] logits = model.prefill(seq, PROMPT);
      int before = -1;
      for (int step = 0; step < 1000; step++) {
        int next = argMax(logits, 151669);
        logits = model.decode(List.of(seq), new int[] {next})[0];
        if (step == 9) {
          before = model.liveArrayCount();
        }
      }
      assertThat(seq.length()).isEqualTo(PROMPT.length + 1000);
      assertThat(model.liveArrayCount()).isEqualTo(before);
    }
  }

  private static float[] promptLogits(Path dir) {
    try (QwenModel model = QwenModel.load(dir);
        Sequence seq = model.newSequence(16)) {
      return model.prefill(seq, PROMPT);
    }
  }

  private static float maxAbs(float[] a) {
    float m = 0;
    for (float f : a) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  private static int[] append(int[] a, int x) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = x;
    return out;
  }
}

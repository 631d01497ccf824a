package com.jsmai.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeProfileTest {
  @Test
  void profile_tinyModel_reportsEveryGroupOfOpsWithTheWeightBandwidth() {
    try (QwenModel model = QwenModel.load(TestModels.tiny(Architecture.QWEN2, DType.F32, 1))) {
      int before = model.liveArrayCount();
      List<String> lines = DecodeProfile.profile(model, 6, 5);

      assertThat(lines.get(0)).startsWith("decode step at context 6, 5 steps: median");
      for (String section :
          List.of(
              "embed",
              "input_norm",
              "qkv_matmul",
              "bias_split_rope",
              "kv_write",
              "attention",
              "o_proj_residual",
              "post_norm",
              "gate_up_matmul",
              "silu_mul",
              "down_residual",
              "final_norm",
              "lm_head",
              "logits_to_java")) {
        assertThat(lines).as(section).anyMatch(l -> l.startsWith(section + " "));
      }
      // Matmul rows carry a GB/s figure; small-op rows do not.
      String lmHead =
          lines.stream().filter(l -> l.startsWith("lm_head ")).findFirst().orElseThrow();
      assertThat(lmHead.trim().split("\\s+")).hasSize(5);
      String silu = lines.stream().filter(l -> l.startsWith("silu_mul ")).findFirst().orElseThrow();
      assertThat(silu.trim().split("\\s+")).hasSize(4);
      assertThat(model.liveArrayCount()).isEqualTo(before); // the profiled sequence is freed
    }
  }

  @Test
  void profile_zeroSteps_rejected() {
    try (QwenModel model = QwenModel.load(TestModels.tiny(Architecture.QWEN2, DType.F32, 1))) {
      assertThatThrownBy(() -> DecodeProfile.profile(model, 4, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("steps");
    }
  }
}

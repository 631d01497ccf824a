package com.jsmai.node.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  private static final String QWEN25_05B =
      "{'architectures':['Qwen2ForCausalLM'],'hidden_size':896,'intermediate_size':4864,"
          + "'num_hidden_layers':24,'num_attention_heads':14,'num_key_value_heads':2,"
          + "'vocab_size':151936,'rms_norm_eps':1e-6,'rope_theta':1000000.0,"
          + "'max_position_embeddings':32768,'tie_word_embeddings':true,'torch_dtype':'bfloat16',"
          + "'eos_token_id':151645,'bos_token_id':151643,'sliding_window':32768,"
          + "'use_sliding_window':false}";

  @Test
  void parse_qwen25Config_derivesHeadDimAndBias() throws Exception {
    ModelConfig c = ModelConfig.parse(json(QWEN25_05B));

    assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
    assertThat(c.headDim()).isEqualTo(64);
    assertThat(c.attentionBias()).isTrue();
    assertThat(c.qkNorm()).isFalse();
    assertThat(c.ropeTheta()).isEqualTo(1e6);
    assertThat(c.dtype()).isEqualTo("bfloat16");
    assertThat(c.eosTokenIds()).containsExactly(151645);
    assertThat(c.groupSize()).isEqualTo(7);
  }

  @Test
  void parse_qwen3NewerSpellings_ropeParametersDtypeEosListExplicitHeadDim() throws Exception {
    ModelConfig c =
        ModelConfig.parse(
            json(
                "{'architectures':['Qwen3ForCausalLM'],'hidden_size':1024,'intermediate_size':3072,"
                    + "'num_hidden_layers':28,'num_attention_heads':16,'num_key_value_heads':8,"
                    + "'head_dim':128,'vocab_size':151936,'rope_parameters':{'rope_theta':5000000,"
                    + "'rope_type':'default'},'dtype':'bfloat16','eos_token_id':[151645,151643],"
                    + "'max_position_embeddings':40960,'tie_word_embeddings':true}"));

    assertThat(c.headDim()).isEqualTo(128);
    assertThat(c.qDim()).isEqualTo(2048).isNotEqualTo(c.hiddenSize());
    assertThat(c.ropeTheta()).isEqualTo(5e6);
    assertThat(c.qkNorm()).isTrue();
    assertThat(c.attentionBias()).isFalse();
    assertThat(c.dtype()).isEqualTo("bfloat16");
    assertThat(c.eosTokenIds()).containsExactly(151645, 151643);
    assertThat(c.ropeScaling()).isEqualTo(RopeScaling.NONE);
  }

  @Test
  void parse_yarnRopeScaling_readsFactorAndOriginalContext() throws Exception {
    String s =
        QWEN25_05B.replace(
            "'rope_theta':1000000.0",
            "'rope_theta':1000000.0,'rope_scaling':{'type':'yarn','factor':4.0,"
                + "'original_max_position_embeddings':32768}");

    ModelConfig c = ModelConfig.parse(json(s));

    assertThat(c.ropeScaling().isYarn()).isTrue();
    assertThat(c.ropeScaling().factor()).isEqualTo(4.0);
    assertThat(c.ropeScaling().originalMaxPositionEmbeddings()).isEqualTo(32768);
  }

  @Test
  void parse_unsupportedArchitecture_namesIt() throws Exception {
    String s = QWEN25_05B.replace("Qwen2ForCausalLM", "MistralForCausalLM");

    assertThatThrownBy(() -> ModelConfig.parse(json(s)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MistralForCausalLM");
  }

  @Test
  void parse_headsNotDivisibleByKvHeads_rejected() throws Exception {
    String s = QWEN25_05B.replace("'num_key_value_heads':2", "'num_key_value_heads':3");

    assertThatThrownBy(() -> ModelConfig.parse(json(s)))
        .hasMessageContaining("num_key_value_heads 3");
  }

  @Test
  void rope_yarn_matchesHfFormulaAtEndsOfRange() throws Exception {
    String s =
        QWEN25_05B.replace(
            "'rope_theta':1000000.0",
            "'rope_theta':1000000.0,'rope_scaling':{'rope_type':'yarn','factor':4.0,"
                + "'original_max_position_embeddings':32768}");
    ModelConfig c = ModelConfig.parse(json(s));
    com.jsmai.node.model.Rope rope = new com.jsmai.node.model.Rope(c);
    float[] cos = new float[64];
    float[] sin = new float[64];

    rope.fill(new int[] {1}, cos, sin);

    // attention factor 0.1 ln 4 + 1; i = 0 is pure extrapolation (inv_freq 1): cos(1)·mscale.
    double mscale = 0.1 * Math.log(4) + 1;
    assertThat(rope.attentionScaling())
        .isCloseTo((float) mscale, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat((double) cos[0])
        .isCloseTo(Math.cos(1) * mscale, org.assertj.core.data.Offset.offset(1e-6));
    // i = 31 (last) is pure interpolation: inv_freq / 4.
    double inv31 = 1.0 / Math.pow(1e6, 62.0 / 64) / 4;
    assertThat((double) sin[31])
        .isCloseTo(Math.sin(inv31) * mscale, org.assertj.core.data.Offset.offset(1e-6));
  }
}

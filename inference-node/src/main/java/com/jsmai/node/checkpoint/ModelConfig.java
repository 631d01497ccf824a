package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HF {@code config.json} the forward pass needs, validated.
 *
 * <p>Accepted spellings: RoPE in {@code rope_parameters} (newer transformers) or top-level {@code
 * rope_theta} + {@code rope_scaling}; {@code dtype} or {@code torch_dtype}; {@code eos_token_id}
 * int or list; {@code head_dim} explicit (Qwen3) or {@code hidden_size / num_attention_heads}.
 *
 * @param vocabSize rows of the embedding, which may exceed the tokenizer (padding)
 * @param attentionBias q/k/v projections have a bias (Qwen2 always)
 * @param qkNorm per-head RMSNorm on q and k before RoPE (Qwen3)
 * @param dtype the checkpoint's declared dtype, informational ({@code bfloat16}, ...); may be null
 */
public record ModelConfig(
    Architecture architecture,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    boolean qkNorm,
    String dtype,
    List<Integer> eosTokenIds,
    Integer bosTokenId) {
  public ModelConfig {
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("num_key_value_heads", numKeyValueHeads);
    positive("head_dim", headDim);
    positive("vocab_size", vocabSize);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numAttentionHeads
              + " is not a multiple of num_key_value_heads "
              + numKeyValueHeads);
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
    }
    if (!(rmsNormEps > 0)) {
      throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
    }
    if (!(ropeTheta > 0)) {
      throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
    }
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** Query heads per KV head (GQA group size). */
  public int groupSize() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Width of the q projection output, {@code nH * hd} (may differ from hidden_size in Qwen3). */
  public int qDim() {
    return numAttentionHeads * headDim;
  }

  /** Width of each of the k and v projection outputs, {@code nKV * hd}. */
  public int kvDim() {
    return numKeyValueHeads * headDim;
  }

  /** Reads and validates {@code config.json}; errors name the file and the field. */
  public static ModelConfig load(Path configJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(configJson));
    } catch (IOException e) {
      throw new CheckpointException(configJson + ": cannot read config: " + e.getMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(configJson + ": " + e.getMessage(), e);
    }
  }

  /** Parses a config tree; throws {@link IllegalArgumentException} naming the bad field. */
  public static ModelConfig parse(JsonNode root) {
    JsonNode archs = root.path("architectures");
    String archName = archs.isArray() && archs.size() > 0 ? archs.get(0).asText() : null;
    Architecture arch = archName == null ? null : Architecture.fromHfName(archName);
    if (arch == null) {
      throw new IllegalArgumentException(
          "unsupported architecture "
              + (archName == null ? "(none given)" : "'" + archName + "'")
              + "; supported: Qwen2ForCausalLM, Qwen3ForCausalLM, LlamaForCausalLM");
    }
    int hidden = requiredInt(root, "hidden_size");
    int heads = requiredInt(root, "num_attention_heads");
    int kvHeads =
        root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull()
            ? root.get("num_key_value_heads").asInt()
            : heads;
    int headDim = root.hasNonNull("head_dim") ? root.get("head_dim").asInt() : hidden / heads;

    JsonNode ropeParams = root.path("rope_parameters");
    JsonNode scalingNode = ropeParams.isObject() ? ropeParams : root.path("rope_scaling");
    double theta;
    if (ropeParams.isObject() && ropeParams.has("rope_theta")) {
      theta = ropeParams.get("rope_theta").asDouble();
    } else if (root.has("rope_theta")) {
      theta = root.get("rope_theta").asDouble();
    } else {
      theta = 10000.0;
    }
    int maxPos =
        root.hasNonNull("max_position_embeddings")
            ? root.get("max_position_embeddings").asInt()
            : 32768;
    RopeScaling scaling = parseScaling(scalingNode, maxPos);

    boolean bias =
        switch (arch) {
          case QWEN2 -> true;
          case QWEN3, LLAMA -> root.path("attention_bias").asBoolean(false);
        };
    if (arch == Architecture.LLAMA && root.path("mlp_bias").asBoolean(false)) {
      throw new IllegalArgumentException("mlp_bias=true is not supported");
    }
    String dtype =
        root.hasNonNull("dtype")
            ? root.get("dtype").asText()
            : root.hasNonNull("torch_dtype") ? root.get("torch_dtype").asText() : null;
    return new ModelConfig(
        arch,
        hidden,
        requiredInt(root, "intermediate_size"),
        requiredInt(root, "num_hidden_layers"),
        heads,
        kvHeads,
        headDim,
        requiredInt(root, "vocab_size"),
        root.path("rms_norm_eps").asDouble(1e-6),
        theta,
        scaling,
        maxPos,
        root.path("tie_word_embeddings").asBoolean(false),
        bias,
        arch == Architecture.QWEN3,
        dtype,
        tokenIds(root.get("eos_token_id")),
        root.hasNonNull("bos_token_id") ? root.get("bos_token_id").asInt() : null);
  }

  private static RopeScaling parseScaling(JsonNode node, int maxPos) {
    if (node == null || !node.isObject()) {
      return RopeScaling.NONE;
    }
    String type =
        node.hasNonNull("rope_type")
            ? node.get("rope_type").asText()
            : node.hasNonNull("type") ? node.get("type").asText() : "default";
    if (type.equals("default")) {
      return RopeScaling.NONE;
    }
    return new RopeScaling(
        type,
        node.path("factor").asDouble(1.0),
        node.hasNonNull("original_max_position_embeddings")
            ? node.get("original_max_position_embeddings").asInt()
            : maxPos,
        node.hasNonNull("beta_fast") ? node.get("beta_fast").asDouble() : 32,
        node.hasNonNull("beta_slow") ? node.get("beta_slow").asDouble() : 1,
        node.hasNonNull("attention_factor") ? node.get("attention_factor").asDouble() : null,
        node.path("truncate").asBoolean(true));
  }

  /** Reads an id that may be an int, a list of ints, or absent (empty list). */
  static List<Integer> tokenIds(JsonNode node) {
    List<Integer> ids = new ArrayList<>();
    if (node == null || node.isNull()) {
      return ids;
    }
    if (node.isArray()) {
      node.forEach(n -> ids.add(n.asInt()));
    } else if (node.canConvertToInt()) {
      ids.add(node.asInt());
    } else {
      throw new IllegalArgumentException("eos_token_id must be an int or a list, got " + node);
    }
    return ids;
  }

  private static int requiredInt(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new IllegalArgumentException("missing or non-integer '" + field + "'");
    }
    return n.asInt();
  }
}

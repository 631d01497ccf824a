package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sampling defaults from {@code generation_config.json}; fields absent there are null (the caller
 * falls back to its own defaults). Qwen2.5 Instruct ships T 0.7, top_p 0.8, top_k 20,
 * repetition_penalty 1.05.
 */
public record GenerationDefaults(
    Boolean doSample,
    Double temperature,
    Double topP,
    Integer topK,
    Double minP,
    Double repetitionPenalty,
    Integer maxNewTokens,
    List<Integer> eosTokenIds) {
  public static final GenerationDefaults NONE =
      new GenerationDefaults(null, null, null, null, null, null, null, List.of());

  public GenerationDefaults {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /** Reads the file if present; {@link #NONE} when absent. */
  public static GenerationDefaults load(Path file) {
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return new GenerationDefaults(
          n.hasNonNull("do_sample") ? n.get("do_sample").asBoolean() : null,
          n.hasNonNull("temperature") ? n.get("temperature").asDouble() : null,
          n.hasNonNull("top_p") ? n.get("top_p").asDouble() : null,
          n.hasNonNull("top_k") ? n.get("top_k").asInt() : null,
          n.hasNonNull("min_p") ? n.get("min_p").asDouble() : null,
          n.hasNonNull("repetition_penalty") ? n.get("repetition_penalty").asDouble() : null,
          n.hasNonNull("max_new_tokens") ? n.get("max_new_tokens").asInt() : null,
          ModelConfig.tokenIds(n.get("eos_token_id")));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
  }
}

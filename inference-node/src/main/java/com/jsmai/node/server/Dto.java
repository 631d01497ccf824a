package com.jsmai.node.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response bodies of the OpenAI-compatible API, as records serialised by Jackson. */
public final class Dto {
  private Dto() {}

  public record ErrorResponse(ErrorDetail error) {}

  public record ErrorDetail(String message, String type, String param, String code) {}

  public record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens,
      @JsonProperty("prompt_tokens_details") PromptTokensDetails promptTokensDetails) {
    public static Usage of(int prompt, int completion, int cached) {
      return new Usage(prompt, completion, prompt + completion, new PromptTokensDetails(cached));
    }
  }

  public record PromptTokensDetails(@JsonProperty("cached_tokens") int cachedTokens) {}

  public record FunctionCall(String name, String arguments) {}

  public record ToolCall(String id, String type, FunctionCall function) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Message(
      String role, String content, @JsonProperty("tool_calls") List<ToolCall> toolCalls) {}

  public record Choice(
      int index,
      Message message,
      Object logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  public record ChatCompletion(
      String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionDelta(String name, String arguments) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolCallChunk(int index, String id, String type, FunctionDelta function) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(
      String role, String content, @JsonProperty("tool_calls") List<ToolCallChunk> toolCalls) {}

  public record ChunkChoice(
      int index,
      Delta delta,
      Object logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record ChatCompletionChunk(
      String id,
      String object,
      long created,
      String model,
      List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.ALWAYS) Usage usage) {}

  public record ModelCard(
      String id,
      String object,
      long created,
      @JsonProperty("owned_by") String ownedBy,
      @JsonProperty("max_model_len") int maxModelLen) {}

  public record ModelList(String object, List<ModelCard> data) {}

  public record TokenizeResponse(
      int count,
      @JsonProperty("max_model_len") int maxModelLen,
      List<Integer> tokens,
      @JsonProperty("token_strs") List<String> tokenStrs) {}

  public record DetokenizeResponse(String prompt) {}
}

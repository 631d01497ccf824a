package com.jsmai.plugin.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One chat-completions request.
 *
 * @param messages the conversation, system prompt first
 * @param tools functions the model may call; empty for none
 * @param toolChoice how the model must use them
 * @param temperature sampling temperature, 0 for greedy
 * @param topP nucleus sampling mass
 * @param maxTokens upper bound on generated tokens
 * @param seed fixed seed for reproducible sampling, or null
 * @param responseFormat an OpenAI {@code response_format} object, or null for free text
 */
public record ChatRequest(
    List<ChatMessage> messages,
    List<ToolSpec> tools,
    ToolChoice toolChoice,
    double temperature,
    double topP,
    int maxTokens,
    Long seed,
    JsonNode responseFormat) {

  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) throw new IllegalArgumentException("messages must not be empty");
    tools = tools == null ? List.of() : List.copyOf(tools);
    toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    if (temperature < 0) throw new IllegalArgumentException("temperature < 0: " + temperature);
    if (topP <= 0 || topP > 1) throw new IllegalArgumentException("topP not in (0, 1]: " + topP);
    if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens <= 0: " + maxTokens);
  }

  /** A plain request with the defaults a help-desk reply uses. */
  public static ChatRequest of(List<ChatMessage> messages) {
    return new ChatRequest(messages, List.of(), ToolChoice.AUTO, 0.7, 0.8, 512, null, null);
  }

  public ChatRequest withMessages(List<ChatMessage> newMessages) {
    return new ChatRequest(
        newMessages, tools, toolChoice, temperature, topP, maxTokens, seed, responseFormat);
  }

  public ChatRequest withTools(List<ToolSpec> newTools, ToolChoice newChoice) {
    return new ChatRequest(
        messages, newTools, newChoice, temperature, topP, maxTokens, seed, responseFormat);
  }
}

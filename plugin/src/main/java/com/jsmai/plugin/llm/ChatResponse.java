package com.jsmai.plugin.llm;

import java.util.Objects;

/**
 * The model's answer.
 *
 * @param message the assistant message (content and/or tool calls)
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
 * @param promptTokens tokens the server counted in the prompt
 * @param completionTokens tokens it generated
 */
public record ChatResponse(
    ChatMessage message, String finishReason, int promptTokens, int completionTokens) {
  public ChatResponse {
    Objects.requireNonNull(message, "message");
    if (message.role() != ChatMessage.Role.ASSISTANT) {
      throw new IllegalArgumentException("a response message must be the assistant's");
    }
  }

  public boolean hasToolCalls() {
    return !message.toolCalls().isEmpty();
  }
}

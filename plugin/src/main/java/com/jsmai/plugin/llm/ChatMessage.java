package com.jsmai.plugin.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of an OpenAI-style conversation.
 *
 * @param role who speaks
 * @param content the text; may be null for an assistant turn that only calls tools
 * @param toolCalls the calls an assistant turn makes; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {

  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("a tool message needs the id of the call it answers");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content, List.of(), null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content, List.of(), null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content, List.of(), null);
  }

  public static ChatMessage assistantCalls(String content, List<ToolCall> calls) {
    return new ChatMessage(Role.ASSISTANT, content, calls, null);
  }

  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage(Role.TOOL, content, List.of(), toolCallId);
  }
}

package com.jsmai.node.chat;

import java.util.List;

/**
 * What one streaming step yields: new content text and tool-call pieces. Either may be empty.
 *
 * @param content new content to send, or "" when none
 * @param toolCalls tool-call deltas, in order
 */
public record StreamDelta(String content, List<ToolCallDelta> toolCalls) {
  public static final StreamDelta EMPTY = new StreamDelta("", List.of());

  public StreamDelta {
    if (content == null) {
      throw new IllegalArgumentException("content must not be null (use \"\")");
    }
    toolCalls = List.copyOf(toolCalls);
  }

  public boolean isEmpty() {
    return content.isEmpty() && toolCalls.isEmpty();
  }
}

package com.jsmai.node.chat;

import java.util.List;

/**
 * The result of parsing a whole model output for tool calls.
 *
 * @param toolCalls the calls, in order; empty when the output is plain content
 * @param content text for the {@code content} field: the text before the first {@code <tool_call>},
 *     or the whole output when there are no (valid) calls; null when empty
 */
public record ExtractedToolCalls(List<ToolCall> toolCalls, String content) {
  public ExtractedToolCalls {
    toolCalls = List.copyOf(toolCalls);
  }

  /** Whether the model called tools (the response's finish_reason becomes "tool_calls"). */
  public boolean toolsCalled() {
    return !toolCalls.isEmpty();
  }
}

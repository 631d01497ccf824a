package com.jsmai.node.chat;

/**
 * One streamed piece of a tool call, in the shape of an OpenAI {@code delta.tool_calls[]} entry.
 * The first delta of a call carries {@code index, id, type, function.name}; later ones carry {@code
 * index} and a {@code function.arguments} fragment.
 *
 * @param index position of the call in the response (0-based)
 * @param id call id on the first delta of a call, else null
 * @param name function name on the first delta of a call, else null
 * @param arguments the next fragment of the arguments JSON text, or null
 */
public record ToolCallDelta(int index, String id, String name, String arguments) {
  public ToolCallDelta {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
  }

  /** {@code "function"} on the first delta of a call, else null. */
  public String type() {
    return id == null ? null : "function";
  }
}

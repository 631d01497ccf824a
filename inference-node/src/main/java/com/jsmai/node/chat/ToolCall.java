package com.jsmai.node.chat;

/**
 * One function call the model made, in OpenAI form: {@code {"id", "type": "function", "function":
 * {"name", "arguments"}}}.
 *
 * @param id unique call id, {@code call_<random>}
 * @param name function name
 * @param arguments the arguments as JSON text (an object, as the model wrote it, re-serialised)
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("tool call id must be non-empty, got " + id);
    }
    if (name == null) {
      throw new IllegalArgumentException("tool call name must not be null");
    }
    if (arguments == null) {
      throw new IllegalArgumentException("tool call arguments must not be null (use \"{}\")");
    }
  }

  /** Always {@code "function"}, the only tool type OpenAI defines for chat completions. */
  public String type() {
    return "function";
  }
}

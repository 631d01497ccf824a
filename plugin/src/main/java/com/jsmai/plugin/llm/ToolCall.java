package com.jsmai.plugin.llm;

import java.util.Objects;

/**
 * A function call the model asked for.
 *
 * @param id the call id the tool result must echo
 * @param name the function name
 * @param argumentsJson the arguments exactly as the model wrote them (a JSON text, possibly invalid)
 */
public record ToolCall(String id, String name, String argumentsJson) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    argumentsJson = argumentsJson == null ? "{}" : argumentsJson;
  }
}

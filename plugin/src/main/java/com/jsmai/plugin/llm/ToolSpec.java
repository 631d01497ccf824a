package com.jsmai.plugin.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function offered to the model through the chat-completions {@code tools} field.
 *
 * @param name function name, {@code [a-zA-Z0-9_-]{1,64}}
 * @param description what it does, written for the model
 * @param parameters a JSON Schema object describing the arguments
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("tool name must match [a-zA-Z0-9_-]{1,64}: " + name);
    }
    Objects.requireNonNull(parameters, "parameters");
    description = description == null ? "" : description;
  }
}

package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * What a tool call produced.
 *
 * @param outcome how it ended
 * @param data for {@link Outcome#OK}, the data handed to the model (already reduced to the fields
 *     it needs); otherwise null
 * @param message for any other outcome, an explanation written for the model; may be null for OK
 */
public record ToolResult(Outcome outcome, JsonNode data, String message) {
  public ToolResult {
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == Outcome.OK && data == null) {
      throw new IllegalArgumentException("an ok result needs data");
    }
    if (outcome != Outcome.OK && data != null) {
      // Failures never carry data: this is what keeps another customer's order out of the prompt.
      throw new IllegalArgumentException("only an ok result may carry data, not " + outcome);
    }
    if (outcome != Outcome.OK && (message == null || message.isBlank())) {
      throw new IllegalArgumentException("a " + outcome.wireName() + " result needs a message");
    }
  }

  public static ToolResult ok(JsonNode data) {
    return new ToolResult(Outcome.OK, data, null);
  }

  /** An ok result whose data is one text, for example "note added". */
  public static ToolResult ok(String text) {
    return ok(JsonNodeFactory.instance.objectNode().put("result", text));
  }

  public static ToolResult failed(Outcome outcome, String messageForModel) {
    return new ToolResult(outcome, null, messageForModel);
  }

  public boolean isOk() {
    return outcome == Outcome.OK;
  }
}

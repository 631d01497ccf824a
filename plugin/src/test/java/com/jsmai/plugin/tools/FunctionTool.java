package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.llm.ToolSpec;
import java.util.concurrent.atomic.AtomicInteger;

/** A tool whose body is a lambda, counting its executions; for loop and executor tests. */
final class FunctionTool implements Tool {
  interface Body {
    ToolResult run(JsonNode arguments, ToolContext context) throws Exception;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToolSpec spec;
  private final Effect effect;
  private final Body body;
  final AtomicInteger executions = new AtomicInteger();

  FunctionTool(String name, Effect effect, String schemaJson, Body body) {
    try {
      this.spec = new ToolSpec(name, "test tool " + name, JSON.readTree(schemaJson));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
    this.effect = effect;
    this.body = body;
  }

  /** A read tool taking {@code {"text": string}} and answering {@code {"echo": text}}. */
  static FunctionTool echo() {
    return new FunctionTool(
        "echo",
        Effect.READ,
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":50}},"
            + "\"required\":[\"text\"],\"additionalProperties\":false}",
        (args, ctx) ->
            ToolResult.ok(JSON.createObjectNode().put("echo", args.get("text").asText())));
  }

  /** A write tool without arguments that answers "done". */
  static FunctionTool write(String name) {
    return new FunctionTool(
        name,
        Effect.WRITE,
        "{\"type\":\"object\",\"properties\":{\"reason\":{\"type\":\"string\"}}}",
        (args, ctx) -> ToolResult.ok("done"));
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public Effect effect() {
    return effect;
  }

  @Override
  public ToolResult execute(JsonNode arguments, ToolContext context) throws Exception {
    executions.incrementAndGet();
    return body.run(arguments, context);
  }
}

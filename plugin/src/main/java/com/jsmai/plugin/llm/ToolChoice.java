package com.jsmai.plugin.llm;

/**
 * The chat-completions {@code tool_choice}: {@code auto}, {@code none}, {@code required}, or one named
 * function (which our inference node, like vLLM, enforces with schema-constrained decoding).
 */
public sealed interface ToolChoice {
  ToolChoice AUTO = new Mode("auto");
  ToolChoice NONE = new Mode("none");
  ToolChoice REQUIRED = new Mode("required");

  static ToolChoice function(String name) {
    return new Function(name);
  }

  record Mode(String value) implements ToolChoice {}

  record Function(String name) implements ToolChoice {}
}

package com.jsmai.node.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a chat template renders: OpenAI-style {@code messages}, optional {@code tools}, whether to
 * open an assistant turn, and extra template variables such as {@code enable_thinking}.
 *
 * <p>The JSON trees are copied, so later changes to the caller's nodes do not leak in.
 *
 * @param messages array of message objects, each with a string {@code role}
 * @param tools array of tool definitions, or null when the request has none
 * @param addGenerationPrompt whether the prompt ends with the opening of an assistant turn
 * @param kwargs extra template variables (vLLM's {@code chat_template_kwargs})
 */
public record ChatInput(
    ArrayNode messages,
    ArrayNode tools,
    boolean addGenerationPrompt,
    Map<String, JsonNode> kwargs) {

  public ChatInput {
    if (messages == null) {
      throw new IllegalArgumentException("messages must be a JSON array, got null");
    }
    messages = messages.deepCopy();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        throw new IllegalArgumentException(
            "messages[" + i + "] must be an object, got " + m.getNodeType());
      }
      if (!m.path("role").isTextual()) {
        throw new IllegalArgumentException(
            "messages[" + i + "].role must be a string, got " + m.path("role").getNodeType());
      }
    }
    if (tools != null) {
      tools = tools.deepCopy();
      for (int i = 0; i < tools.size(); i++) {
        if (!tools.get(i).isObject()) {
          throw new IllegalArgumentException(
              "tools[" + i + "] must be an object, got " + tools.get(i).getNodeType());
        }
      }
    }
    LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
    if (kwargs != null) {
      kwargs.forEach(
          (k, v) -> {
            if (k == null || k.isEmpty()) {
              throw new IllegalArgumentException("template kwarg names must be non-empty");
            }
            copy.put(k, v == null ? null : v.deepCopy());
          });
    }
    kwargs = Collections.unmodifiableMap(copy);
  }

  /** Messages only: no tools, generation prompt on, no extra variables. */
  public static ChatInput of(ArrayNode messages) {
    return new ChatInput(messages, null, true, Map.of());
  }

  /**
   * Reads an OpenAI-style request body: {@code messages}, {@code tools}, {@code
   * add_generation_prompt} (default true, as in vLLM) and {@code chat_template_kwargs}. Other
   * fields (model, temperature, ...) are ignored.
   *
   * @throws IllegalArgumentException naming the offending field
   */
  public static ChatInput fromRequest(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new IllegalArgumentException("the request must be a JSON object");
    }
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray()) {
      throw new IllegalArgumentException(
          "\"messages\" must be an array, got "
              + (messages == null ? "nothing" : messages.getNodeType()));
    }
    JsonNode tools = request.get("tools");
    if (tools != null && !tools.isNull() && !tools.isArray()) {
      throw new IllegalArgumentException("\"tools\" must be an array, got " + tools.getNodeType());
    }
    JsonNode agp = request.get("add_generation_prompt");
    if (agp != null && !agp.isBoolean()) {
      throw new IllegalArgumentException(
          "\"add_generation_prompt\" must be a boolean, got " + agp.getNodeType());
    }
    JsonNode kw = request.get("chat_template_kwargs");
    Map<String, JsonNode> kwargs = new LinkedHashMap<>();
    if (kw != null && !kw.isNull()) {
      if (!kw.isObject()) {
        throw new IllegalArgumentException(
            "\"chat_template_kwargs\" must be an object, got " + kw.getNodeType());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = kw.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        kwargs.put(e.getKey(), e.getValue());
      }
    }
    return new ChatInput(
        (ArrayNode) messages,
        tools == null || tools.isNull() ? null : (ArrayNode) tools,
        agp == null || agp.booleanValue(),
        kwargs);
  }
}

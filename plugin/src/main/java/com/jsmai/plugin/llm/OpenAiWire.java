package com.jsmai.plugin.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps our chat records to and from the OpenAI chat-completions wire format. */
final class OpenAiWire {
  private OpenAiWire() {}

  static ObjectNode requestBody(
      ObjectMapper json, String model, ChatRequest request, boolean stream) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.set("messages", messages(json, request.messages()));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode tool = tools.addObject();
        tool.put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.set("parameters", spec.parameters());
      }
      body.set("tool_choice", toolChoice(json, request.toolChoice()));
    }
    // No tools, no tool_choice: OpenAI rejects tool_choice without tools.
    body.put("temperature", request.temperature());
    body.put("top_p", request.topP());
    body.put("max_tokens", request.maxTokens());
    if (request.seed() != null) body.put("seed", request.seed());
    if (request.responseFormat() != null) body.set("response_format", request.responseFormat());
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  static ArrayNode messages(ObjectMapper json, List<ChatMessage> messages) {
    ArrayNode array = json.createArrayNode();
    for (ChatMessage m : messages) {
      ObjectNode node = array.addObject();
      node.put("role", m.role().wireName());
      if (m.content() == null) node.putNull("content");
      else node.put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : m.toolCalls()) {
          ObjectNode c = calls.addObject();
          c.put("id", call.id());
          c.put("type", "function");
          ObjectNode f = c.putObject("function");
          f.put("name", call.name());
          f.put("arguments", call.argumentsJson());
        }
      }
      if (m.toolCallId() != null) node.put("tool_call_id", m.toolCallId());
    }
    return array;
  }

  static JsonNode toolChoice(ObjectMapper json, ToolChoice choice) {
    if (choice instanceof ToolChoice.Function f) {
      ObjectNode node = json.createObjectNode();
      node.put("type", "function");
      node.putObject("function").put("name", f.name());
      return node;
    }
    return json.getNodeFactory().textNode(((ToolChoice.Mode) choice).value());
  }

  /** Parses a non-streaming {@code chat.completion} object. */
  static ChatResponse response(JsonNode body) {
    JsonNode choice = body.path("choices").path(0);
    if (choice.isMissingNode()) {
      throw new IllegalArgumentException("no choices in the model's answer");
    }
    JsonNode message = choice.path("message");
    String content = message.path("content").isTextual() ? message.path("content").asText() : null;
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode f = call.path("function");
      calls.add(
          new ToolCall(
              call.path("id").asText("call_" + calls.size()),
              f.path("name").asText(),
              argumentsText(f.path("arguments"))));
    }
    JsonNode usage = body.path("usage");
    return new ChatResponse(
        ChatMessage.assistantCalls(content, calls),
        choice.path("finish_reason").asText(calls.isEmpty() ? "stop" : "tool_calls"),
        usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0));
  }

  /** Some servers send arguments as an object rather than the JSON text the spec asks for. */
  private static String argumentsText(JsonNode arguments) {
    if (arguments.isMissingNode() || arguments.isNull()) return "{}";
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }

  /** Accumulates {@code chat.completion.chunk} deltas of a streamed answer. */
  static final class StreamAccumulator {
    private final StringBuilder content = new StringBuilder();
    private boolean sawContent;
    private final Map<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, args}
    private String finishReason;
    private int promptTokens;
    private int completionTokens;

    /** Applies one chunk and returns the text delta it carried, or null. */
    String accept(JsonNode chunk) {
      JsonNode usage = chunk.path("usage");
      if (usage.isObject()) {
        promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
        completionTokens = usage.path("completion_tokens").asInt(completionTokens);
      }
      String text = null;
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual()) {
          text = delta.path("content").asText();
          content.append(text);
          sawContent = true;
        }
        for (JsonNode call : delta.path("tool_calls")) {
          int index = call.path("index").asInt(calls.size());
          String[] acc = calls.computeIfAbsent(index, i -> new String[] {null, "", ""});
          if (call.path("id").isTextual()) acc[0] = call.path("id").asText();
          JsonNode f = call.path("function");
          if (f.path("name").isTextual()) acc[1] += f.path("name").asText();
          if (f.path("arguments").isTextual()) acc[2] += f.path("arguments").asText();
        }
        if (choice.path("finish_reason").isTextual()) {
          finishReason = choice.path("finish_reason").asText();
        }
      }
      return text == null || text.isEmpty() ? null : text;
    }

    ChatResponse toResponse() {
      List<ToolCall> toolCalls = new ArrayList<>();
      for (Map.Entry<Integer, String[]> e : calls.entrySet()) {
        String[] acc = e.getValue();
        String id = acc[0] == null ? "call_" + e.getKey() : acc[0];
        toolCalls.add(new ToolCall(id, acc[1], acc[2].isEmpty() ? "{}" : acc[2]));
      }
      String reason =
          finishReason != null ? finishReason : toolCalls.isEmpty() ? "stop" : "tool_calls";
      return new ChatResponse(
          ChatMessage.assistantCalls(sawContent ? content.toString() : null, toolCalls),
          reason,
          promptTokens,
          completionTokens);
    }
  }
}

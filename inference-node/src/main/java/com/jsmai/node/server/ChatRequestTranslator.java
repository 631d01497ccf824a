package com.jsmai.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.node.chat.ChatInput;
import com.jsmai.node.chat.ChatTemplate;
import com.jsmai.node.chat.ChatTemplateException;
import com.jsmai.node.checkpoint.GenerationDefaults;
import com.jsmai.node.constrain.Grammar;
import com.jsmai.node.constrain.InvalidConstraintException;
import com.jsmai.node.constrain.JsonSchemaConstraint;
import com.jsmai.node.constrain.LogitsConstraint;
import com.jsmai.node.constrain.TokenVocabulary;
import com.jsmai.node.constrain.ToolCallConstraint;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one translation from OpenAI request JSON to engine types: validates every supported field
 * (errors name the field, HTTP 400), renders the chat template, tokenizes, picks max_tokens and
 * compiles structured-output constraints (compiled grammars are cached per schema and reused).
 */
public final class ChatRequestTranslator {
  private static final int MAX_STOP_STRINGS = 16;
  private static final int MAX_CACHED_GRAMMARS = 64;

  private final String modelName;
  private final ChatTemplate template;
  private final QwenTokenizer tokenizer;
  private final TokenVocabulary vocabulary;
  private final GenerationDefaults defaults;
  private final int contextLength;
  private final int defaultMaxTokens;
  private final Map<String, Grammar> grammars =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Grammar> e) {
              return size() > MAX_CACHED_GRAMMARS;
            }
          });

  public ChatRequestTranslator(
      String modelName,
      ChatTemplate template,
      QwenTokenizer tokenizer,
      TokenVocabulary vocabulary,
      GenerationDefaults defaults,
      int contextLength,
      int defaultMaxTokens) {
    this.modelName = modelName;
    this.template = template;
    this.tokenizer = tokenizer;
    this.vocabulary = vocabulary;
    this.defaults = defaults;
    this.contextLength = contextLength;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public String modelName() {
    return modelName;
  }

  /** Checks an optional {@code model} field against the served name. */
  public void checkModel(JsonNode body) {
    JsonNode m = body.get("model");
    if (m != null && !m.isNull()) {
      if (!m.isTextual()) {
        throw ApiError.badRequest("\"model\" must be a string", "model");
      }
      if (!m.textValue().equals(modelName)) {
        throw new ApiError(
            400,
            "invalid_request_error",
            "The model `"
                + m.textValue()
                + "` does not exist; this server serves `"
                + modelName
                + "`",
            "model",
            "model_not_found");
      }
    }
  }

  /** Renders a chat request's prompt text (messages, tools, generation prompt, kwargs). */
  public String render(JsonNode body) {
    try {
      return template.render(ChatInput.fromRequest(body));
    } catch (ChatTemplateException | IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), "messages");
    }
  }

  public ChatPlan translate(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("the request body must be a JSON object", null);
    }
    checkModel(body);
    if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
      throw ApiError.badRequest("\"messages\" must be a non-empty array", "messages");
    }
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
      throw ApiError.badRequest("only n = 1 is supported, got " + n, "n");
    }
    Map<String, JsonNode> tools = tools(body.get("tools"));
    ToolChoice choice = toolChoice(body.get("tool_choice"), tools);
    boolean stream = bool(body, "stream", false);
    boolean includeUsage = false;
    JsonNode so = body.get("stream_options");
    if (so != null && !so.isNull()) {
      if (!so.isObject()) {
        throw ApiError.badRequest("\"stream_options\" must be an object", "stream_options");
      }
      if (!stream) {
        throw ApiError.badRequest(
            "\"stream_options\" is only allowed when \"stream\" is true", "stream_options");
      }
      includeUsage = bool(so, "include_usage", false);
    }

    int[] prompt = tokenizer.encode(render(body));
    if (prompt.length >= contextLength) {
      throw ApiError.badRequest(
          "This model's maximum context length is "
              + contextLength
              + " tokens. However, your messages resulted in "
              + prompt.length
              + " tokens.",
          "messages");
    }
    Integer requestedMax = intField(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
    if (requestedMax == null) {
      requestedMax = intField(body, "max_tokens", 1, Integer.MAX_VALUE);
    }
    int maxTokens;
    if (requestedMax != null) {
      if (prompt.length + (long) requestedMax > contextLength) {
        throw ApiError.badRequest(
            "This model's maximum context length is "
                + contextLength
                + " tokens. However, you requested "
                + (prompt.length + (long) requestedMax)
                + " tokens ("
                + prompt.length
                + " in the messages, "
                + requestedMax
                + " in the completion).",
            requestedMax.equals(intOrNull(body.get("max_completion_tokens")))
                ? "max_completion_tokens"
                : "max_tokens");
      }
      maxTokens = requestedMax;
    } else {
      maxTokens = Math.min(defaultMaxTokens, contextLength - prompt.length);
    }

    SamplingParams.Builder b = SamplingParams.fromDefaults(defaults).maxTokens(maxTokens);
    Double temperature = number(body, "temperature", 0, 2);
    if (temperature != null) {
      b.temperature(temperature);
    }
    Double topP = number(body, "top_p", 0, 1);
    if (topP != null) {
      if (topP == 0) {
        throw ApiError.badRequest("\"top_p\" must be in (0, 1], got 0", "top_p");
      }
      b.topP(topP);
    }
    Double presence = number(body, "presence_penalty", -2, 2);
    if (presence != null) {
      b.presencePenalty(presence);
    }
    Double frequency = number(body, "frequency_penalty", -2, 2);
    if (frequency != null) {
      b.frequencyPenalty(frequency);
    }
    JsonNode seed = body.get("seed");
    if (seed != null && !seed.isNull()) {
      if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
        throw ApiError.badRequest("\"seed\" must be an integer, got " + seed, "seed");
      }
      b.seed(seed.longValue());
    }
    List<String> stops = stops(body.get("stop"));

    LogitsConstraint constraint = LogitsConstraint.NONE;
    Grammar grammar = null;
    JsonNode rf = body.get("response_format");
    String rfType = "text";
    if (rf != null && !rf.isNull()) {
      if (!rf.isObject() || !rf.path("type").isTextual()) {
        throw ApiError.badRequest(
            "\"response_format\" must be an object with a string \"type\"", "response_format");
      }
      rfType = rf.get("type").textValue();
      switch (rfType) {
        case "text":
          break;
        case "json_object":
          grammar = cached("json_object", () -> JsonSchemaConstraint.jsonObject(vocabulary));
          break;
        case "json_schema":
          {
            JsonNode js = rf.get("json_schema");
            if (js == null || !js.isObject() || !js.path("schema").isObject()) {
              throw ApiError.badRequest(
                  "\"response_format.json_schema.schema\" must be a JSON Schema object",
                  "response_format");
            }
            JsonNode schema = js.get("schema");
            grammar =
                cached("schema:" + schema, () -> JsonSchemaConstraint.compile(schema, vocabulary));
            break;
          }
        default:
          throw ApiError.badRequest(
              "\"response_format.type\" must be text, json_object or json_schema, got '"
                  + rfType
                  + "'",
              "response_format");
      }
    }
    if (choice.kind == ToolChoice.Kind.REQUIRED || choice.kind == ToolChoice.Kind.NAMED) {
      if (grammar != null) {
        throw ApiError.badRequest(
            "tool_choice \"required\" or a named function cannot be combined with"
                + " response_format "
                + rfType,
            "tool_choice");
      }
      if (choice.kind == ToolChoice.Kind.NAMED) {
        JsonNode params = tools.get(choice.name);
        grammar =
            cached(
                "named:" + choice.name + ":" + params,
                () -> ToolCallConstraint.forNamed(choice.name, params, vocabulary));
      } else {
        grammar =
            cached("required:" + tools, () -> ToolCallConstraint.forRequired(tools, vocabulary));
      }
    }
    if (grammar != null) {
      try {
        constraint = grammar.newLogitsConstraint(maxTokens);
      } catch (InvalidConstraintException e) {
        throw ApiError.badRequest(
            e.getMessage(), requestedMax == null ? "response_format" : "max_tokens");
      }
      stops = List.of(); // a stop string could cut the guaranteed-valid output short
    }
    b.stopStrings(stops);
    SamplingParams params;
    try {
      params = b.build();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), null);
    }
    boolean parse = !tools.isEmpty() && choice.kind != ToolChoice.Kind.NONE;
    return new ChatPlan(
        prompt,
        params,
        constraint,
        parse,
        stream,
        includeUsage,
        choice.kind == ToolChoice.Kind.NAMED);
  }

  private interface GrammarSource {
    Grammar compile();
  }

  private Grammar cached(String key, GrammarSource source) {
    Grammar g = grammars.get(key);
    if (g != null) {
      return g;
    }
    try {
      g = source.compile();
    } catch (InvalidConstraintException e) {
      throw ApiError.badRequest("invalid schema: " + e.getMessage(), "response_format");
    }
    grammars.put(key, g);
    return g;
  }

  /** name → parameters schema (null when absent), in request order. */
  private static Map<String, JsonNode> tools(JsonNode tools) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (tools == null || tools.isNull()) {
      return out;
    }
    if (!tools.isArray()) {
      throw ApiError.badRequest("\"tools\" must be an array", "tools");
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      JsonNode f = t.path("function");
      if (!"function".equals(t.path("type").asText("function")) || !f.path("name").isTextual()) {
        throw ApiError.badRequest(
            "tools[" + i + "] must be {\"type\": \"function\", \"function\": {\"name\": ...}}",
            "tools");
      }
      JsonNode params = f.get("parameters");
      if (params != null && !params.isNull() && !params.isObject()) {
        throw ApiError.badRequest(
            "tools[" + i + "].function.parameters must be a JSON Schema object", "tools");
      }
      out.put(f.get("name").textValue(), params == null || params.isNull() ? null : params);
    }
    return out;
  }

  private record ToolChoice(Kind kind, String name) {
    enum Kind {
      NONE,
      AUTO,
      REQUIRED,
      NAMED
    }
  }

  private static ToolChoice toolChoice(JsonNode tc, Map<String, JsonNode> tools) {
    if (tc == null || tc.isNull()) {
      return new ToolChoice(tools.isEmpty() ? ToolChoice.Kind.NONE : ToolChoice.Kind.AUTO, null);
    }
    if (tc.isTextual()) {
      switch (tc.textValue()) {
        case "none":
          return new ToolChoice(ToolChoice.Kind.NONE, null);
        case "auto":
          return new ToolChoice(ToolChoice.Kind.AUTO, null);
        case "required":
          if (tools.isEmpty()) {
            throw ApiError.badRequest(
                "tool_choice \"required\" needs at least one tool in \"tools\"", "tool_choice");
          }
          return new ToolChoice(ToolChoice.Kind.REQUIRED, null);
        default:
          throw ApiError.badRequest(
              "\"tool_choice\" must be none, auto, required or a named function, got '"
                  + tc.textValue()
                  + "'",
              "tool_choice");
      }
    }
    JsonNode name = tc.path("function").path("name");
    if (!tc.isObject() || !name.isTextual()) {
      throw ApiError.badRequest(
          "\"tool_choice\" object must be {\"type\": \"function\", \"function\": {\"name\": ...}}",
          "tool_choice");
    }
    if (!tools.containsKey(name.textValue())) {
      throw ApiError.badRequest(
          "tool_choice names function '" + name.textValue() + "', which is not in \"tools\"",
          "tool_choice");
    }
    return new ToolChoice(ToolChoice.Kind.NAMED, name.textValue());
  }

  private static List<String> stops(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (stop.isTextual()) {
      out.add(stop.textValue());
    } else if (stop.isArray()) {
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw ApiError.badRequest("\"stop\" must be a string or an array of strings", "stop");
        }
        out.add(s.textValue());
      }
    } else {
      throw ApiError.badRequest("\"stop\" must be a string or an array of strings", "stop");
    }
    if (out.size() > MAX_STOP_STRINGS) {
      throw ApiError.badRequest("at most " + MAX_STOP_STRINGS + " stop strings", "stop");
    }
    for (String s : out) {
      if (s.isEmpty()) {
        throw ApiError.badRequest("stop strings must not be empty", "stop");
      }
    }
    return out;
  }

  static boolean bool(JsonNode body, String field, boolean fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw ApiError.badRequest("\"" + field + "\" must be a boolean, got " + v, field);
    }
    return v.booleanValue();
  }

  private static Double number(JsonNode body, String field, double min, double max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
      throw ApiError.badRequest(
          "\"" + field + "\" must be a number in [" + min + ", " + max + "], got " + v, field);
    }
    return v.doubleValue();
  }

  static Integer intField(JsonNode body, String field, int min, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw ApiError.badRequest(
          "\"" + field + "\" must be an integer >= " + min + ", got " + v, field);
    }
    return v.intValue();
  }

  private static Integer intOrNull(JsonNode v) {
    return v != null && v.canConvertToInt() ? v.intValue() : null;
  }
}

package com.jsmai.node.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint's own chat template, rendered byte-identically to {@code @huggingface/jinja} (the
 * renderer transformers.js uses; it follows Python transformers' {@code apply_chat_template}).
 *
 * <p>Before rendering, messages are normalised the way vLLM does it: {@code content} that is null
 * or missing becomes {@code ""}, a list of text parts is joined with newlines, and {@code
 * tool_calls[].function.arguments} given as a JSON string (as OpenAI clients send it) is parsed
 * into an object, so that templates which apply {@code tojson} do not double-encode it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ChatTemplate {
  /** The template used when a checkpoint ships several and none is more specific. */
  public static final String DEFAULT_NAME = "default";

  /** The named template transformers picks when the request has tools. */
  public static final String TOOL_USE_NAME = "tool_use";

  /** Special-token variables passed to templates (transformers.js' list). */
  static final List<String> SPECIAL_TOKEN_ATTRIBUTES =
      List.of(
          "bos_token",
          "eos_token",
          "unk_token",
          "sep_token",
          "pad_token",
          "cls_token",
          "mask_token");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, JinjaTemplate> templates;
  private final Map<String, String> specialTokens;

  private ChatTemplate(Map<String, JinjaTemplate> templates, Map<String, String> specialTokens) {
    this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    this.specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
  }

  /**
   * A single template with the given special-token variables ({@code bos_token}, ...).
   *
   * @throws ChatTemplateException when the template does not compile
   */
  public static ChatTemplate of(String template, Map<String, String> specialTokens) {
    return new ChatTemplate(Map.of(DEFAULT_NAME, JinjaTemplate.compile(template)), specialTokens);
  }

  /**
   * Loads the template of a Hugging Face checkpoint directory: {@code chat_template.jinja} when
   * present (newer transformers save it there), else {@code chat_template} of {@code
   * tokenizer_config.json}. Special tokens always come from {@code tokenizer_config.json}.
   *
   * @throws IOException when neither file can be read
   * @throws IllegalArgumentException when no template is found or the config is malformed
   */
  public static ChatTemplate fromModelDir(Path dir) throws IOException {
    Path configFile = dir.resolve("tokenizer_config.json");
    Path jinjaFile = dir.resolve("chat_template.jinja");
    JsonNode config = JsonNodeFactory.instance.objectNode();
    if (Files.isRegularFile(configFile)) {
      config = MAPPER.readTree(configFile.toFile());
    } else if (!Files.isRegularFile(jinjaFile)) {
      throw new NoSuchFileException(
          configFile.toString(), null, "no tokenizer_config.json or chat_template.jinja in " + dir);
    }
    if (Files.isRegularFile(jinjaFile)) {
      return new ChatTemplate(
          Map.of(
              DEFAULT_NAME,
              JinjaTemplate.compile(Files.readString(jinjaFile, StandardCharsets.UTF_8))),
          specialTokens(config));
    }
    return fromTokenizerConfig(config);
  }

  /**
   * Builds from a parsed {@code tokenizer_config.json}. {@code chat_template} is a string, or a
   * list of {@code {"name": ..., "template": ...}} objects (several named templates).
   *
   * @throws IllegalArgumentException when there is no usable {@code chat_template}
   * @throws ChatTemplateException when a template does not compile
   */
  public static ChatTemplate fromTokenizerConfig(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException("tokenizer_config must be a JSON object");
    }
    JsonNode ct = config.get("chat_template");
    Map<String, JinjaTemplate> templates = new LinkedHashMap<>();
    if (ct == null || ct.isNull()) {
      throw new IllegalArgumentException("tokenizer_config.json has no chat_template");
    } else if (ct.isTextual()) {
      templates.put(DEFAULT_NAME, JinjaTemplate.compile(ct.textValue()));
    } else if (ct.isArray()) {
      for (int i = 0; i < ct.size(); i++) {
        JsonNode entry = ct.get(i);
        if (!entry.path("name").isTextual() || !entry.path("template").isTextual()) {
          throw new IllegalArgumentException(
              "chat_template[" + i + "] must have string \"name\" and \"template\"");
        }
        templates.put(
            entry.get("name").textValue(),
            JinjaTemplate.compile(entry.get("template").textValue()));
      }
      if (templates.isEmpty()) {
        throw new IllegalArgumentException("chat_template is an empty list");
      }
    } else {
      throw new IllegalArgumentException(
          "chat_template must be a string or a list of named templates, got " + ct.getNodeType());
    }
    return new ChatTemplate(templates, specialTokens(config));
  }

  private static Map<String, String> specialTokens(JsonNode config) {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (String attr : SPECIAL_TOKEN_ATTRIBUTES) {
      JsonNode v = config.get(attr);
      if (v == null || v.isNull()) {
        continue;
      }
      // Either a plain string or an AddedToken object {"content": "<s>", ...}.
      String content = v.isTextual() ? v.textValue() : v.path("content").asText(null);
      if (content != null && !content.isEmpty()) {
        tokens.put(attr, content);
      }
    }
    return tokens;
  }

  /** Names of the templates this checkpoint ships ("default" for a single one). */
  public Set<String> names() {
    return templates.keySet();
  }

  /** Special-token variables passed to the template, e.g. {@code eos_token}. */
  public Map<String, String> specialTokens() {
    return specialTokens;
  }

  /** The source of the template that {@link #render} would use for this input. */
  public String source(ChatInput input) {
    return select(input).source();
  }

  private JinjaTemplate select(ChatInput input) {
    if (templates.size() == 1 && templates.containsKey(DEFAULT_NAME)) {
      return templates.get(DEFAULT_NAME);
    }
    if (input.tools() != null && templates.containsKey(TOOL_USE_NAME)) {
      return templates.get(TOOL_USE_NAME);
    }
    JinjaTemplate t = templates.get(DEFAULT_NAME);
    if (t == null) {
      throw new IllegalArgumentException(
          "this checkpoint's chat templates "
              + templates.keySet()
              + " include no \"default\" template");
    }
    return t;
  }

  /**
   * Renders the prompt text.
   *
   * @throws IllegalArgumentException for malformed messages (for example tool-call arguments that
   *     are not valid JSON), naming the field
   * @throws ChatTemplateException when the template fails or refuses the input with {@code
   *     raise_exception}
   */
  public String render(ChatInput input) {
    JinjaTemplate template = select(input);
    Map<String, JinjaValue> variables = new LinkedHashMap<>();
    variables.put("messages", JinjaValue.fromJson(normalizeMessages(input.messages())));
    variables.put("add_generation_prompt", JinjaValue.bool(input.addGenerationPrompt()));
    variables.put(
        "tools", input.tools() == null ? JinjaValue.NULL : JinjaValue.fromJson(input.tools()));
    variables.put("documents", JinjaValue.NULL);
    specialTokens.forEach((k, v) -> variables.put(k, JinjaValue.str(v)));
    for (Map.Entry<String, JsonNode> e : input.kwargs().entrySet()) {
      if (variables.containsKey(e.getKey())) {
        // Like transformers, extra kwargs override the defaults (e.g. a different bos_token).
        variables.remove(e.getKey());
      }
      variables.put(
          e.getKey(), e.getValue() == null ? JinjaValue.NULL : JinjaValue.fromJson(e.getValue()));
    }
    return template.render(variables);
  }

  /** vLLM's message normalisation; see the class comment. */
  static ArrayNode normalizeMessages(ArrayNode messages) {
    ArrayNode out = messages.deepCopy();
    for (int i = 0; i < out.size(); i++) {
      ObjectNode m = (ObjectNode) out.get(i);
      JsonNode content = m.get("content");
      if (content == null || content.isNull()) {
        m.put("content", "");
      } else if (content.isArray()) {
        m.put("content", joinTextParts(content, i));
      }
      JsonNode calls = m.get("tool_calls");
      if (calls != null && calls.isArray()) {
        for (int j = 0; j < calls.size(); j++) {
          JsonNode fn = calls.get(j).get("function");
          if (fn instanceof ObjectNode function) {
            JsonNode args = function.get("arguments");
            if (args == null || args.isNull() || (args.isTextual() && args.textValue().isEmpty())) {
              function.set("arguments", JsonNodeFactory.instance.objectNode());
            } else if (args.isTextual()) {
              try {
                function.set("arguments", MAPPER.readTree(args.textValue()));
              } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                    "messages["
                        + i
                        + "].tool_calls["
                        + j
                        + "].function.arguments is not valid JSON: "
                        + e.getOriginalMessage());
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static String joinTextParts(JsonNode parts, int messageIndex) {
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < parts.size(); p++) {
      JsonNode part = parts.get(p);
      String type = part.path("type").asText("");
      if (!type.equals("text") || !part.path("text").isTextual()) {
        throw new IllegalArgumentException(
            "messages["
                + messageIndex
                + "].content["
                + p
                + "] must be a text part, got type \""
                + type
                + "\"");
      }
      if (p > 0) {
        sb.append('\n');
      }
      sb.append(part.get("text").textValue());
    }
    return sb.toString();
  }
}

package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of ChatTemplate beyond byte equality with the reference (see the golden test). */
class ChatTemplateTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode json(String s) throws Exception {
    return MAPPER.readTree(s);
  }

  private static ChatInput request(String s) throws Exception {
    return ChatInput.fromRequest(json(s));
  }

  private static String render(String template, String request) throws Exception {
    return ChatTemplate.of(template, Map.of()).render(request(request));
  }

  @Test
  void render_stringToolArguments_areParsedSoTojsonDoesNotDoubleEncode() throws Exception {
    String out =
        render(
            "{{ messages[0].tool_calls[0].function.arguments | tojson }}",
            "{\"messages\": [{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\":"
                + " \"c\", \"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\":"
                + " \"{\\\"city\\\":\\\"Paris\\\",\\\"n\\\":2}\"}}]}]}");

    assertThat(out).isEqualTo("{\"city\": \"Paris\", \"n\": 2}");
  }

  @Test
  void render_emptyOrMissingToolArguments_becomeEmptyObject() throws Exception {
    String out =
        render(
            "{% for c in messages[0].tool_calls %}{{ c.function.arguments | tojson }};{% endfor %}",
            "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\":"
                + " \"f\", \"arguments\": \"\"}}, {\"function\": {\"name\": \"g\"}}]}]}");

    assertThat(out).isEqualTo("{};{};");
  }

  @Test
  void render_invalidJsonToolArguments_refusedNamingTheField() {
    assertThatThrownBy(
            () ->
                render(
                    "x",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\","
                        + " \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": \"{oops\"}}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messages[1].tool_calls[0].function.arguments is not valid JSON");
  }

  @Test
  void render_nullContent_becomesEmptyString() throws Exception {
    assertThat(
            render(
                "[{{ messages[0].content }}]{{ messages[0].content is string }}",
                "{\"messages\": [{\"role\": \"assistant\", \"content\": null}]}"))
        .isEqualTo("[]true");
  }

  @Test
  void render_textParts_joinedWithNewline() throws Exception {
    assertThat(
            render(
                "{{ messages[0].content }}",
                "{\"messages\": [{\"role\": \"user\","
                    + " \"content\": [{\"type\": \"text\", \"text\": \"a\"}, {\"type\": \"text\", \"text\":"
                    + " \"b\"}]}]}"))
        .isEqualTo("a\nb");
  }

  @Test
  void render_imagePart_refusedNamingThePart() {
    assertThatThrownBy(
            () ->
                render(
                    "x",
                    "{\"messages\": [{\"role\": \"user\", \"content\":"
                        + " [{\"type\": \"image_url\", \"image_url\": {\"url\": \"http://x\"}}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messages[0].content[0] must be a text part");
  }

  @Test
  void render_raiseException_reportsMessageLineAndColumn() {
    String template =
        "line one\n{%- if messages | length == 0 %}\n"
            + "  {{- raise_exception('need at least one message') }}\n{%- endif %}";

    assertThatThrownBy(() -> render(template, "{\"messages\": []}"))
        .isInstanceOfSatisfying(
            ChatTemplateException.class,
            e -> {
              assertThat(e.raisedByTemplate()).isTrue();
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage())
                  .contains("need at least one message")
                  .contains("template line 3");
            });
  }

  @Test
  void compile_unknownStatement_errorNamesLineAndColumn() {
    assertThatThrownBy(() -> ChatTemplate.of("hello\n  {% include 'x.jinja' %}", Map.of()))
        .isInstanceOfSatisfying(
            ChatTemplateException.class,
            e -> {
              assertThat(e.raisedByTemplate()).isFalse();
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(6);
              assertThat(e.getMessage()).contains("Unknown statement type: include");
            });
  }

  @Test
  void compile_unterminatedFor_clearError() {
    assertThatThrownBy(() -> ChatTemplate.of("{% for m in messages %}{{ m }}", Map.of()))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("expected {% endfor or else %}");
  }

  @Test
  void render_typeError_errorNamesLine() {
    assertThatThrownBy(() -> render("a\nb\n{{ 1 + none }}", "{\"messages\": []}"))
        .isInstanceOfSatisfying(
            ChatTemplateException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("null");
            });
  }

  @Test
  void render_kwargs_areTemplateVariablesAndOverrideSpecialTokens() throws Exception {
    ChatTemplate t =
        ChatTemplate.of(
            "{{ bos_token }}|{{ enable_thinking }}|{{ extra.k }}", Map.of("bos_token", "<s>"));

    String out =
        t.render(
            request(
                "{\"messages\": [], \"chat_template_kwargs\": {\"enable_thinking\":"
                    + " false, \"extra\": {\"k\": [1]}, \"bos_token\": \"<B>\"}}"));

    assertThat(out).isEqualTo("<B>|false|[1]");
  }

  @Test
  void render_kwargNamedLikeAGlobal_refused() {
    assertThatThrownBy(
            () -> render("x", "{\"messages\": [], \"chat_template_kwargs\":" + " {\"range\": 1}}"))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("Variable already declared: range");
  }

  @Test
  void render_noTools_toolsIsNoneNotUndefined() throws Exception {
    assertThat(
            render(
                "{{ tools is none }} {{ tools is defined }} {{ add_generation_prompt }}",
                "{\"messages\": []}"))
        .isEqualTo("true true true");
  }

  @Test
  void fromTokenizerConfig_namedTemplates_toolUseChosenOnlyWithTools() throws Exception {
    ChatTemplate t =
        ChatTemplate.fromTokenizerConfig(
            json(
                "{\"chat_template\": ["
                    + "{\"name\": \"default\", \"template\": \"plain\"},"
                    + "{\"name\": \"tool_use\", \"template\": \"tools:{{ tools | length }}\"}]}"));

    assertThat(t.names()).containsExactly("default", "tool_use");
    assertThat(t.render(request("{\"messages\": []}"))).isEqualTo("plain");
    assertThat(t.render(request("{\"messages\": [], \"tools\": [{\"type\": \"function\"}]}")))
        .isEqualTo("tools:1");
  }

  @Test
  void fromTokenizerConfig_namedTemplatesWithoutDefault_clearErrorWithoutTools() throws Exception {
    ChatTemplate t =
        ChatTemplate.fromTokenizerConfig(
            json(
                "{\"chat_template\": ["
                    + "{\"name\": \"rag\", \"template\": \"a\"}, {\"name\": \"tool_use\", \"template\": \"b\"}]}"));

    assertThatThrownBy(() -> t.render(request("{\"messages\": []}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"default\" template");
  }

  @Test
  void fromTokenizerConfig_noTemplate_clearError() {
    assertThatThrownBy(() -> ChatTemplate.fromTokenizerConfig(json("{\"eos_token\": \"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no chat_template");
  }

  @Test
  void fromTokenizerConfig_addedTokenObjects_giveTheirContent() throws Exception {
    ChatTemplate t =
        ChatTemplate.fromTokenizerConfig(
            json(
                "{\"chat_template\": \"x\","
                    + " \"bos_token\": {\"content\": \"<s>\", \"special\": true}, \"eos_token\": \"</s>\","
                    + " \"pad_token\": null}"));

    assertThat(t.specialTokens())
        .containsExactly(Map.entry("bos_token", "<s>"), Map.entry("eos_token", "</s>"));
  }

  @Test
  void fromModelDir_chatTemplateJinjaFile_takesPrecedenceOverConfig() throws Exception {
    Files.writeString(
        tmp.resolve("tokenizer_config.json"),
        "{\"chat_template\": \"from config\", \"eos_token\": \"E\"}");
    Files.writeString(tmp.resolve("chat_template.jinja"), "from file {{ eos_token }}\n");

    ChatTemplate t = ChatTemplate.fromModelDir(tmp);

    assertThat(t.render(request("{\"messages\": []}"))).isEqualTo("from file E");
  }

  @Test
  void chatInput_messageWithoutRole_refusedNamingTheIndex() {
    assertThatThrownBy(
            () -> request("{\"messages\": [{\"role\": \"user\"}, {\"content\": \"x\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messages[1].role must be a string");
  }

  @Test
  void chatInput_copiesTheCallersJson() throws Exception {
    ArrayNode messages = (ArrayNode) json("[{\"role\": \"user\", \"content\": \"before\"}]");
    ChatInput input = ChatInput.of(messages);

    ((com.fasterxml.jackson.databind.node.ObjectNode) messages.get(0)).put("content", "after");

    assertThat(input.messages().get(0).get("content").asText()).isEqualTo("before");
  }

  @Test
  void render_concurrentRenders_allIdentical() throws Exception {
    Path qwen = ReferenceRenderer.qwen3ModelDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(qwen), "SKIPPED: " + qwen + " is missing; run `npm ci`");
    ChatTemplate t = ChatTemplate.fromModelDir(qwen);
    ChatInput input =
        ChatInput.fromRequest(
            MAPPER.readTree(
                ReferenceRenderer.resource("/chat/conversations/22-multi-step-tools.json")
                    .toFile()));
    String expected = t.render(input);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> t.render(input)));
      }
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

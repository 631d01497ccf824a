package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random conversations (odd Unicode, whitespace, tag look-alikes, nested arguments with
 * integer-like keys and awkward numbers) rendered by Java and by {@code @huggingface/jinja}; the
 * outputs must be identical. Complements the hand-written golden corpus. Tagged slow: 450 renders
 * on each side take 15-40 s on a loaded machine.
 */
@org.junit.jupiter.api.Tag("slow")
class ChatTemplateDifferentialTest {
  private static final int CONVERSATIONS = 150;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] PIECES = {
    "hello",
    "JSM",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u2028",
    "\u3000",
    "\ufeff",
    "你好",
    "订单",
    "😀",
    "𝔘",
    "é",
    "\"",
    "\\",
    "'",
    "{{ x }}",
    "{% if %}",
    "<think>",
    "</think>",
    "<tool_call>",
    "</tool_call>",
    "<tool_response>",
    "</tool_response>",
    "\u0001",
    "\u007f",
    "<|im_end|>",
    "0",
    "-1",
    "1.5",
    "true",
    "null",
    "</",
    "<"
  };

  @TempDir static Path dir;

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static String key(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> Integer.toString(r.nextInt(20));
      case 1 -> "0" + r.nextInt(9);
      case 2 -> "-" + r.nextInt(9);
      case 3 -> text(r);
      default -> "k" + r.nextInt(50);
    };
  }

  private static com.fasterxml.jackson.databind.JsonNode value(Random r, int depth) {
    int kind = depth > 3 ? r.nextInt(6) : r.nextInt(8);
    switch (kind) {
      case 0:
        return F.textNode(text(r));
      case 1:
        return F.numberNode(r.nextInt(2000) - 1000);
      case 2:
        {
          double[] awkward = {
            0.1,
            1e21,
            1e-7,
            123456.789,
            -2.5,
            1e15,
            3.0,
            5e-324,
            1.7976931348623157e308,
            0.30000000000000004,
            r.nextDouble() * 1000,
            -r.nextGaussian() * 1e-5
          };
          return F.numberNode(awkward[r.nextInt(awkward.length)]);
        }
      case 3:
        return F.booleanNode(r.nextBoolean());
      case 4:
        return F.nullNode();
      case 5:
        return F.numberNode(r.nextLong());
      case 6:
        {
          ArrayNode a = F.arrayNode();
          for (int i = r.nextInt(4); i > 0; i--) {
            a.add(value(r, depth + 1));
          }
          return a;
        }
      default:
        return object(r, depth + 1);
    }
  }

  private static ObjectNode object(Random r, int depth) {
    ObjectNode o = F.objectNode();
    for (int i = r.nextInt(5); i > 0; i--) {
      o.set(key(r), value(r, depth));
    }
    return o;
  }

  private static ObjectNode toolCall(Random r, int i) {
    ObjectNode fn = F.objectNode().put("name", "fn_" + r.nextInt(5));
    ObjectNode args = object(r, 0);
    if (r.nextBoolean()) {
      fn.put("arguments", args.toString()); // OpenAI clients send a JSON string
    } else {
      fn.set("arguments", args);
    }
    ObjectNode call = F.objectNode().put("id", "call_" + i).put("type", "function");
    call.set("function", fn);
    return call;
  }

  private static ObjectNode conversation(Random r) {
    ArrayNode messages = F.arrayNode();
    if (r.nextInt(3) == 0) {
      messages.addObject().put("role", "system").put("content", text(r));
    }
    int turns = 1 + r.nextInt(5);
    for (int t = 0; t < turns; t++) {
      messages.addObject().put("role", "user").put("content", text(r));
      if (t == turns - 1 && r.nextBoolean()) {
        break;
      }
      ObjectNode assistant = messages.addObject().put("role", "assistant");
      String content = r.nextInt(3) == 0 ? "<think>" + text(r) + "</think>" + text(r) : text(r);
      if (r.nextInt(4) == 0) {
        assistant.putNull("content");
      } else {
        assistant.put("content", content);
      }
      if (r.nextInt(4) == 0) {
        assistant.put("reasoning_content", text(r));
      }
      if (r.nextInt(3) == 0) {
        ArrayNode calls = assistant.putArray("tool_calls");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          calls.add(toolCall(r, i));
        }
        for (int i = 0; i < n; i++) {
          messages
              .addObject()
              .put("role", "tool")
              .put("tool_call_id", "call_" + i)
              .put("content", r.nextBoolean() ? text(r) : object(r, 0).toString());
        }
      }
    }
    ObjectNode request = F.objectNode();
    request.set("messages", messages);
    if (r.nextBoolean()) {
      ArrayNode tools = request.putArray("tools");
      for (int i = r.nextInt(3); i >= 0; i--) {
        ObjectNode fn = F.objectNode().put("name", "fn_" + i).put("description", text(r));
        fn.set("parameters", object(r, 0));
        tools.addObject().put("type", "function").set("function", fn);
      }
    }
    request.put("add_generation_prompt", r.nextInt(4) != 0);
    if (r.nextBoolean()) {
      request.putObject("chat_template_kwargs").put("enable_thinking", r.nextBoolean());
    }
    return request;
  }

  private static List<Path> writeCorpus() throws Exception {
    Random r = new Random(20251121);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      Path f = dir.resolve(String.format("random-%03d.json", i));
      Files.writeString(f, MAPPER.writeValueAsString(conversation(r)), StandardCharsets.UTF_8);
      files.add(f);
    }
    return files;
  }

  private static List<DynamicTest> compare(Path modelDir) throws Exception {
    ReferenceRenderer.assumeAvailable();
    List<Path> files = writeCorpus();
    Map<Path, ReferenceRenderer.Result> reference = ReferenceRenderer.render(modelDir, files);
    ChatTemplate template = ChatTemplate.fromModelDir(modelDir);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      ReferenceRenderer.Result expected = reference.get(file);
      tests.add(
          DynamicTest.dynamicTest(
              file.getFileName().toString(),
              () -> {
                ChatInput input = ChatInput.fromRequest(MAPPER.readTree(file.toFile()));
                if (expected.error() != null) {
                  assertThatThrownBy(() -> template.render(input))
                      .as(expected.error())
                      .isInstanceOfAny(ChatTemplateException.class, IllegalArgumentException.class);
                } else {
                  ChatTemplateGoldenTest.assertSameText(
                      file, expected.text(), template.render(input));
                }
              }));
    }
    return tests;
  }

  @org.junit.jupiter.api.Test
  void tojsonSortKeys_trickyKeys_orderedLikeLocaleCompare() throws Exception {
    ReferenceRenderer.assumeAvailable();
    Path model = dir.resolve("sort-keys-model");
    Files.createDirectories(model);
    Files.writeString(
        model.resolve("tokenizer_config.json"),
        "{\"chat_template\": \"{{ messages[0].obj | tojson(sort_keys=true) }}\"}");
    String[] suffixes = {"", "a", "0", " ", "é", "Z", "E", "k10"};
    ObjectNode obj = F.objectNode();
    for (String p : PIECES) {
      for (String suffix : suffixes) {
        obj.put(p + suffix, 1);
      }
    }
    for (String extra :
        List.of(
            "E", "e", "_x", "#", "~", "$", "^", "`", "|", "€", "¥", "١", "Ω", "ω", "а", "ß", "ss",
            "ǅ", "ﬁ", "fi", "①", "½", "k1", "k10", "k2", "K1")) {
      obj.put(extra, 1);
    }
    ObjectNode request = F.objectNode();
    request.putArray("messages").addObject().put("role", "user").set("obj", obj);
    Path file = dir.resolve("sort-keys.json");
    Files.writeString(file, MAPPER.writeValueAsString(request), StandardCharsets.UTF_8);

    ReferenceRenderer.Result expected = ReferenceRenderer.render(model, List.of(file)).get(file);
    String actual = ChatTemplate.fromModelDir(model).render(ChatInput.fromRequest(request));

    ChatTemplateGoldenTest.assertSameText(file, expected.text(), actual);
  }

  @TestFactory
  List<DynamicTest> randomConversations_qwen3_matchReference() throws Exception {
    return compare(ReferenceRenderer.qwen3ModelDir());
  }

  @TestFactory
  List<DynamicTest> randomConversations_featureTemplate_matchReference() throws Exception {
    return compare(ReferenceRenderer.resource("/chat/templates/features"));
  }

  @TestFactory
  List<DynamicTest> randomConversations_llama3Style_matchReference() throws Exception {
    return compare(ReferenceRenderer.resource("/chat/templates/llama3-style"));
  }
}

package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden test: every conversation under {@code resources/chat/conversations} rendered by {@link
 * ChatTemplate} must be byte-identical to {@code @huggingface/jinja} (run in node at test time),
 * for the real Qwen3 and Qwen2.5 templates, a Llama-3-style template and a feature-coverage
 * template. Where the reference fails (a template's raise_exception), Java must fail too.
 */
class ChatTemplateGoldenTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void corpus_hasAtLeastThirtyConversations() throws Exception {
    assertThat(ReferenceRenderer.conversations()).hasSizeGreaterThanOrEqualTo(30);
  }

  @TestFactory
  List<DynamicTest> render_qwen3Template_matchesReference() throws Exception {
    return goldenTests(ReferenceRenderer.qwen3ModelDir());
  }

  @TestFactory
  List<DynamicTest> render_qwen25Template_matchesReference() throws Exception {
    Path dir = ReferenceRenderer.sharedDir().resolve("chat-templates/qwen2.5-instruct");
    assumeTrue(
        Files.isRegularFile(dir.resolve("tokenizer_config.json")),
        "SKIPPED: " + dir + " is missing (shared reference material not present)");
    return goldenTests(dir);
  }

  @TestFactory
  List<DynamicTest> render_llama3StyleTemplate_matchesReference() throws Exception {
    return goldenTests(ReferenceRenderer.resource("/chat/templates/llama3-style"));
  }

  @TestFactory
  List<DynamicTest> render_featureTemplate_matchesReference() throws Exception {
    return goldenTests(ReferenceRenderer.resource("/chat/templates/features"));
  }

  private static List<DynamicTest> goldenTests(Path modelDir) throws Exception {
    ReferenceRenderer.assumeAvailable();
    List<Path> files = ReferenceRenderer.conversations();
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
                      .as("reference failed with: %s", expected.error())
                      .isInstanceOfAny(ChatTemplateException.class, IllegalArgumentException.class)
                      .satisfies(
                          e -> {
                            if (e instanceof ChatTemplateException c && c.raisedByTemplate()) {
                              assertThat(c.getMessage()).contains(expected.error());
                            }
                          });
                  return;
                }
                String actual;
                try {
                  actual = template.render(input);
                } catch (RuntimeException e) {
                  throw new AssertionError(
                      "reference rendered but Java failed: " + e.getMessage(), e);
                }
                assertSameText(file, expected.text(), actual);
              }));
    }
    return tests;
  }

  /** Byte equality with a readable pointer to the first difference. */
  static void assertSameText(Path file, String expected, String actual) {
    if (expected.equals(actual)) {
      return;
    }
    int i = 0;
    while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 60);
    fail(
        "%s differs at char %d%n  expected: ...%s%n  actual:   ...%s",
        file.getFileName(),
        i,
        escape(expected.substring(from, Math.min(expected.length(), i + 60))),
        escape(actual.substring(from, Math.min(actual.length(), i + 60))));
  }

  private static String escape(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t");
  }
}

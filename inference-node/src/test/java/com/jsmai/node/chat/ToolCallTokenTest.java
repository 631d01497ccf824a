package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tags the tool-call parser looks for are single tokens of the real Qwen tokenizer, so a
 * rendered prompt and the model's output use ids 151657/151658 (not split byte pieces).
 */
class ToolCallTokenTest {

  private static HuggingFaceTokenizer qwenTokenizer() throws Exception {
    Path tokenizer = ReferenceRenderer.qwen3ModelDir().resolve("tokenizer.json");
    assumeTrue(
        Files.isRegularFile(tokenizer),
        "SKIPPED: " + tokenizer + " is missing; run `npm ci` in the repository root");
    return HuggingFaceTokenizer.newInstance(tokenizer, Map.of("addSpecialTokens", "false"));
  }

  @Test
  void encode_toolCallTags_areSingleTokens() throws Exception {
    try (HuggingFaceTokenizer tokenizer = qwenTokenizer()) {
      assertThat(tokenizer.encode("<tool_call>").getIds()).containsExactly(151657L);
      assertThat(tokenizer.encode("</tool_call>").getIds()).containsExactly(151658L);
    }
  }

  @Test
  void encode_renderedQwen3ToolPrompt_containsToolCallTokens() throws Exception {
    try (HuggingFaceTokenizer tokenizer = qwenTokenizer()) {
      ChatTemplate template = ChatTemplate.fromModelDir(ReferenceRenderer.qwen3ModelDir());
      String prompt =
          template.render(
              ChatInput.fromRequest(
                  new com.fasterxml.jackson.databind.ObjectMapper()
                      .readTree(
                          Files.readString(
                              ReferenceRenderer.resource(
                                  "/chat/conversations/09-tool-call-string-args.json")))));

      Encoding encoding = tokenizer.encode(prompt);

      assertThat(encoding.getIds()).contains(151657L, 151658L, 151644L, 151645L);
      assertThat(tokenizer.decode(encoding.getIds(), false)).isEqualTo(prompt);
    }
  }
}

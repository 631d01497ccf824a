package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderChatCommandTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return RenderChatCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path modelDir() throws Exception {
    Path dir = tmp.resolve("model");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"eos_token\": \"<|im_end|>\", \"chat_template\": \"{% for m in messages %}"
            + "<|im_start|>{{ m.role }}\\n{{ m.content }}<|im_end|>\\n{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}\"}");
    return dir;
  }

  @Test
  void run_validRequest_printsExactPromptWithoutTrailingNewline() throws Exception {
    Path input = tmp.resolve("conv.json");
    Files.writeString(
        input,
        "{\"messages\": [{\"role\": \"user\", \"content\": \"你好\"}],"
            + " \"add_generation_prompt\": true, \"model\": \"ignored\"}");

    int status = run("--model", modelDir().toString(), "--input", input.toString());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n");
    assertThat(err.size()).isZero();
  }

  @Test
  void run_qwen3Checkpoint_matchesLibraryRender() throws Exception {
    Path qwen = ReferenceRenderer.qwen3ModelDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(qwen), "SKIPPED: " + qwen + " is missing; run `npm ci`");
    Path input = ReferenceRenderer.resource("/chat/conversations/10-parallel-tool-calls.json");

    int status = run("--model", qwen.toString(), "--input", input.toString());

    String expected =
        ChatTemplate.fromModelDir(qwen)
            .render(
                ChatInput.fromRequest(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(input.toFile())));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected).contains("<tool_call>");
  }

  @Test
  void run_missingArguments_usageErrorStatus2() {
    assertThat(run("--model", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: render-chat");
    assertThat(out.size()).isZero();
  }

  @Test
  void run_unknownFlag_status2() {
    assertThat(run("--model", "x", "--input", "y", "--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument '--bogus'");
  }

  @Test
  void run_inputNotJson_status1WithClearMessage() throws Exception {
    Path input = tmp.resolve("bad.json");
    Files.writeString(input, "{not json");

    assertThat(run("--model", modelDir().toString(), "--input", input.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not valid JSON");
    assertThat(out.size()).isZero();
  }

  @Test
  void run_missingModelDir_status1NamesThePath() throws Exception {
    Path input = tmp.resolve("conv.json");
    Files.writeString(input, "{\"messages\": []}");

    assertThat(run("--model", tmp.resolve("nope").toString(), "--input", input.toString()))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope");
  }

  @Test
  void run_messagesNotArray_status1NamesTheField() throws Exception {
    Path input = tmp.resolve("conv.json");
    Files.writeString(input, "{\"messages\": \"hi\"}");

    assertThat(run("--model", modelDir().toString(), "--input", input.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"messages\" must be an array");
  }
}

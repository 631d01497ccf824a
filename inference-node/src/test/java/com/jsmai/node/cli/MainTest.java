package com.jsmai.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path temp;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void makeTestModel_thenGenerate_streamsTextAndReportsSpeed() {
    Path model = temp.resolve("q3");
    Run made =
        run(
            "make-test-model",
            "--arch",
            "qwen3",
            "--dtype",
            "bf16",
            "--shards",
            "2",
            "--out",
            model.toString(),
            "--seed",
            "5");
    assertThat(made.status()).as(made.err()).isZero();
    assertThat(model.resolve("model.safetensors.index.json")).exists();
    assertThat(model.resolve("tokenizer.json")).exists();

    Run gen =
        run(
            "generate",
            "--model",
            model.toString(),
            "--prompt",
            "<|im_start|>user\nhi<|im_end|>\n",
            "--max-tokens",
            "6",
            "--temperature",
            "0",
            "--threads",
            "1");

    assertThat(gen.status()).as(gen.err()).isZero();
    assertThat(gen.out()).isNotBlank();
    assertThat(gen.err()).contains("prompt tokens").contains("decode").contains("tok/s");
  }

  @Test
  void bench_tinyModel_lastLineIsJsonWithRequiredFields() throws Exception {
    Path model = temp.resolve("q2");
    assertThat(run("make-test-model", "--arch", "qwen2", "--out", model.toString()).status())
        .isZero();

    Run bench =
        run(
            "bench",
            "--model",
            model.toString(),
            "--prompt-tokens",
            "16",
            "--decode-tokens",
            "3",
            "--bandwidth-mib",
            "64",
            "--passes",
            "1");

    assertThat(bench.status()).as(bench.err()).isZero();
    String[] lines = bench.out().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    for (String field :
        new String[] {
          "prefill_tokens_per_s",
          "decode_tokens_per_s",
          "bytes_per_token",
          "bandwidth_gb_per_s",
          "fraction_of_limit",
          "peak_rss_mb"
        }) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("decode_tokens_per_s").asDouble()).isPositive();
  }

  @Test
  void generate_inputConversation_rendersCheckpointTemplateLikeRenderChat() throws Exception {
    Path model = temp.resolve("q3chat");
    assertThat(run("make-test-model", "--arch", "qwen3", "--out", model.toString()).status())
        .isZero();
    Path conv = temp.resolve("conv.json");
    java.nio.file.Files.writeString(
        conv,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"我的订单 #W2378156 在哪里？\"}],"
            + "\"add_generation_prompt\":true}",
        StandardCharsets.UTF_8);

    Run rendered = run("render-chat", "--model", model.toString(), "--input", conv.toString());
    Run gen =
        run(
            "generate",
            "--model",
            model.toString(),
            "--input",
            conv.toString(),
            "--max-tokens",
            "3",
            "--temperature",
            "0",
            "--threads",
            "1");

    assertThat(rendered.status()).as(rendered.err()).isZero();
    assertThat(rendered.out()).startsWith("<|im_start|>user\n我的订单").endsWith("assistant\n");
    assertThat(gen.status()).as(gen.err()).isZero();
    // The prompt the model saw is exactly the rendered one: same token count as encoding it.
    int expected =
        com.jsmai.node.tokenizer.QwenTokenizer.load(model).encode(rendered.out()).length;
    assertThat(gen.err()).contains(expected + " prompt tokens");
  }

  @Test
  void generate_inputThatIsNotJson_clearErrorStatus1() throws Exception {
    Path model = temp.resolve("q2bad");
    assertThat(run("make-test-model", "--arch", "qwen2", "--out", model.toString()).status())
        .isZero();
    Path conv = temp.resolve("bad.json");
    java.nio.file.Files.writeString(conv, "{not json", StandardCharsets.UTF_8);

    Run r = run("generate", "--model", model.toString(), "--input", conv.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("not valid JSON");
  }

  @Test
  void run_unknownCommandOrOption_usageAndStatus2() {
    assertThat(run("frobnicate").status()).isEqualTo(2);
    Run r = run("make-test-model", "--arch", "qwen2", "--out", "x", "--colour", "red");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("unknown option --colour").contains("usage:");
  }

  @Test
  void makeTestModel_tokenizerDirWithoutFiles_clearError() throws Exception {
    Path empty = Files.createDirectory(temp.resolve("empty"));

    Run r =
        run(
            "make-test-model",
            "--arch",
            "qwen2",
            "--out",
            temp.resolve("m").toString(),
            "--tokenizer-dir",
            empty.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("tokenizer").contains(empty.toString());
  }

  @Test
  void generate_deviceGpuWithoutCuda_clearUsageError() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0,
        "a GPU is visible: this test checks the no-GPU message");

    Run r = run("generate", "--model", temp.toString(), "--prompt", "x", "--device", "gpu");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("no CUDA GPU");
  }

  @Test
  void generate_missingModelDirectory_clearErrorNotStackTrace() {
    Run r = run("generate", "--model", temp.resolve("nope").toString(), "--prompt", "x");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("model directory not found");
  }
}

package com.jsmai.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.Main;
import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The serve, bench-serve and render-chat subcommands through the dispatcher. */
class ServeCommandsTest {
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
  void serve_withoutPortOrWithBadOption_usageAndStatus2() {
    String model = TestModels.tiny(Architecture.QWEN2, DType.F32, 1).toString();

    Run noPort = run("serve", "--model", model);
    Run badOption = run("serve", "--model", model, "--port", "0", "--colour", "red");

    assertThat(noPort.status()).isEqualTo(2);
    assertThat(noPort.err()).contains("--port is required");
    assertThat(badOption.status()).isEqualTo(2);
    assertThat(badOption.err()).contains("unknown option --colour");
  }

  @Test
  void benchServe_tinyModel_lastLineIsJsonKeyedByConcurrency() throws Exception {
    String model = TestModels.tiny(Architecture.QWEN2, DType.F32, 1).toString();

    Run r =
        run(
            "bench-serve",
            "--model",
            model,
            "--concurrency",
            "1,2",
            "--decode-tokens",
            "3",
            "--prompt-tokens",
            "8",
            "--system-prompt-tokens",
            "48",
            "--reuse-requests",
            "1",
            "--kv-cache-mb",
            "64");

    assertThat(r.status()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("aggregate_tokens_per_s").get("1").asDouble()).isPositive();
    assertThat(json.get("aggregate_tokens_per_s").get("2").asDouble()).isPositive();
    assertThat(json.get("ttft_ms_p50").has("2")).isTrue();
    assertThat(json.get("prefix_reuse_ttft_speedup").asDouble()).isPositive();
  }

  @Test
  void renderChat_missingInput_status2() {
    Run r = run("render-chat", "--model", "x");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--input");
  }
}

package com.jsmai.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.TestModels;
import org.junit.jupiter.api.Test;

/** The serve, bench-serve and render-chat subcommands through the dispatcher. */
class ServeCommandsTest {
  @Test
  void serve_withoutPortOrWithBadOption_usageAndStatus2() {
    String model = TestModels.tiny(Architecture.QWEN2, DType.F32, 1).toString();

    CliRun noPort = CliRun.of("serve", "--model", model);
    CliRun badOption = CliRun.of("serve", "--model", model, "--port", "0", "--colour", "red");

    assertThat(noPort.status()).isEqualTo(2);
    assertThat(noPort.err()).contains("--port is required");
    assertThat(badOption.status()).isEqualTo(2);
    assertThat(badOption.err()).contains("unknown option --colour");
  }

  @Test
  void benchServe_tinyModel_lastLineIsJsonKeyedByConcurrency() throws Exception {
    String model = TestModels.tiny(Architecture.QWEN2, DType.F32, 1).toString();

    CliRun r =
        CliRun.of(
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
    CliRun r = CliRun.of("render-chat", "--model", "x");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--input");
  }
}

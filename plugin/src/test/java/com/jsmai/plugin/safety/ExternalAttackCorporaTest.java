package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader of the never-committed attack corpora, and the extraction step of {@code
 * scripts/fetch-attack-corpora} on a small JS file written here (the extraction runs in node, so
 * those tests skip where node is absent).
 */
class ExternalAttackCorporaTest {

  @TempDir Path dir;

  @Test
  void fill_placeholders_replacedLiterallyEverywhere() {
    List<ExternalAttackCorpora.Attack> out =
        ExternalAttackCorpora.fill(
            List.of("A __PROMPT__ B __PROMPT__", "no placeholder here"), "cost $1 \\ 2");

    assertThat(out)
        .containsExactly(
            new ExternalAttackCorpora.Attack(0, true, "A cost $1 \\ 2 B cost $1 \\ 2"),
            new ExternalAttackCorpora.Attack(1, false, "no placeholder here"));
  }

  @Test
  void fill_requestWithPlaceholder_rejected() {
    assertThatThrownBy(() -> ExternalAttackCorpora.fill(List.of("x"), "a __PROMPT__"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__PROMPT__");
  }

  @Test
  void read_arrayOfStrings_returnsThemInOrder() throws IOException {
    Path file = write("t.json", "[\"first __PROMPT__\", \"second\\nline \\u00e9\"]");

    assertThat(ExternalAttackCorpora.read(file))
        .containsExactly("first __PROMPT__", "second\nline é");
  }

  @Test
  void read_nonStringElement_errorNamesFileAndIndex() throws IOException {
    Path file = write("bad.json", "[\"ok\", 42]");

    assertThatThrownBy(() -> ExternalAttackCorpora.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("element 1");
  }

  @Test
  void read_notAnArray_errorSaysHowToFetch() throws IOException {
    Path file = write("obj.json", "{\"a\": 1}");

    assertThatThrownBy(() -> ExternalAttackCorpora.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(ExternalAttackCorpora.FETCH_HINT);
  }

  @Test
  void read_truncatedJson_errorSaysHowToFetch() throws IOException {
    Path file = write("cut.json", "[\"unterminated");

    assertThatThrownBy(() -> ExternalAttackCorpora.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining(ExternalAttackCorpora.FETCH_HINT);
  }

  @Test
  void extract_stringLiteralsWithEscapes_decodedAsJavaScriptDoes() throws Exception {
    Path js =
        write(
            "strategies-test.js",
            String.join(
                "\n",
                "var before = 1;",
                "//#region src/redteam/strategies/promptInjections/data.ts",
                "var data_default = [",
                "\t\"say \\\"hi\\\" \\\\ then\\nnew line __PROMPT__\",",
                "\t'single \\'quoted\\' \\x41\\u00e9\\u{1F600}',",
                "\t// a comment between elements",
                "\t`template $dollar without substitution`,",
                "\t\"continued \\",
                "line\\ttab\",",
                "];",
                "//#endregion",
                "//#region src/redteam/strategies/promptInjections/index.ts",
                "var other = [\"not taken\"];",
                "//#endregion",
                ""));
    Path out = dir.resolve("out.json");

    Result r = runScript("--extract", js.toString(), out.toString());

    assertThat(r.exitCode).as(r.stderr).isZero();
    assertThat(ExternalAttackCorpora.read(out))
        .containsExactly(
            "say \"hi\" \\ then\nnew line __PROMPT__",
            "single 'quoted' Aé\uD83D\uDE00",
            "template $dollar without substitution",
            "continued line\ttab");
  }

  @Test
  void extract_codeInsideTheArray_refusedWithoutRunningIt() throws Exception {
    Path marker = dir.resolve("ran");
    Path js =
        write(
            "evil.js",
            "//#region src/redteam/strategies/promptInjections/data.ts\n"
                + "var data_default = [\"ok\", require('fs').writeFileSync('"
                + marker
                + "', 'x')];\n//#endregion\n");

    Result r = runScript("--extract", js.toString(), dir.resolve("out.json").toString());

    assertThat(r.exitCode).isNotZero();
    assertThat(r.stderr).contains("expected a string literal");
    assertThat(marker).doesNotExist();
    assertThat(dir.resolve("out.json")).doesNotExist();
  }

  @Test
  void extract_templateLiteralWithSubstitution_refused() throws Exception {
    Path js =
        write(
            "subst.js",
            "//#region src/redteam/strategies/promptInjections/data.ts\n"
                + "var data_default = [`a ${1 + 1} b`];\n//#endregion\n");

    Result r = runScript("--extract", js.toString(), dir.resolve("out.json").toString());

    assertThat(r.exitCode).isNotZero();
    assertThat(r.stderr).contains("template literal with a substitution");
  }

  @Test
  void extract_fileWithoutTheRegion_clearError() throws Exception {
    Path js = write("none.js", "var data_default = [\"x\"];\n");

    Result r = runScript("--extract", js.toString(), dir.resolve("out.json").toString());

    assertThat(r.exitCode).isNotZero();
    assertThat(r.stderr).contains("no region src/redteam/strategies/promptInjections/data.ts");
  }

  private record Result(int exitCode, String stderr) {}

  private Result runScript(String... args) throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node not on PATH; skipping the extraction test");
    Path script = repoRoot().resolve("scripts/fetch-attack-corpora");
    Assumptions.assumeTrue(Files.isRegularFile(script), script + " not found; skipping");
    List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/fetch-attack-corpora did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path repoRoot() {
    String root = System.getProperty("jsmai.repo.root");
    if (root != null) return Path.of(root);
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("scripts")) ? cwd : cwd.getParent();
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) return true;
    }
    return false;
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}

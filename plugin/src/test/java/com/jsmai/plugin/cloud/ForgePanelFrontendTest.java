package com.jsmai.plugin.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Forge panel's frontend ({@code plugin/forge/src/frontend/index.jsx}), which Forge's runtime
 * cannot run here, rendered in node by {@code plugin/forge/test/panel-test.cjs}: esbuild transpiles
 * the JSX, real React 18 renders it with react-test-renderer, and {@code @forge/react} and
 * {@code @forge/bridge} are the documented stand-ins in {@code plugin/forge/test/stand-ins} (UI Kit
 * components as host elements, as the real package defines them; {@code invokeRemote} answered by a
 * fake of {@code /forge/panel} with the shapes of {@code ForgePanelRemote}). Each test here is one
 * scenario of that script; the wording it expects comes from {@code messages.properties}
 * (panel.flagged.*).
 *
 * <p>The mutation tests run the script on a copy of the panel with one deliberate bug and check
 * that the scenario meant to catch it fails: the harness can fail.
 *
 * <p>Skips when {@code node} is not on the PATH or the npm packages are missing (run {@code npm ci}
 * at the repository root).
 */
class ForgePanelFrontendTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path panel;
  private static Map<String, JsonNode> results;

  @BeforeAll
  static void render() throws Exception {
    root = Paths.get(System.getProperty("jsmai.repo.root", "..")).toAbsolutePath();
    panel = root.resolve("plugin/forge/src/frontend/index.jsx");
    results = run(panel);
  }

  /** Runs the script on {@code jsx}; answers each scenario's result by name. */
  private static Map<String, JsonNode> run(Path jsx) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "node",
                  root.resolve("plugin/forge/test/panel-test.cjs").toString(),
                  root.toString(),
                  jsx.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Assumptions.abort("node is not on the PATH: " + e.getMessage());
      return Map.of();
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("panel test finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeFalse(
        p.exitValue() == 3,
        "esbuild, react or react-test-renderer is not installed; run `npm ci` at the repository"
            + " root: "
            + out.strip());
    Map<String, JsonNode> byName = new HashMap<>();
    for (String line : out.split("\n")) {
      if (!line.startsWith("{\"scenario\"")) continue;
      JsonNode r = JSON.readTree(line);
      byName.put(r.path("scenario").asText(), r);
    }
    assertThat(byName).as("scenarios reported by the script; its output:\n" + out).isNotEmpty();
    assertThat(p.exitValue() == 0)
        .as("exit code 0 exactly when every scenario passed")
        .isEqualTo(byName.values().stream().allMatch(r -> r.path("ok").asBoolean()));
    return byName;
  }

  private static void assertPassed(String scenario) {
    JsonNode r = results.get(scenario);
    assertThat(r).as("scenario " + scenario + " ran").isNotNull();
    assertThat(r.path("ok").asBoolean()).as(r.path("error").asText()).isTrue();
  }

  @Test
  void flaggedTicket_showsWhyTechniquesEvidenceAndBothButtons() {
    assertPassed("flagged_showsWhyTechniquesEvidenceAndButtons");
  }

  @Test
  void notAttack_sendsVerdictFunctionWithRowIdAndShowsTheVerdictInPlace() {
    assertPassed("notAttack_sendsVerdictAndShowsItInPlace");
  }

  @Test
  void confirmedAttack_onSecondRow_judgesThatRowOnlyAndLastVerdictWins() {
    assertPassed("confirmedAttack_onSecondRow_judgesThatRowOnly");
  }

  @Test
  void verdictRefused_errorShownAndVerdictUnchanged() {
    assertPassed("verdictRefused_errorShownVerdictUnchanged");
  }

  @Test
  void notFlagged_noSection() {
    assertPassed("notFlagged_noSection");
  }

  @Test
  void flaggedFunctionUnavailable_errorShownAndBriefKept() {
    assertPassed("flaggedUnavailable_errorShownBriefKept");
  }

  /** The panel with {@code from} replaced by {@code to}; the replacement must change it. */
  private static Path mutant(Path dir, String from, String to) throws IOException {
    String src = Files.readString(panel);
    assertThat(src).as("the panel still contains the text this mutation changes").contains(from);
    Path copy = dir.resolve("index.jsx");
    Files.writeString(copy, src.replace(from, to));
    return copy;
  }

  @Test
  void mutant_notAttackButtonSendsAttack_caught(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> r = run(mutant(dir, "judge(r.id, 'benign')", "judge(r.id, 'attack')"));

    assertThat(r.get("notAttack_sendsVerdictAndShowsItInPlace").path("ok").asBoolean()).isFalse();
  }

  @Test
  void mutant_errorsSwallowed_caught(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> r =
        run(mutant(dir, "setNote({ appearance: 'error', text: e.message });", ""));

    assertThat(r.get("verdictRefused_errorShownVerdictUnchanged").path("ok").asBoolean()).isFalse();
  }

  @Test
  void mutant_wordingDriftsFromWebPanel_caught(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> r = run(mutant(dir, "'Not an attack'", "'Not attack'"));

    assertThat(r.get("flagged_showsWhyTechniquesEvidenceAndButtons").path("ok").asBoolean())
        .isFalse();
  }
}

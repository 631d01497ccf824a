package com.jsmai.plugin.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Validates {@code plugin/forge/manifest.yml} against the official Forge manifest schema shipped in
 * the npm package {@code @forge/manifest} ({@code out/schema/manifest-schema.json}), and each
 * module's {@code displayConditions} against {@code display-conditions-schema.json} the way that
 * package's own {@code DisplayConditionsValidator} does (conditions wrapped as {@code {modules:
 * {<moduleType>: conditions}}}). When {@code node} is on the PATH it also runs the package's full
 * validator ({@code validate-manifest.cjs}: the same processor {@code forge lint} uses, with the
 * semantic checks such as "appUserToken needs read:app-user-token").
 *
 * <p>Skips when the package is not installed: run {@code npm ci} at the repository root. {@code
 * -Djsmai.forgeManifestPackage=DIR} points at an unpacked copy of the package instead.
 */
@Tag("slow") // the official schema is 2.3 MB: compiling it takes ~15 s on a loaded machine
class ForgeManifestSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path root;
  private static Path pkg;
  private static Path manifestFile;
  private static JsonNode manifest;
  private static JsonSchema manifestSchema;
  private static JsonSchema conditionsSchema;

  @BeforeAll
  static void load() throws Exception {
    root = Paths.get(System.getProperty("jsmai.repo.root", "..")).toAbsolutePath();
    String override = System.getProperty("jsmai.forgeManifestPackage");
    pkg =
        override != null && !override.isBlank()
            ? Paths.get(override)
            : root.resolve("node_modules/@forge/manifest");
    Assumptions.assumeTrue(
        Files.isRegularFile(pkg.resolve("out/schema/manifest-schema.json")),
        "@forge/manifest is not installed at "
            + pkg
            + "; run `npm ci` at the repository root to validate the Forge manifest");
    manifestFile = root.resolve("plugin/forge/manifest.yml");
    manifest = YAML.readTree(manifestFile.toFile());
    manifestSchema = schema("manifest-schema.json");
    conditionsSchema = schema("display-conditions-schema.json");
  }

  private static JsonSchema schema(String name) throws Exception {
    JsonNode node = JSON.readTree(pkg.resolve("out/schema/" + name).toFile());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
  }

  static List<String> manifestErrors(JsonNode m) {
    return manifestSchema.validate(m).stream().map(ValidationMessage::getMessage).toList();
  }

  static List<String> displayConditionErrors(JsonNode m) {
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> type : m.path("modules").properties()) {
      for (JsonNode module : type.getValue()) {
        JsonNode dc = module.get("displayConditions");
        if (dc == null) continue;
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.putObject("modules").set(type.getKey(), dc);
        for (ValidationMessage v : conditionsSchema.validate(wrapped)) {
          errors.add(module.path("key").asText() + ": " + v.getMessage());
        }
      }
    }
    return errors;
  }

  private static ObjectNode panel(JsonNode m) {
    return (ObjectNode) m.path("modules").path("jira:issueContext").get(0);
  }

  @Test
  void manifest_againstOfficialSchema_hasNoErrors() {
    assertThat(manifestErrors(manifest)).isEmpty();
  }

  @Test
  void manifest_withBadRenderValue_isRejectedBySchema() {
    ObjectNode broken = manifest.deepCopy();
    panel(broken).put("render", "html");

    assertThat(manifestErrors(broken)).isNotEmpty();
  }

  @Test
  void displayConditions_againstOfficialSchema_haveNoErrors() {
    assertThat(panel(manifest).has("displayConditions")).isTrue();
    assertThat(displayConditionErrors(manifest)).isEmpty();
  }

  @Test
  void displayConditions_unknownConditionOrWrongType_rejected() {
    ObjectNode unknown = manifest.deepCopy();
    ((ObjectNode) panel(unknown).path("displayConditions")).put("isServiceDesk", true);
    ObjectNode wrongType = manifest.deepCopy();
    ((ObjectNode) panel(wrongType).path("displayConditions")).put("projectType", 7);

    assertThat(displayConditionErrors(unknown)).isNotEmpty();
    assertThat(displayConditionErrors(wrongType)).isNotEmpty();
  }

  @Test
  void issueContext_showsOnlyInServiceProjectsToAgents() {
    JsonNode dc = panel(manifest).path("displayConditions");

    // Jira's project type key for JSM projects (project.projectTypeKey) is `service_desk`.
    assertThat(dc.path("projectType").asText()).isEqualTo("service_desk");
    assertThat(dc.path("canUseServiceManagementAgentFeatures").asBoolean()).isTrue();
  }

  @Test
  void endpoint_sendsUserTokenAndScopesAllowIt() {
    JsonNode endpoint = manifest.path("modules").path("endpoint").get(0);

    assertThat(panel(manifest).path("resolver").path("endpoint").asText())
        .isEqualTo(endpoint.path("key").asText());
    assertThat(endpoint.path("auth").path("appUserToken").path("enabled").asBoolean()).isTrue();
    assertThat(manifest.path("permissions").path("scopes").toString())
        .contains("read:app-user-token")
        .contains("write:servicedesk-request");
  }

  @Test
  void manifest_officialFullValidator_succeeds() throws Exception {
    Path script = root.resolve("plugin/forge/validate-manifest.cjs");
    Path modules = pkg.getParent().getParent(); // <dir>/node_modules/@forge/manifest
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "node",
                  script.toString(),
                  modules.getParent().toString(),
                  manifestFile.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("node is not on the PATH: " + e.getMessage());
      return;
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("validator finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    Assumptions.assumeFalse(
        p.exitValue() == 3, "the full validator cannot load @forge/manifest: " + out);

    assertThat(out).as("validator output").contains("\"success\":true");
    assertThat(p.exitValue()).isZero();
  }
}

package com.jsmai.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.jira.JiraConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final Map<String, String> SIGNED = Map.of("JSMAI_WEBHOOK_SECRET", "env-secret");

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(ConfigSections.ALL, env);
  }

  @Test
  void load_yaml_overridesDefaultsAndKeepsTheRest() throws Exception {
    Path f =
        write(
            "plugin.yaml",
            """
            server:
              port: 9090
            webhook:
              secret: literal-secret
            jira:
              flavor: datacenter
              baseUrl: https://jira.example.com/
              personalAccessToken: pat
              readTimeout: 45s
            """);

    PluginConfig c = loader(Map.of()).load(f);

    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.jira().flavor()).isEqualTo(JiraConfig.Flavor.DATACENTER);
    assertThat(c.jira().baseUrl()).isEqualTo(URI.create("https://jira.example.com"));
    assertThat(c.jira().readTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.jira().hasCredentials()).isTrue();
    assertThat(c.inbox().maxAttempts()).isEqualTo(5);
    assertThat(c.source()).isEqualTo(f.toString());
  }

  @Test
  void load_unknownKeyInSection_errorNamesKeyAndFile() throws Exception {
    Path f = write("plugin.yaml", "jira:\n  baseURL: https://x.example.com\n");

    assertThatThrownBy(() -> loader(SIGNED).load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'jira.baseURL'")
        .hasMessageContaining(f.toString())
        .hasMessageContaining("baseUrl");
  }

  @Test
  void load_unknownSection_errorNamesKeyAndFile() throws Exception {
    Path f = write("plugin.yaml", "jria:\n  baseUrl: https://x.example.com\n");

    assertThatThrownBy(() -> loader(SIGNED).load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'jria'")
        .hasMessageContaining(f.toString());
  }

  @Test
  void load_properties_sameKeysAsYaml() throws Exception {
    Path f =
        write(
            "plugin.properties",
            "server.port=9191\nwebhook.secret=s\ninbox.workers=2\ninbox.lease=PT2M\n");

    PluginConfig c = loader(Map.of()).load(f);

    assertThat(c.server().port()).isEqualTo(9191);
    assertThat(c.inbox().workers()).isEqualTo(2);
    assertThat(c.inbox().lease()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void load_unknownPropertiesKey_errorNamesKeyAndFile() throws Exception {
    Path f = write("plugin.properties", "webhook.secret=s\ninbox.worker=2\n");

    assertThatThrownBy(() -> loader(Map.of()).load(f))
        .hasMessageContaining("'inbox.worker'")
        .hasMessageContaining("plugin.properties");
  }

  @Test
  void environment_overridesFileValue() throws Exception {
    Path f =
        write("plugin.yaml", "jira:\n  baseUrl: https://file.example.com\nwebhook:\n  secret: s\n");

    PluginConfig c =
        loader(
                Map.of(
                    "JSMAI_JIRA_BASE_URL",
                    "https://env.example.com",
                    "JSMAI_INBOX_MAX_ATTEMPTS",
                    "9"))
            .load(f);

    assertThat(c.jira().baseUrl()).isEqualTo(URI.create("https://env.example.com"));
    assertThat(c.inbox().maxAttempts()).isEqualTo(9);
  }

  @Test
  void environment_typoInKnownSection_isAnError() {
    assertThatThrownBy(
            () ->
                loader(Map.of("JSMAI_WEBHOOK_SECRET", "s", "JSMAI_JIRA_BASEURLX", "x"))
                    .loadDefaults())
        .hasMessageContaining("JSMAI_JIRA_BASEURLX");
  }

  @Test
  void environment_otherProgramsVariables_ignored() {
    PluginConfig c =
        loader(Map.of("JSMAI_WEBHOOK_SECRET", "s", "JSMAI_NODE_MODEL_DIR", "/models"))
            .loadDefaults();

    assertThat(c.server().port()).isEqualTo(8080);
  }

  @Test
  void secretReferences_envAndFile_resolvedAndRedacted() throws Exception {
    Path tokenFile = write("token.txt", "file-token-value\n");
    Path f =
        write(
            "plugin.yaml",
            """
            webhook:
              secret: ${env:HOOK_SECRET}
            jira:
              email: bot@example.com
              apiToken: ${file:%s}
            """
                .formatted(tokenFile));

    PluginConfig c = loader(Map.of("HOOK_SECRET", "hook-secret-value")).load(f);

    assertThat(c.webhook().secret().reveal()).isEqualTo("hook-secret-value");
    assertThat(c.jira().apiToken().reveal()).isEqualTo("file-token-value");
    assertThat(c.toString())
        .doesNotContain("hook-secret-value")
        .doesNotContain("file-token-value")
        .contains("redacted")
        .contains("env:HOOK_SECRET");
    assertThat(c.jira().apiToken().toString())
        .isEqualTo("Secret[redacted, from file:" + tokenFile + "]");
  }

  @Test
  void secretReference_missingVariable_errorNamesVariableNotValue() throws Exception {
    Path f = write("plugin.yaml", "webhook:\n  secret: ${env:NOT_SET_ANYWHERE}\n");

    assertThatThrownBy(() -> loader(Map.of()).load(f))
        .hasMessageContaining("NOT_SET_ANYWHERE")
        .hasMessageContaining("webhook");
  }

  @Test
  void literalSecret_inBadlyTypedFile_neverEchoed() throws Exception {
    Path f = write("plugin.yaml", "webhook:\n  secret: [super-secret-literal\n");

    assertThatThrownBy(() -> loader(Map.of()).load(f))
        .hasMessageContaining("plugin.yaml")
        .message()
        .doesNotContain("super-secret-literal");
  }

  @Test
  void webhookSecret_missingWithoutDevFlag_refusesToStart() {
    assertThatThrownBy(() -> loader(Map.of()).loadDefaults())
        .hasMessageContaining("webhook.secret is required")
        .hasMessageContaining("allowUnsignedForDevelopment");
  }

  @Test
  void webhookSecret_missingWithDevFlag_accepted() {
    PluginConfig c =
        loader(Map.of("JSMAI_WEBHOOK_ALLOW_UNSIGNED_FOR_DEVELOPMENT", "true")).loadDefaults();

    assertThat(c.webhook().secret()).isNull();
    assertThat(c.webhook().allowUnsignedForDevelopment()).isTrue();
  }

  @Test
  void invalidValue_errorNamesSectionAndValue() throws Exception {
    Path f = write("plugin.yaml", "webhook:\n  secret: s\nserver:\n  port: 70000\n");

    assertThatThrownBy(() -> loader(Map.of()).load(f))
        .hasMessageContaining("server.port")
        .hasMessageContaining("70000");
  }

  @Test
  void badDuration_errorNamesKey() throws Exception {
    Path f = write("plugin.yaml", "webhook:\n  secret: s\ninbox:\n  lease: soon\n");

    assertThatThrownBy(() -> loader(Map.of()).load(f)).hasMessageContaining("inbox.lease");
  }

  /** A feature's own section: one registration line, read back by type. */
  record ExampleConfig(String greeting, List<String> channels, Integer retries) {
    ExampleConfig {
      greeting = greeting == null ? "hello" : greeting;
      channels = channels == null ? List.of() : List.copyOf(channels);
      retries = retries == null ? 3 : retries;
    }
  }

  @Test
  void newSection_registeredWithOneLine_boundWithDefaultsAndEnvLists() throws Exception {
    List<ConfigSection<?>> sections = new java.util.ArrayList<>(ConfigSections.ALL);
    sections.add(ConfigSection.of("example", ExampleConfig.class));
    Path f = write("plugin.yaml", "webhook:\n  secret: s\nexample:\n  greeting: hi\n");

    PluginConfig c =
        new ConfigLoader(sections, Map.of("JSMAI_EXAMPLE_CHANNELS", "email, portal")).load(f);

    assertThat(c.get(ExampleConfig.class))
        .isEqualTo(new ExampleConfig("hi", List.of("email", "portal"), 3));
  }
}

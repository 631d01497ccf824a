package com.jsmai.plugin.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.config.ModelEndpointConfig;
import com.jsmai.plugin.jira.JiraConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the first settings document from the service's config file, so a fresh store starts with
 * what the operator configured (later versions are edited in the admin screens; the config file is
 * then only read for this first version).
 */
public final class InitialSettings {
  private InitialSettings() {}

  /**
   * @param jira the {@code jira} config section, or null
   * @param model the {@code model} config section, or null; stored as endpoint {@code node}
   * @param reply the raw {@code reply} section (what {@code ReplyConfigReader} reads), or null
   * @param toolFiles HTTP tool definition files (YAML), may be empty
   */
  public static ObjectNode document(
      SecretBox box,
      JiraConfig jira,
      ModelEndpointConfig model,
      JsonNode reply,
      List<Path> toolFiles) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    if (jira != null) {
      ObjectNode j = d.putObject("jira");
      j.put("baseUrl", jira.baseUrl().toString());
      j.put("flavor", jira.flavor() == JiraConfig.Flavor.CLOUD ? "cloud" : "datacenter");
      if (jira.email() != null) j.put("email", jira.email());
      var token =
          jira.flavor() == JiraConfig.Flavor.CLOUD ? jira.apiToken() : jira.personalAccessToken();
      if (token != null) j.put("token", box.seal("jira.token", token.reveal()));
    }
    var models = d.putArray("models");
    if (model != null) {
      // The config's base URL may end in /v1; the chat client adds /v1/chat/completions itself.
      String base = model.baseUrl().toString().replaceAll("/+$", "").replaceAll("/v1$", "");
      ObjectNode m = models.addObject().put("name", "node").put("baseUrl", base);
      m.put("model", model.model());
      if (model.apiKey() != null) {
        m.put("apiKey", box.seal(SettingsDocuments.apiKeyPath("node"), model.apiKey().reveal()));
      }
    }
    d.set("reply", reply == null || reply.isMissingNode() ? d.objectNode() : reply.deepCopy());
    var tools = d.putArray("tools");
    for (Path file : toolFiles) {
      try {
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        tools
            .addObject()
            .put("name", SettingsDocuments.parseTool(file.getFileName().toString(), yaml).name())
            .put("yaml", yaml);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read tool definition " + file, e);
      }
    }
    return d;
  }

  /**
   * {@code current} with the config file's connections written over the saved ones: {@code jira}
   * replaced by the file's (kept when the file has none), and the endpoint named {@code node}
   * replaced by the file's {@code model} and made active (first). Other endpoints, the reply
   * section and the tools are kept. Used by {@code ui.connectionsFromFile}.
   */
  public static ObjectNode withFileConnections(
      ObjectNode current, SecretBox box, JiraConfig jira, ModelEndpointConfig model) {
    ObjectNode file = document(box, jira, model, null, List.of());
    ObjectNode d = current.deepCopy();
    if (file.has("jira")) d.set("jira", file.get("jira"));
    if (file.path("models").size() > 0) {
      var models = d.withArray("models");
      for (int i = models.size() - 1; i >= 0; i--) {
        if ("node".equals(models.get(i).path("name").asText())) models.remove(i);
      }
      models.insert(0, file.path("models").get(0));
    }
    return d;
  }

  /**
   * Whether the config file's connections differ from what {@code saved} uses (secrets compared
   * decrypted): the Jira base URL, flavour, email or token, or the {@code node} endpoint's URL,
   * model id or key, or {@code node} not being the active endpoint.
   */
  public static boolean fileConnectionsDiffer(
      Settings saved, JiraConfig jira, ModelEndpointConfig model) {
    if (jira != null) {
      JiraConfig s = saved.jira().orElse(null);
      var fileToken =
          jira.flavor() == JiraConfig.Flavor.CLOUD ? jira.apiToken() : jira.personalAccessToken();
      if (s == null
          || s.flavor() != jira.flavor()
          || !s.baseUrl().equals(jira.baseUrl())
          || !java.util.Objects.equals(
              s.email(), jira.flavor() == JiraConfig.Flavor.CLOUD ? jira.email() : null)
          || !java.util.Objects.equals(
              s.flavor() == JiraConfig.Flavor.CLOUD ? s.apiToken() : s.personalAccessToken(),
              fileToken)) {
        return true;
      }
    }
    if (model != null) {
      ModelEndpoint active = saved.models().isEmpty() ? null : saved.models().get(0);
      String base = model.baseUrl().toString().replaceAll("/+$", "").replaceAll("/v1$", "");
      return active == null
          || !active.name().equals("node")
          || !active.baseUrl().toString().equals(base)
          || !active.model().equals(model.model())
          || !java.util.Objects.equals(active.apiKey(), model.apiKey());
    }
    return false;
  }
}

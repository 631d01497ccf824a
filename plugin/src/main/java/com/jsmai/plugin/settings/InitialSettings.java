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
}

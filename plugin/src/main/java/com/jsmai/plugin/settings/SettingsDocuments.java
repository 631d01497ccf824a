package com.jsmai.plugin.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyConfigReader;
import com.jsmai.plugin.tools.http.HttpToolDefinition;
import com.jsmai.plugin.tools.http.HttpToolDefinitions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a settings document with the plugin's own readers, and describes the difference between two
 * documents. The document has four sections:
 *
 * <pre>
 * jira:   {baseUrl, flavor: cloud|datacenter, email, token: "v1:..." (sealed)}
 * models: [{name, baseUrl, model, apiKey: "v1:..." (sealed) | absent}]   the active one first
 * reply:  the {@code reply} section of the service config (ReplyConfigReader)
 * tools:  [{name, yaml}]   one HTTP tool definition each (HttpToolDefinitions)
 * </pre>
 */
final class SettingsDocuments {
  static final Set<String> SECTIONS = Set.of("jira", "models", "reply", "tools");
  static final Set<String> SECRET_PATHS = Set.of("jira.token", "apiKey");

  private SettingsDocuments() {}

  static ObjectNode empty() {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.putArray("models");
    d.putObject("reply");
    d.putArray("tools");
    return d;
  }

  static Settings read(
      int version, Instant at, String author, String summary, ObjectNode doc, SecretBox box) {
    Iterator<String> names = doc.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!SECTIONS.contains(n)) {
        throw new SettingsException(n + ": unknown section; allowed: " + new TreeSet<>(SECTIONS));
      }
    }
    ReplyConfig reply;
    try {
      reply = ReplyConfigReader.read(doc.get("reply"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(e.getMessage(), e);
    }
    List<HttpToolDefinition> tools = new ArrayList<>();
    Set<String> toolNames = new HashSet<>();
    JsonNode toolList = doc.path("tools");
    if (!toolList.isMissingNode() && !toolList.isArray()) {
      throw new SettingsException("tools must be a list");
    }
    for (int i = 0; i < toolList.size(); i++) {
      String yaml = toolList.get(i).path("yaml").asText("");
      HttpToolDefinition def = parseTool("tools[" + i + "]", yaml);
      if (!toolNames.add(def.name())) {
        throw new SettingsException("tools[" + i + "]: a tool named " + def.name() + " exists");
      }
      tools.add(def);
    }
    List<ModelEndpoint> models = new ArrayList<>();
    Set<String> modelNames = new HashSet<>();
    JsonNode modelList = doc.path("models");
    if (!modelList.isMissingNode() && !modelList.isArray()) {
      throw new SettingsException("models must be a list");
    }
    for (int i = 0; i < modelList.size(); i++) {
      JsonNode m = modelList.get(i);
      String path = "models[" + i + "]";
      try {
        String key = text(m, "apiKey");
        ModelEndpoint e =
            new ModelEndpoint(
                text(m, "name"),
                uri(path + ".baseUrl", text(m, "baseUrl")),
                text(m, "model"),
                key == null ? null : Secret.of(box.open(apiKeyPath(text(m, "name")), key)));
        if (!modelNames.add(e.name())) {
          throw new SettingsException(path + ": a model named " + e.name() + " exists");
        }
        models.add(e);
      } catch (SettingsException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new SettingsException(path + ": " + e.getMessage(), e);
      }
    }
    Optional<JiraConfig> jira = Optional.empty();
    JsonNode j = doc.get("jira");
    if (j != null && j.isObject() && text(j, "baseUrl") != null) {
      try {
        String flavorText = String.valueOf(text(j, "flavor")).toLowerCase(Locale.ROOT);
        JiraConfig.Flavor flavor =
            switch (flavorText) {
              case "cloud" -> JiraConfig.Flavor.CLOUD;
              case "datacenter", "dc" -> JiraConfig.Flavor.DATACENTER;
              default ->
                  throw new SettingsException(
                      "jira.flavor must be cloud or datacenter: " + text(j, "flavor"));
            };
        String sealed = text(j, "token");
        Secret token = sealed == null ? null : Secret.of(box.open("jira.token", sealed));
        URI base = uri("jira.baseUrl", text(j, "baseUrl"));
        JiraConfig config =
            flavor == JiraConfig.Flavor.CLOUD
                ? new JiraConfig(flavor, base, text(j, "email"), token, null, null, null, 4, null)
                : new JiraConfig(flavor, base, null, null, token, null, null, 4, null);
        if (flavor == JiraConfig.Flavor.CLOUD && config.email() == null) {
          throw new SettingsException("jira.email is required for Jira Cloud (Basic auth)");
        }
        jira = Optional.of(config);
      } catch (SettingsException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new SettingsException(e.getMessage(), e);
      }
    }
    return new Settings(version, at, author, summary, doc, reply, tools, jira, models);
  }

  /** The associated-data path a model's API key is sealed under: stable when models move. */
  static String apiKeyPath(String modelName) {
    return "models." + modelName + ".apiKey";
  }

  /** Parses one HTTP tool definition with the plugin's strict reader. */
  static HttpToolDefinition parseTool(String source, String yaml) {
    try {
      return HttpToolDefinitions.parse(
          source, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new SettingsException(m.startsWith(source) ? m : source + ": " + m, e);
    }
  }

  private static URI uri(String path, String value) {
    if (value == null) throw new SettingsException(path + " must be set");
    try {
      return new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new SettingsException(path + " is not a URL: " + value);
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  /**
   * What changed from {@code before} to {@code after}: one {@code path: old -> new} per leaf, at
   * most {@code limit}; secret values are never shown, only that they changed.
   */
  static List<String> diff(JsonNode before, JsonNode after, int limit) {
    List<String> out = new ArrayList<>();
    diff("", before, after, out);
    if (out.size() > limit) {
      int more = out.size() - limit;
      out = new ArrayList<>(out.subList(0, limit));
      out.add("... and " + more + " more");
    }
    return out;
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a != null && b != null && a.equals(b)) return;
    // A section added or removed whole is listed leaf by leaf, so secrets stay hidden.
    if ((a == null || a.isNull()) && b != null && b.isContainerNode()) {
      a =
          b.isObject()
              ? JsonNodeFactory.instance.objectNode()
              : JsonNodeFactory.instance.arrayNode();
    }
    if ((b == null || b.isNull()) && a != null && a.isContainerNode()) {
      b =
          a.isObject()
              ? JsonNodeFactory.instance.objectNode()
              : JsonNodeFactory.instance.arrayNode();
    }
    boolean aContainer = a != null && a.isContainerNode();
    boolean bContainer = b != null && b.isContainerNode();
    if (aContainer && bContainer && a.isObject() == b.isObject()) {
      Set<String> keys = new TreeSet<>();
      if (a.isObject()) {
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) diff(join(path, k), a.get(k), b.get(k), out);
      } else {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
          diff(path + "[" + i + "]", a.get(i), b.get(i), out);
        }
      }
      return;
    }
    if (isSecret(path)) {
      out.add(path + ": " + (b == null || b.isNull() ? "removed" : "changed (secret)"));
    } else {
      out.add(path + ": " + show(a) + " -> " + show(b));
    }
  }

  private static boolean isSecret(String path) {
    return path.equals("jira.token") || path.endsWith(".apiKey");
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String show(JsonNode n) {
    if (n == null || n.isNull()) return "(none)";
    String s = n.isTextual() ? n.asText() : n.toString();
    s = s.replace('\n', ' ');
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}

package com.jsmai.plugin.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.tools.http.HttpToolDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated version of the runtime-editable configuration. The {@link #document()} is what is
 * stored (secrets sealed); the other components are what the plugin's own readers made of it, so a
 * version that exists has already passed the same validation the service applies at start-up.
 *
 * @param version 1, 2, ... in the order changes were made
 * @param at when this version was saved
 * @param author who saved it ({@code system} for the initial version)
 * @param summary what changed against the version before, one line per changed setting
 * @param document the stored JSON document; never modify it (use {@code deepCopy()})
 * @param reply the {@code reply} section read by {@link com.jsmai.plugin.reply.ReplyConfigReader}
 * @param tools HTTP tool definitions read by {@link
 *     com.jsmai.plugin.tools.http.HttpToolDefinitions}
 * @param jira the Jira connection with its token decrypted, when one is configured
 * @param models model endpoints, the active one first
 */
public record Settings(
    int version,
    Instant at,
    String author,
    String summary,
    ObjectNode document,
    ReplyConfig reply,
    List<HttpToolDefinition> tools,
    Optional<JiraConfig> jira,
    List<ModelEndpoint> models) {
  public Settings {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(reply, "reply");
    tools = List.copyOf(tools);
    models = List.copyOf(models);
    jira = jira == null ? Optional.empty() : jira;
  }

  /** The model endpoint named {@code name}, or the active (first) one when name is null. */
  public Optional<ModelEndpoint> model(String name) {
    if (name == null || name.isBlank()) return models.stream().findFirst();
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}

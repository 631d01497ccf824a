package com.jsmai.plugin.config;

import com.jsmai.plugin.http.ServerConfig;
import com.jsmai.plugin.inbox.InboxConfig;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.webhook.WebhookConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The validated configuration: one record per registered {@link ConfigSection}. Immutable and safe
 * to share; its {@code toString} shows secrets redacted.
 *
 * @param source where it was read from (a file path, or "embedded defaults")
 * @param sections bound section records by type
 */
public record PluginConfig(String source, Map<Class<?>, Record> sections) {
  public PluginConfig {
    Objects.requireNonNull(source, "source");
    sections = Map.copyOf(sections);
  }

  /** The section bound to {@code type}; throws when the type was never registered. */
  public <T extends Record> T get(Class<T> type) {
    Record r = sections.get(type);
    if (r == null) {
      throw new IllegalArgumentException(
          "no config section is registered for " + type.getName() + " (see ConfigSections.ALL)");
    }
    return type.cast(r);
  }

  public ServerConfig server() {
    return get(ServerConfig.class);
  }

  public WebhookConfig webhook() {
    return get(WebhookConfig.class);
  }

  public InboxConfig inbox() {
    return get(InboxConfig.class);
  }

  public JiraConfig jira() {
    return get(JiraConfig.class);
  }

  public ModelEndpointConfig model() {
    return get(ModelEndpointConfig.class);
  }
}

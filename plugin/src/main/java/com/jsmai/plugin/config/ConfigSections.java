package com.jsmai.plugin.config;

import com.jsmai.plugin.app.AssistantConfig;
import com.jsmai.plugin.app.ReplySection;
import com.jsmai.plugin.http.ServerConfig;
import com.jsmai.plugin.inbox.InboxConfig;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.tools.ToolsConfig;
import com.jsmai.plugin.webhook.WebhookConfig;
import java.util.List;

/**
 * The sections the service reads. A feature adds its own with one line here (and, if it wants demo
 * defaults, a block in {@code jsmai-defaults.yaml}); see docs/configuration.md.
 */
public final class ConfigSections {
  private ConfigSections() {}

  public static final List<ConfigSection<?>> ALL =
      List.of(
          ConfigSection.of("server", ServerConfig.class),
          ConfigSection.of("webhook", WebhookConfig.class),
          ConfigSection.of("inbox", InboxConfig.class),
          ConfigSection.of("jira", JiraConfig.class),
          ConfigSection.of("model", ModelEndpointConfig.class),
          ConfigSection.of("reply", ReplySection.class),
          ConfigSection.of("tools", ToolsConfig.class),
          ConfigSection.of("assistant", AssistantConfig.class),
          ConfigSection.of("safety", com.jsmai.plugin.app.guard.SafetyConfig.class),
          ConfigSection.of("faq", com.jsmai.plugin.app.guard.FaqConfig.class),
          ConfigSection.of("audit", com.jsmai.plugin.app.guard.AuditConfig.class),
          ConfigSection.of("flaggedInputs", com.jsmai.plugin.app.guard.FlaggedInputsConfig.class),
          ConfigSection.of("ratelimit", com.jsmai.plugin.app.guard.RateLimitConfig.class),
          ConfigSection.of("metrics", com.jsmai.plugin.app.guard.MetricsConfig.class),
          ConfigSection.of("ui", com.jsmai.plugin.app.UiConfig.class));
}

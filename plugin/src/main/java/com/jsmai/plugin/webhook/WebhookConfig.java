package com.jsmai.plugin.webhook;

import com.jsmai.plugin.config.Secret;

/**
 * Webhook intake.
 *
 * @param path the route Jira posts to, for example {@code /webhooks/jira}
 * @param secret the HMAC-SHA256 secret registered with the Jira webhook; required unless {@code
 *     allowUnsignedForDevelopment}
 * @param allowUnsignedForDevelopment accept unsigned deliveries when no secret is set: local
 *     development only, never in production
 * @param maxBodyBytes larger bodies are refused with 413 before they are read whole
 */
public record WebhookConfig(
    String path, Secret secret, boolean allowUnsignedForDevelopment, long maxBodyBytes) {
  public WebhookConfig {
    if (path == null || !path.startsWith("/") || path.contains("?")) {
      throw new IllegalArgumentException(
          "webhook.path must start with '/' and have no query: " + path);
    }
    if (secret == null && !allowUnsignedForDevelopment) {
      throw new IllegalArgumentException(
          "webhook.secret is required (set it in the file or JSMAI_WEBHOOK_SECRET, for example"
              + " 'secret: ${env:JIRA_WEBHOOK_SECRET}'); only for local development set"
              + " webhook.allowUnsignedForDevelopment: true");
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "webhook.maxBodyBytes must be in [1024, 67108864], was: " + maxBodyBytes);
    }
  }
}

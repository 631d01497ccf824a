package com.jsmai.sandbox.state;

import java.util.List;
import java.util.Objects;

/**
 * An admin webhook ({@code /rest/webhooks/1.0/webhook}).
 *
 * @param id webhook id
 * @param name display name
 * @param url target URL, may contain variables such as {@code ${issue.key}}
 * @param events subscribed events, for example {@code comment_created}
 * @param jqlFilter the {@code issue-related-events-section} filter, or empty for all issues
 * @param excludeBody true to send no body (URL variables only)
 * @param secret HMAC secret for {@code X-Hub-Signature}, or null for unsigned deliveries
 * @param enabled disabled webhooks receive nothing
 * @param lastUpdatedUser who registered or last changed it
 * @param lastUpdated epoch millis
 */
public record WebhookRegistration(
    long id,
    String name,
    String url,
    List<String> events,
    String jqlFilter,
    boolean excludeBody,
    String secret,
    boolean enabled,
    String lastUpdatedUser,
    long lastUpdated) {
  public WebhookRegistration {
    Objects.requireNonNull(url, "url");
    events = List.copyOf(events);
    jqlFilter = jqlFilter == null ? "" : jqlFilter;
    name = name == null ? "" : name;
  }
}

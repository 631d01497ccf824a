package com.jsmai.plugin.jira;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A JSM request as the plugin sees it.
 *
 * @param key issue key, for example {@code SD-12}
 * @param id numeric issue id as a string
 * @param summary title
 * @param description body as plain text (ADF or wiki markup already converted)
 * @param reporter the customer who raised it
 * @param serviceDeskId JSM service desk id
 * @param requestTypeId JSM request type id
 * @param requestTypeName request type name, for example "Where is my order?"
 * @param status current status name
 * @param fieldValues the request's {@code requestFieldValues} by field id, as display text
 * @param created creation time
 */
public record Ticket(
    String key,
    String id,
    String summary,
    String description,
    User reporter,
    String serviceDeskId,
    String requestTypeId,
    String requestTypeName,
    String status,
    Map<String, String> fieldValues,
    Instant created) {
  public Ticket {
    Objects.requireNonNull(key, "key");
    fieldValues = fieldValues == null ? Map.of() : Map.copyOf(fieldValues);
    description = description == null ? "" : description;
    summary = summary == null ? "" : summary;
  }
}

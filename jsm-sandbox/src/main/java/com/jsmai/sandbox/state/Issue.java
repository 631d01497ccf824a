package com.jsmai.sandbox.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSM request (an issue of the service desk's project). Immutable: the state replaces it on every
 * change. Text is kept as plain / wiki text; the REST v3 view converts it to ADF.
 *
 * @param id numeric issue id
 * @param key issue key, for example {@code SD-1}
 * @param serviceDeskId service desk
 * @param requestTypeId request type
 * @param summary title
 * @param description body text (wiki / plain)
 * @param reporterId accountId of the customer the request is for
 * @param creatorId accountId of who raised it (differs from the reporter with raiseOnBehalfOf)
 * @param created creation time
 * @param updated last activity (creation, comment, transition, edit)
 * @param status current status name (one of {@link Workflow#STATUSES})
 * @param statusDate when the current status was reached
 * @param priority priority name
 * @param resolution resolution name, or null while unresolved
 * @param labels labels
 * @param customFields custom field values by field id, as text
 * @param properties issue properties by key
 * @param participants accountIds of request participants
 */
public record Issue(
    long id,
    String key,
    String serviceDeskId,
    String requestTypeId,
    String summary,
    String description,
    String reporterId,
    String creatorId,
    Instant created,
    Instant updated,
    String status,
    Instant statusDate,
    String priority,
    String resolution,
    List<String> labels,
    Map<String, String> customFields,
    Map<String, JsonNode> properties,
    List<String> participants) {

  public Issue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    labels = List.copyOf(labels);
    customFields = Map.copyOf(customFields);
    properties = Map.copyOf(properties);
    participants = List.copyOf(participants);
    description = description == null ? "" : description;
  }

  /** The project key, the part of the issue key before the dash. */
  public String projectKey() {
    return key.substring(0, key.indexOf('-'));
  }

  public Issue withStatus(String newStatus, String newResolution, Instant at) {
    return new Issue(
        id,
        key,
        serviceDeskId,
        requestTypeId,
        summary,
        description,
        reporterId,
        creatorId,
        created,
        at,
        newStatus,
        at,
        priority,
        newResolution,
        labels,
        customFields,
        properties,
        participants);
  }

  public Issue touched(Instant at) {
    return new Issue(
        id,
        key,
        serviceDeskId,
        requestTypeId,
        summary,
        description,
        reporterId,
        creatorId,
        created,
        at,
        status,
        statusDate,
        priority,
        resolution,
        labels,
        customFields,
        properties,
        participants);
  }

  public Issue withFields(
      String newSummary,
      String newDescription,
      String newPriority,
      List<String> newLabels,
      Instant at) {
    return new Issue(
        id,
        key,
        serviceDeskId,
        requestTypeId,
        newSummary,
        newDescription,
        reporterId,
        creatorId,
        created,
        at,
        status,
        statusDate,
        newPriority,
        resolution,
        newLabels,
        customFields,
        properties,
        participants);
  }

  public Issue withProperty(String propertyKey, JsonNode value) {
    Map<String, JsonNode> copy = new LinkedHashMap<>(properties);
    if (value == null) {
      copy.remove(propertyKey);
    } else {
      copy.put(propertyKey, value);
    }
    return new Issue(
        id,
        key,
        serviceDeskId,
        requestTypeId,
        summary,
        description,
        reporterId,
        creatorId,
        created,
        updated,
        status,
        statusDate,
        priority,
        resolution,
        labels,
        customFields,
        copy,
        participants);
  }
}

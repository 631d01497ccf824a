package com.jsmai.sandbox.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One comment of a request. {@code isPublic} is the JSM truth (servicedeskapi {@code public});
 * internal notes are {@code isPublic == false}.
 *
 * @param id comment id
 * @param issueId the issue it belongs to
 * @param authorId accountId of the author
 * @param body plain / wiki text
 * @param isPublic false for an internal note
 * @param created creation time
 * @param properties comment properties by key
 */
public record IssueComment(
    long id,
    long issueId,
    String authorId,
    String body,
    boolean isPublic,
    Instant created,
    Map<String, JsonNode> properties) {

  public IssueComment {
    Objects.requireNonNull(authorId, "authorId");
    body = body == null ? "" : body;
    properties = Map.copyOf(properties);
  }

  public IssueComment withProperty(String key, JsonNode value) {
    Map<String, JsonNode> copy = new LinkedHashMap<>(properties);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new IssueComment(id, issueId, authorId, body, isPublic, created, copy);
  }
}

package com.jsmai.plugin.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.reply.ReplyConfigReader;

/**
 * The {@code reply} section as the config loader binds it: the top-level keys are checked by the
 * loader (unknown key = error, environment overrides for the scalar ones), the nested scopes are
 * read and validated by {@link ReplyConfigReader} (docs/reply-policy.md), here at load time so a
 * bad file fails before the service starts.
 */
public record ReplySection(
    Double temperature,
    JsonNode context,
    JsonNode serviceDeskNames,
    JsonNode defaults,
    JsonNode serviceDesks,
    Integer staleClaimAfterSeconds,
    Integer clockSkewSeconds,
    Integer scheduledRetrySeconds) {

  public ReplySection {
    ReplyConfigReader.read(
        tree(
            temperature,
            context,
            serviceDeskNames,
            defaults,
            serviceDesks,
            staleClaimAfterSeconds,
            clockSkewSeconds,
            scheduledRetrySeconds));
  }

  /** The validated reply configuration. */
  public ReplyConfig toReplyConfig() {
    return ReplyConfigReader.read(
        tree(
            temperature,
            context,
            serviceDeskNames,
            defaults,
            serviceDesks,
            staleClaimAfterSeconds,
            clockSkewSeconds,
            scheduledRetrySeconds));
  }

  private static ObjectNode tree(
      Double temperature,
      JsonNode context,
      JsonNode serviceDeskNames,
      JsonNode defaults,
      JsonNode serviceDesks,
      Integer staleClaimAfterSeconds,
      Integer clockSkewSeconds,
      Integer scheduledRetrySeconds) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (temperature != null) n.put("temperature", temperature);
    if (isSet(context)) n.set("context", context);
    if (isSet(serviceDeskNames)) n.set("serviceDeskNames", serviceDeskNames);
    if (isSet(defaults)) n.set("defaults", defaults);
    if (isSet(serviceDesks)) n.set("serviceDesks", serviceDesks);
    if (staleClaimAfterSeconds != null) n.put("staleClaimAfterSeconds", staleClaimAfterSeconds);
    if (clockSkewSeconds != null) n.put("clockSkewSeconds", clockSkewSeconds);
    if (scheduledRetrySeconds != null) n.put("scheduledRetrySeconds", scheduledRetrySeconds);
    return n;
  }

  private static boolean isSet(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }
}

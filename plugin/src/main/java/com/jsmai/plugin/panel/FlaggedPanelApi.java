package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.flagged.FlaggedInput;
import com.jsmai.plugin.flagged.FlaggedInputs;
import com.jsmai.plugin.flagged.Verdict;

/**
 * The panel's view of a flagged ticket: why the input check flagged it (origin, score, techniques,
 * evidence, action) and the agents' verdict, and the verdict buttons. Callers ({@link PanelRoutes})
 * have proven the agent and that the issue is theirs to see; a verdict names a row id, which must
 * belong to this issue.
 */
final class FlaggedPanelApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longest evidence shown per technique: the panel explains, the ticket itself is in Jira. */
  static final int MAX_EVIDENCE_CHARS = 300;

  private final FlaggedInputs flagged;

  /**
   * @param flagged the store, or null when the feature is off (then every ticket has no rows)
   */
  FlaggedPanelApi(FlaggedInputs flagged) {
    this.flagged = flagged;
  }

  ObjectNode list(String key) {
    ObjectNode out = JSON.createObjectNode().put("enabled", flagged != null);
    ArrayNode rows = out.putArray("flagged");
    if (flagged == null) return out;
    for (FlaggedInput r : flagged.forTicket(key)) rows.add(json(r));
    return out;
  }

  ObjectNode judge(String key, String id, JsonNode body, PanelUser user) {
    if (flagged == null) {
      throw new PanelActions.Refused(404, "not_enabled", "flagged inputs are not kept here");
    }
    long rowId;
    try {
      rowId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new PanelActions.Refused(400, "bad_id", "not a flagged-input id: " + id);
    }
    Verdict verdict;
    try {
      verdict = Verdict.parse(body.path("verdict").asText(null));
    } catch (IllegalArgumentException e) {
      throw new PanelActions.Refused(400, "bad_verdict", e.getMessage());
    }
    try {
      return json(flagged.judge(key, rowId, verdict, user.id()));
    } catch (FlaggedInputs.NotFound e) {
      throw new PanelActions.Refused(404, "unknown_flagged_input", e.getMessage());
    }
  }

  private static ObjectNode json(FlaggedInput r) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("id", r.id())
            .put("origin", r.origin())
            .put("score", Math.round(r.score() * 100) / 100.0)
            .put("action", r.action())
            .put("learnedOnly", r.learnedOnly())
            .put("flaggedAt", r.flaggedAt().toString());
    ArrayNode signals = n.putArray("signals");
    for (FlaggedInput.Signal s : r.signals()) {
      String e = s.evidence();
      signals
          .addObject()
          .put("technique", s.technique())
          .put("weight", s.weight())
          .put(
              "evidence",
              e.length() <= MAX_EVIDENCE_CHARS ? e : e.substring(0, MAX_EVIDENCE_CHARS) + "…");
    }
    if (r.verdict() != null) {
      n.put("verdict", r.verdict().wire())
          .put("decidedBy", r.decidedBy())
          .put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
    } else {
      n.putNull("verdict");
    }
    return n;
  }
}

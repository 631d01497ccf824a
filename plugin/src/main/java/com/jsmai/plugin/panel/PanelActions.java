package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolPolicy;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the panel does for a proven agent, the same for the Data Center iframe ({@link PanelRoutes})
 * and the Cloud Forge app ({@link ForgePanelRemote}): the brief, a suggestion, inserting a reply or
 * note, and the agent's verdict. Callers have already checked who the agent is and that the issue
 * is theirs to see; every method here takes that as given.
 *
 * <p>An inserted reply is authored by the agent whenever the caller has the agent's own token
 * ({@link AgentComments}); only without one does it go out through the assistant's account, and the
 * answer (and, for internal notes, the note itself) says so.
 *
 * <p>Thread-safe.
 */
public final class PanelActions {
  private static final Logger log = LoggerFactory.getLogger(PanelActions.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_REPLY_CHARS = 32_000;

  /** A request the panel refuses, with the HTTP status and a stable error code. */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final String error;

    public Refused(int status, String error, String message) {
      super(message);
      this.status = status;
      this.error = error;
    }

    public int status() {
      return status;
    }

    public String error() {
      return error;
    }
  }

  private final JiraClient jira;
  private final Suggester suggester;
  private final FeedbackStore feedback;
  private final AgentComments agentComments;

  /**
   * @param jira the assistant's client (reads; the fallback author)
   * @param agentComments posts as the agent when the caller has the agent's token
   */
  public PanelActions(
      JiraClient jira, Suggester suggester, FeedbackStore feedback, AgentComments agentComments) {
    this.jira = Objects.requireNonNull(jira, "jira");
    this.suggester = Objects.requireNonNull(suggester, "suggester");
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.agentComments = Objects.requireNonNull(agentComments, "agentComments");
  }

  /** Summary, {@code [MEMORY]} facts and reply mode; no model call. */
  public ObjectNode brief(String key, PanelUser user) {
    TicketBrief b = suggester.brief(key);
    ObjectNode out = JSON.valueToTree(b);
    out.put("agent", user.displayName());
    ArrayNode facts = out.putArray("facts");
    for (Fact f : b.facts()) {
      facts
          .addObject()
          .put("label", f.label())
          .put("value", f.value())
          .put("source", f.source())
          .put("internal", f.internal());
    }
    return out;
  }

  /**
   * Generates a suggestion with read-only tools, records it for feedback and returns {@code
   * suggestionId}, {@code text} and the {@code tools} that ran.
   */
  public ObjectNode suggest(String key, PanelUser user, StreamingAgent.Listener listener) {
    Suggester.Read read = suggester.read(key);
    var request = suggester.request(read);
    StreamingAgent.Result result =
        new StreamingAgent(suggester.model(), suggester.tools())
            .run(request, new ToolContext(read.ticket(), ToolPolicy.readOnly()), listener);
    ArrayNode prompt = JSON.createArrayNode();
    for (ChatMessage msg : request.messages()) {
      prompt.addObject().put("role", msg.role().wireName()).put("content", msg.content());
    }
    String id =
        feedback.suggested(
            key,
            read.ticket().serviceDeskId(),
            read.ticket().requestTypeId(),
            user.id(),
            prompt.toString(),
            result.text());
    ObjectNode out = JSON.createObjectNode().put("suggestionId", id).put("text", result.text());
    ArrayNode tools = out.putArray("tools");
    for (ToolCallRecord call : result.calls()) tools.add(StreamingAgent.toolJson(call));
    return out;
  }

  /**
   * Inserts {@code body.body} as a public reply ({@code body.public} true) or internal note.
   *
   * @param token the agent's own token, or null when the caller has none (then the assistant's
   *     account posts, and the answer says {@code "author": "assistant"} with the reason)
   * @param noTokenReason why there is no token, for the answer and the note; ignored with a token
   */
  public ObjectNode insert(
      String key,
      PanelUser user,
      AgentComments.AgentToken token,
      String noTokenReason,
      JsonNode body) {
    String text = body.path("body").asText("").strip();
    if (text.isEmpty()) throw new Refused(400, "empty", "the reply is empty");
    if (text.length() > MAX_REPLY_CHARS) {
      throw new Refused(
          400, "too_long", "the reply is longer than " + MAX_REPLY_CHARS + " characters");
    }
    JsonNode flag = body.get("public");
    if (flag == null || !flag.isBoolean()) {
      throw new Refused(400, "bad_visibility", "public must be true or false");
    }
    boolean isPublic = flag.asBoolean();
    String suggestionId = body.path("suggestionId").asText(null);
    ObjectNode out = JSON.createObjectNode();
    String commentId;
    boolean storedPublic;
    String reason = noTokenReason;
    if (token != null) {
      try {
        AgentComments.Posted p = agentComments.post(token, key, text, isPublic);
        commentId = p.id();
        storedPublic = p.isPublic();
        out.put("author", "agent").put("authorId", p.authorId());
        reason = null;
      } catch (AgentComments.WriteFailed e) {
        if (e.status() != 401 && e.status() != 403) {
          throw new Refused(502, "jira_refused", e.getMessage());
        }
        // The agent's token may not write here (expired, or a sign-in scope without WRITE).
        reason = "Jira refused the agent's own token (" + e.status() + ")";
        commentId = null;
        storedPublic = false;
      }
    } else {
      commentId = null;
      storedPublic = false;
    }
    if (commentId == null) {
      String why = reason == null ? "no user token was available" : reason;
      String posted = text;
      if (!isPublic) {
        // Say it where agents look: the note itself. A customer-facing reply stays as written.
        posted =
            text
                + "\n\n(Inserted by "
                + user.displayName()
                + " from the AI assistant panel; posted with the assistant's account because "
                + why
                + ".)";
      }
      Comment c = jira.addComment(key, posted, isPublic);
      commentId = c.id();
      storedPublic = c.isPublic();
      out.put("author", "assistant").put("onBehalfOf", user.id()).put("fallbackReason", why);
      log.warn(
          "panel: {} comment {} on {} posted with the assistant's account for {}: {}",
          isPublic ? "public" : "internal",
          commentId,
          key,
          user.id(),
          why);
    } else {
      log.info(
          "panel: {} inserted a {} comment {} on {} as themselves",
          user.id(),
          isPublic ? "public" : "internal",
          commentId,
          key);
    }
    if (suggestionId != null) {
      feedback
          .find(suggestionId)
          .filter(r -> r.issueKey().equals(key))
          .ifPresent(r -> feedback.inserted(suggestionId, text, isPublic));
    }
    return out.put("commentId", commentId).put("public", storedPublic);
  }

  /** Records the agent's verdict ({@code rating} 1 or -1, optional {@code reason}). */
  public ObjectNode rate(String key, JsonNode body) {
    String id = body.path("suggestionId").asText("");
    int rating = body.path("rating").asInt(0);
    String reason = body.path("reason").asText("");
    if (reason.length() > 2000) reason = reason.substring(0, 2000);
    if (rating != 1 && rating != -1) throw new Refused(400, "bad_rating", "rating must be 1 or -1");
    if (feedback.find(id).filter(r -> r.issueKey().equals(key)).isEmpty()) {
      throw new Refused(404, "unknown_suggestion", "no such suggestion on this issue");
    }
    feedback.rated(id, rating, reason);
    return JSON.createObjectNode().put("status", "recorded");
  }
}

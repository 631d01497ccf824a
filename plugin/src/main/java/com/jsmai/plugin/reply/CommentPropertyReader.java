package com.jsmai.plugin.reply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads a comment property ({@code GET /rest/api/N/comment/{id}/properties/{key}}). {@code
 * JiraClient} writes comment properties but does not read them yet; a client that also implements
 * this interface lets {@link OwnComments} (the reply pipeline and the agent panel) recognise the
 * assistant's own comments by their {@value ReplyOrchestrator#COMMENT_PROPERTY} mark as well as by
 * author and recorded id.
 */
public interface CommentPropertyReader {
  Optional<JsonNode> getCommentProperty(String issueKey, String commentId, String propertyKey);
}

package com.jsmai.plugin.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.conversation.TicketState;
import com.jsmai.plugin.conversation.TriggerRules;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.User;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one definition of "the assistant's own comment" on a ticket, shared by the reply pipeline and
 * the agent panel so that both build the same transcript: a comment is ours when its author is the
 * assistant's account, when the ticket state recorded its id, or when it carries the {@value
 * ReplyOrchestrator#COMMENT_PROPERTY} mark. The mark is what still knows a reply posted just before
 * a crash (its state write lost) or under an account that is not {@code myself()} now.
 *
 * <p>Each mark test is a Jira read, so it runs only for comments that neither the author nor the
 * recorded ids already identify, and at most once per comment for this instance. Make one instance
 * per ticket read (one event, one panel request): a later read must see marks written since.
 *
 * <p>Not thread-safe: one read uses it on one thread.
 */
public final class OwnComments implements Predicate<Comment> {
  private final JiraClient jira;
  private final String issueKey;
  private final User self;
  private final TicketState state;
  private final Map<String, Boolean> marks = new HashMap<>();

  private OwnComments(JiraClient jira, String issueKey, User self, TicketState state) {
    this.jira = Objects.requireNonNull(jira, "jira");
    this.issueKey = Objects.requireNonNull(issueKey, "issueKey");
    this.self = self;
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * @param self the assistant's account ({@code myself()}), or null when unknown
   * @param state the ticket's state as loaded for this read (its recorded own comment ids)
   */
  public static OwnComments of(JiraClient jira, String issueKey, User self, TicketState state) {
    return new OwnComments(jira, issueKey, self, state);
  }

  /** True when {@code c} is the assistant's: by author, by recorded id, or by its mark. */
  @Override
  public boolean test(Comment c) {
    return TriggerRules.isMe(c.author(), self) || state.isOwnComment(c.id()) || isMarked(c);
  }

  /** True when {@code c} carries the assistant's comment property (read once per comment). */
  public boolean isMarked(Comment c) {
    return marks.computeIfAbsent(c.id(), id -> mark(jira, issueKey, c).isPresent());
  }

  /**
   * The assistant's mark on {@code c} ({@code {"eventId": .., "kind": ..}}), read fresh; empty when
   * there is none, when the client cannot read comment properties, or when the read fails (a failed
   * read must not stop the caller: the author and the recorded ids still apply).
   */
  public static Optional<JsonNode> mark(JiraClient jira, String issueKey, Comment c) {
    if (!(jira instanceof CommentPropertyReader reader)) return Optional.empty();
    try {
      return reader.getCommentProperty(issueKey, c.id(), ReplyOrchestrator.COMMENT_PROPERTY);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}

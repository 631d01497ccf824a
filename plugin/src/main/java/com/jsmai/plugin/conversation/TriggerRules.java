package com.jsmai.plugin.conversation;

import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.webhook.JiraEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who triggers a reply. Only a customer-created ticket or a customer's public comment does; never
 * the assistant's own comments (recognised by account, by recorded id and by comment property, so
 * no reply loops), internal notes, or agents. Everything is decided on the thread as re-read from
 * JSM, never on the webhook's flags. An agent's public reply pauses automation on the ticket.
 *
 * <p>Stateless and thread-safe.
 */
public final class TriggerRules {

  /** What to do with the event. */
  public enum Outcome {
    REPLY,
    IGNORE,
    /** Ignore, and pause the assistant on this ticket because a human answered publicly. */
    PAUSE
  }

  /**
   * @param comment the triggering comment as re-read from JSM, or null for a new ticket
   */
  public record Decision(Outcome outcome, String reason, Comment comment) {
    static Decision reply(String reason, Comment c) {
      return new Decision(Outcome.REPLY, reason, c);
    }

    static Decision ignore(String reason) {
      return new Decision(Outcome.IGNORE, reason, null);
    }

    static Decision pause(String reason, Comment c) {
      return new Decision(Outcome.PAUSE, reason, c);
    }
  }

  /**
   * @param comments the thread from {@code getComments}, oldest first
   * @param me the assistant's account ({@code myself()})
   * @param isMarkedOwn true for comments carrying the assistant's comment property
   */
  public Decision decide(
      JiraEvent event,
      Ticket ticket,
      List<Comment> comments,
      User me,
      TicketState state,
      Predicate<Comment> isMarkedOwn) {
    Predicate<Comment> own =
        c -> isMe(c.author(), me) || state.isOwnComment(c.id()) || isMarkedOwn.test(c);
    Comment trigger = null;
    if (event.kind() == JiraEvent.Kind.ISSUE_CREATED) {
      User reporter = ticket.reporter();
      if (reporter == null) return Decision.ignore("ticket has no reporter");
      if (isMe(reporter, me)) return Decision.ignore("ticket raised by the assistant itself");
      if (!reporter.isCustomer())
        return Decision.ignore("ticket raised by an agent, not a customer");
    } else {
      Optional<Comment> found =
          comments.stream().filter(c -> c.id().equals(event.commentId())).findFirst();
      if (found.isEmpty()) {
        return Decision.ignore("comment " + event.commentId() + " is not in the thread");
      }
      trigger = found.get();
      if (isMe(trigger.author(), me))
        return Decision.ignore("the assistant's own comment (author)");
      if (state.isOwnComment(trigger.id())) {
        return Decision.ignore("the assistant's own comment (recorded id)");
      }
      if (isMarkedOwn.test(trigger))
        return Decision.ignore("the assistant's own comment (property)");
      if (!trigger.isPublic()) return Decision.ignore("internal note");
      if (!Transcript.isCustomer(trigger.author())) {
        return Decision.pause("an agent replied publicly", trigger);
      }
    }
    if (!state.enabled()) return Decision.ignore("assistant switched off for this ticket");
    if (state.isPaused()) return Decision.ignore("assistant paused: " + state.pause().reason());
    for (Comment c : comments) {
      boolean humanPublic = c.isPublic() && !own.test(c) && !Transcript.isCustomer(c.author());
      boolean sinceResume =
          state.resumedAt() == null
              || c.created() == null
              || c.created().isAfter(state.resumedAt());
      if (humanPublic && sinceResume) {
        return Decision.pause("an agent replied publicly (comment " + c.id() + ")", c);
      }
    }
    final Comment triggering = trigger;
    boolean superseded =
        comments.stream()
            .filter(c -> c.isPublic() && Transcript.isCustomer(c.author()) && !own.test(c))
            .anyMatch(c -> triggering == null || isAfter(c, triggering, comments));
    if (superseded) {
      return Decision.ignore("a newer customer comment will be answered instead");
    }
    return Decision.reply(
        trigger == null ? "new customer ticket" : "public customer comment", trigger);
  }

  private static boolean isAfter(Comment c, Comment trigger, List<Comment> thread) {
    return thread.indexOf(c) > thread.indexOf(trigger);
  }

  /** True when {@code author} is the assistant's own account. */
  public static boolean isMe(User author, User me) {
    return author != null && me != null && author.accountId().equals(me.accountId());
  }
}

package com.jsmai.plugin.conversation;

import com.jsmai.plugin.memory.Fact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the assistant remembers about one ticket, stored as one JSON issue property ({@link
 * TicketStateStore#PROPERTY_KEY}) so it lives with the ticket, survives restarts and is visible to
 * admins. Jira caps a property at 32 KB, so the id lists are bounded.
 *
 * @param version schema version ({@link #CURRENT_VERSION}); a newer one is refused, never guessed
 * @param enabled false when an admin switched the assistant off for this ticket
 * @param pause why automation is paused (agent reply, handoff), or null
 * @param facts {@code [MEMORY]} facts from the last run
 * @param summary the cached summary of turns outside the window, or null
 * @param ownCommentIds ids of the comments the assistant posted (newest last, bounded)
 * @param handledEventIds delivery ids whose effect is done (newest last, bounded)
 * @param autoReplies public replies posted so far
 * @param modelFailures model failures in a row (reset on a good answer)
 * @param pending an effect that was marked before posting and not yet confirmed, or null
 * @param scheduled a delayed reply waiting for its time, or null
 * @param resumedAt when an admin resumed the assistant; agent replies before it no longer pause
 */
public record TicketState(
    int version,
    boolean enabled,
    Pause pause,
    List<Fact> facts,
    Summary summary,
    List<String> ownCommentIds,
    List<String> handledEventIds,
    int autoReplies,
    int modelFailures,
    PendingEffect pending,
    ScheduledReply scheduled,
    Instant resumedAt) {
  public static final int CURRENT_VERSION = 1;
  static final int MAX_OWN_IDS = 200;
  static final int MAX_EVENT_IDS = 200;

  /** Why the assistant stopped on this ticket. */
  public record Pause(String reason, String commentId, Instant at) {}

  /**
   * A summary of the turns up to and including {@code upToTurnId}.
   *
   * @param turnsCovered how many turns it covers (a cross-check against edits and deletions)
   */
  public record Summary(String text, String upToTurnId, int turnsCovered) {}

  /** Marked before posting; cleared once the comment id is recorded. */
  public record PendingEffect(String eventId, String kind, Instant markedAt) {}

  /**
   * A reply that waits for {@code dueAt}, with enough of its event to run it again after a restart.
   *
   * @param kind the event kind name ({@code ISSUE_CREATED} or {@code COMMENT_CREATED})
   * @param commentId the triggering comment, or null for a new ticket
   * @param eventTimestamp the event's timestamp (epoch millis)
   */
  public record ScheduledReply(
      String eventId, Instant dueAt, String kind, String commentId, long eventTimestamp) {}

  public TicketState {
    if (version < 1) throw new IllegalArgumentException("version < 1: " + version);
    facts = facts == null ? List.of() : List.copyOf(facts);
    ownCommentIds = bounded(ownCommentIds, MAX_OWN_IDS);
    handledEventIds = bounded(handledEventIds, MAX_EVENT_IDS);
    if (autoReplies < 0) throw new IllegalArgumentException("autoReplies < 0: " + autoReplies);
    if (modelFailures < 0)
      throw new IllegalArgumentException("modelFailures < 0: " + modelFailures);
  }

  private static List<String> bounded(List<String> ids, int max) {
    if (ids == null) return List.of();
    List<String> copy = List.copyOf(ids);
    return copy.size() <= max ? copy : List.copyOf(copy.subList(copy.size() - max, copy.size()));
  }

  public static TicketState initial() {
    return new TicketState(
        CURRENT_VERSION, true, null, List.of(), null, List.of(), List.of(), 0, 0, null, null, null);
  }

  public boolean isPaused() {
    return pause != null;
  }

  public boolean handled(String eventId) {
    return handledEventIds.contains(eventId);
  }

  public boolean isOwnComment(String commentId) {
    return ownCommentIds.contains(commentId);
  }

  public TicketState withPause(Pause newPause) {
    return new TicketState(
        version,
        enabled,
        newPause,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        pending,
        scheduled,
        resumedAt);
  }

  public TicketState withEnabled(boolean on) {
    return new TicketState(
        version,
        on,
        pause,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        pending,
        scheduled,
        resumedAt);
  }

  /** Re-enables after a pause: clears it and ignores agent replies older than {@code at}. */
  public TicketState resumed(Instant at) {
    return new TicketState(
        version,
        true,
        null,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        0,
        pending,
        scheduled,
        at);
  }

  public TicketState withFacts(List<Fact> newFacts) {
    return new TicketState(
        version,
        enabled,
        pause,
        newFacts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        pending,
        scheduled,
        resumedAt);
  }

  public TicketState withSummary(Summary newSummary) {
    return new TicketState(
        version,
        enabled,
        pause,
        facts,
        newSummary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        pending,
        scheduled,
        resumedAt);
  }

  public TicketState withModelFailures(int failures) {
    return new TicketState(
        version,
        enabled,
        pause,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        failures,
        pending,
        scheduled,
        resumedAt);
  }

  public TicketState withPending(PendingEffect newPending) {
    return new TicketState(
        version,
        enabled,
        pause,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        newPending,
        scheduled,
        resumedAt);
  }

  public TicketState withScheduled(ScheduledReply newScheduled) {
    return new TicketState(
        version,
        enabled,
        pause,
        facts,
        summary,
        ownCommentIds,
        handledEventIds,
        autoReplies,
        modelFailures,
        pending,
        newScheduled,
        resumedAt);
  }

  /**
   * Records a finished effect: the event is handled, the comment (if any) is ours, a public reply
   * counts against the limit, and a pending mark or schedule for this event is cleared.
   */
  public TicketState withEffectDone(String eventId, String commentId, boolean publicReply) {
    Objects.requireNonNull(eventId, "eventId");
    List<String> own = new ArrayList<>(ownCommentIds);
    if (commentId != null && !own.contains(commentId)) own.add(commentId);
    List<String> events = new ArrayList<>(handledEventIds);
    if (!events.contains(eventId)) events.add(eventId);
    PendingEffect stillPending =
        pending != null && pending.eventId().equals(eventId) ? null : pending;
    ScheduledReply stillScheduled =
        scheduled != null && scheduled.eventId().equals(eventId) ? null : scheduled;
    return new TicketState(
        version,
        enabled,
        pause,
        facts,
        summary,
        own,
        events,
        autoReplies + (publicReply ? 1 : 0),
        modelFailures,
        stillPending,
        stillScheduled,
        resumedAt);
  }
}

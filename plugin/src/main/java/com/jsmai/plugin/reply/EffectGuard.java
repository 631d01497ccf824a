package com.jsmai.plugin.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes a visible effect (a comment) happen at most once per event, across threads and processes.
 * The production implementation is the inbox's SQLite effects ledger (a table with a unique {@code
 * (event_id, effect)} key); {@link InMemoryEffectGuard} serves tests and single-process use.
 *
 * <p>Protocol: {@link #tryClaim} right before posting, {@link #markDone} with the comment id after,
 * {@link #release} when posting definitely failed. A claim that stays unfinished longer than {@code
 * staleAfter} (its owner crashed) can be taken over; the taker must first look in the ticket for
 * the effect the crashed owner may have posted (the reply orchestrator does, through its pending
 * mark in the issue property).
 *
 * <p>SQL sketch for the adapter: {@code INSERT OR IGNORE INTO effects(event_id, effect,
 * claimed_at)}; on no insert, {@code SELECT done_ref, claimed_at}; a takeover is {@code UPDATE ...
 * SET claimed_at = :now WHERE event_id = ? AND effect = ? AND claimed_at = :old AND done_ref IS
 * NULL}. Implementations are thread-safe.
 */
public interface EffectGuard {

  /** The answer to a claim. */
  enum Claim {
    /** First claim: go ahead. */
    ACQUIRED,
    /** An earlier claim went stale (its owner probably crashed): check, then go ahead. */
    TAKEN_OVER,
    /** Already done: do nothing. */
    DONE,
    /** Someone else is doing it right now: try again later. */
    IN_PROGRESS
  }

  Claim tryClaim(String eventId, String effect, Instant now, Duration staleAfter);

  /** Records that the effect happened; {@code reference} is the comment id (or another id). */
  void markDone(String eventId, String effect, String reference);

  /** Drops an unfinished claim after a failure that certainly left no effect. */
  void release(String eventId, String effect);

  /** The reference of a done effect. */
  Optional<String> doneReference(String eventId, String effect);
}

package com.jsmai.plugin.inbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes an outside effect (a posted comment, a transition) happen at most once per event, even when
 * the event is handled twice (a retry, a crash between posting and completing, two processes).
 *
 * <pre>{@code
 * if (ledger.claim(event.deliveryId(), "public-reply")) {
 *   Comment posted = jira.addComment(key, text, true);     // at most one caller gets here
 *   ledger.complete(event.deliveryId(), "public-reply", posted.id());
 * } // else: already posted (or in doubt); do not post again
 * }</pre>
 *
 * <p>A claim is durable and exclusive (UNIQUE (delivery id, effect kind)). If the effect surely did
 * not happen (Jira refused with 4xx before doing anything), {@link #release} lets a retry try
 * again; when in doubt (a timeout) keep the claim: a missing reply is visible and fixable, a
 * doubled one is not. Thread-safe.
 */
public final class EffectLedger {
  /** One ledger row. */
  public record Effect(
      String deliveryId,
      String kind,
      boolean completed,
      String externalRef,
      Instant claimedAt,
      Instant completedAt) {}

  private final SqliteInbox inbox;

  EffectLedger(SqliteInbox inbox) {
    this.inbox = inbox;
  }

  /** True for the one caller that may perform the effect; false if anyone claimed it before. */
  public boolean claim(String deliveryId, String effectKind) {
    check(deliveryId, effectKind);
    long now = inbox.clock().millis();
    return changesOneRow(
        "ledger claim",
        true,
        "INSERT OR IGNORE INTO effects (delivery_id, effect_kind, state, claimed_at)"
            + " VALUES (?, ?, 'claimed', ?)",
        deliveryId,
        effectKind,
        now);
  }

  /** Records that the claimed effect happened, with what it produced (for example a comment id). */
  public void complete(String deliveryId, String effectKind, String externalRef) {
    check(deliveryId, effectKind);
    long now = inbox.clock().millis();
    boolean updated =
        changesOneRow(
            "ledger complete",
            // Without an fsync: if a power cut undoes it, the claim looks unfinished, and the
            // retry's stale-claim takeover finds the posted effect before acting again.
            false,
            "UPDATE effects SET state = 'done', external_ref = ?, completed_at = ?"
                + " WHERE delivery_id = ? AND effect_kind = ?",
            externalRef,
            now,
            deliveryId,
            effectKind);
    if (!updated) {
      throw new IllegalStateException(
          "no claim for effect " + effectKind + " of " + deliveryId + " to complete");
    }
  }

  /**
   * Gives up a claim whose effect surely did not happen, so a later attempt may claim again. A
   * completed effect is never released; returns false then (or when there was no claim).
   */
  public boolean release(String deliveryId, String effectKind) {
    check(deliveryId, effectKind);
    return changesOneRow(
        "ledger release",
        true,
        "DELETE FROM effects WHERE delivery_id = ? AND effect_kind = ? AND state = 'claimed'",
        deliveryId,
        effectKind);
  }

  /**
   * Takes over a claim whose owner probably crashed: succeeds only while the claim is still
   * unfinished and still carries {@code seenClaimedAt} (what the caller read), so of several
   * workers that saw the same stale claim exactly one wins. The winner must look for the effect the
   * crashed owner may have produced before producing it again.
   *
   * @param now the new claim time (the caller's clock, which decided the claim was stale)
   */
  public boolean takeOver(
      String deliveryId, String effectKind, Instant seenClaimedAt, Instant now) {
    check(deliveryId, effectKind);
    Objects.requireNonNull(seenClaimedAt, "seenClaimedAt");
    Objects.requireNonNull(now, "now");
    return changesOneRow(
        "ledger take over",
        true,
        "UPDATE effects SET claimed_at = ? WHERE delivery_id = ? AND effect_kind = ?"
            + " AND state = 'claimed' AND claimed_at = ?",
        now.toEpochMilli(),
        deliveryId,
        effectKind,
        seenClaimedAt.toEpochMilli());
  }

  /** The ledger row, if the effect was ever claimed. */
  public Optional<Effect> find(String deliveryId, String effectKind) {
    check(deliveryId, effectKind);
    return SqliteInbox.await(
        inbox.write(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT state, external_ref, claimed_at, completed_at FROM effects"
                          + " WHERE delivery_id = ? AND effect_kind = ?")) {
                ps.setString(1, deliveryId);
                ps.setString(2, effectKind);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return Optional.<Effect>empty();
                  }
                  long completed = rs.getLong(4);
                  return Optional.of(
                      new Effect(
                          deliveryId,
                          effectKind,
                          "done".equals(rs.getString(1)),
                          rs.getString(2),
                          Instant.ofEpochMilli(rs.getLong(3)),
                          rs.wasNull() || completed == 0 ? null : Instant.ofEpochMilli(completed)));
                }
              }
            },
            false), // a read: nothing to sync
        "ledger find");
  }

  /**
   * Runs one write statement through the inbox writer; true when it changed exactly one row. {@code
   * params} are Strings (null allowed) or Longs, bound in order.
   */
  private boolean changesOneRow(String what, boolean durable, String sql, Object... params) {
    return SqliteInbox.await(
        inbox.write(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                  if (params[i] instanceof Long l) {
                    ps.setLong(i + 1, l);
                  } else {
                    ps.setString(i + 1, (String) params[i]);
                  }
                }
                return ps.executeUpdate() == 1;
              }
            },
            durable),
        what);
  }

  private static void check(String deliveryId, String effectKind) {
    Objects.requireNonNull(deliveryId, "deliveryId");
    if (effectKind == null || effectKind.isBlank() || effectKind.length() > 100) {
      throw new IllegalArgumentException("effect kind must be 1..100 characters: " + effectKind);
    }
  }
}

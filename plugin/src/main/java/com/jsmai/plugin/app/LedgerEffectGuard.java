package com.jsmai.plugin.app;

import com.jsmai.plugin.inbox.EffectLedger;
import com.jsmai.plugin.reply.EffectGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The reply pipeline's {@link EffectGuard} over the inbox's durable effects ledger (same SQLite
 * file, unique {@code (delivery_id, effect_kind)}), so "one comment per event" survives restarts
 * and holds across processes sharing the file. A stale claim is taken over with a compare-and-set
 * on its {@code claimed_at}, so of two workers that see it only one wins.
 */
public final class LedgerEffectGuard implements EffectGuard {
  private final EffectLedger ledger;

  public LedgerEffectGuard(EffectLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public Claim tryClaim(String eventId, String effect, Instant now, Duration staleAfter) {
    // A few rounds only because a release between our insert and our read could repeat forever.
    for (int round = 0; round < 3; round++) {
      if (ledger.claim(eventId, effect)) return Claim.ACQUIRED;
      Optional<EffectLedger.Effect> row = ledger.find(eventId, effect);
      if (row.isEmpty()) continue; // released meanwhile: claim again
      EffectLedger.Effect e = row.get();
      if (e.completed()) return Claim.DONE;
      if (!e.claimedAt().plus(staleAfter).isAfter(now)) {
        return ledger.takeOver(eventId, effect, e.claimedAt(), now)
            ? Claim.TAKEN_OVER
            : Claim.IN_PROGRESS;
      }
      return Claim.IN_PROGRESS;
    }
    return Claim.IN_PROGRESS;
  }

  @Override
  public void markDone(String eventId, String effect, String reference) {
    Optional<EffectLedger.Effect> row = ledger.find(eventId, effect);
    if (row.isEmpty()) {
      // Recovered after a crash with the ledger lost (or released): record it as done anyway.
      ledger.claim(eventId, effect);
    } else if (row.get().completed()) {
      return;
    }
    ledger.complete(eventId, effect, reference);
  }

  @Override
  public void release(String eventId, String effect) {
    ledger.release(eventId, effect);
  }

  @Override
  public Optional<String> doneReference(String eventId, String effect) {
    return ledger
        .find(eventId, effect)
        .filter(EffectLedger.Effect::completed)
        .map(EffectLedger.Effect::externalRef);
  }
}

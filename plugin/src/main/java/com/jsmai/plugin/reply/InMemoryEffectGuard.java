package com.jsmai.plugin.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link EffectGuard} in a concurrent map: for tests and one process without the ledger. */
public final class InMemoryEffectGuard implements EffectGuard {
  private record Entry(Instant claimedAt, String reference) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private static String key(String eventId, String effect) {
    return eventId + "\u0000" + effect;
  }

  @Override
  public Claim tryClaim(String eventId, String effect, Instant now, Duration staleAfter) {
    Claim[] result = new Claim[1];
    entries.compute(
        key(eventId, effect),
        (k, old) -> {
          if (old == null) {
            result[0] = Claim.ACQUIRED;
            return new Entry(now, null);
          }
          if (old.reference() != null) {
            result[0] = Claim.DONE;
            return old;
          }
          if (!old.claimedAt().plus(staleAfter).isAfter(now)) {
            result[0] = Claim.TAKEN_OVER;
            return new Entry(now, null);
          }
          result[0] = Claim.IN_PROGRESS;
          return old;
        });
    return result[0];
  }

  @Override
  public void markDone(String eventId, String effect, String reference) {
    entries.put(key(eventId, effect), new Entry(Instant.EPOCH, reference == null ? "" : reference));
  }

  @Override
  public void release(String eventId, String effect) {
    entries.computeIfPresent(
        key(eventId, effect), (k, old) -> old.reference() == null ? null : old);
  }

  @Override
  public Optional<String> doneReference(String eventId, String effect) {
    Entry e = entries.get(key(eventId, effect));
    return e == null ? Optional.empty() : Optional.ofNullable(e.reference());
  }
}

package com.jsmai.plugin.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryEffectGuardTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final Duration STALE = Duration.ofMinutes(5);
  final InMemoryEffectGuard guard = new InMemoryEffectGuard();

  @Test
  void tryClaim_secondClaimWhileFresh_inProgress() {
    assertThat(guard.tryClaim("e", "comment", T0, STALE)).isEqualTo(EffectGuard.Claim.ACQUIRED);
    assertThat(guard.tryClaim("e", "comment", T0.plusSeconds(10), STALE))
        .isEqualTo(EffectGuard.Claim.IN_PROGRESS);
    assertThat(guard.tryClaim("e", "other", T0, STALE)).isEqualTo(EffectGuard.Claim.ACQUIRED);
  }

  @Test
  void tryClaim_afterDone_doneWithReference() {
    guard.tryClaim("e", "comment", T0, STALE);
    guard.markDone("e", "comment", "10001");

    assertThat(guard.tryClaim("e", "comment", T0.plus(Duration.ofHours(1)), STALE))
        .isEqualTo(EffectGuard.Claim.DONE);
    assertThat(guard.doneReference("e", "comment")).hasValue("10001");
  }

  @Test
  void tryClaim_staleClaim_takenOverOnce() {
    guard.tryClaim("e", "comment", T0, STALE);
    Instant later = T0.plus(STALE);

    assertThat(guard.tryClaim("e", "comment", later, STALE))
        .isEqualTo(EffectGuard.Claim.TAKEN_OVER);
    assertThat(guard.tryClaim("e", "comment", later, STALE))
        .isEqualTo(EffectGuard.Claim.IN_PROGRESS);
  }

  @Test
  void release_unfinishedClaim_canBeClaimedAgain_butDoneStaysDone() {
    guard.tryClaim("e", "comment", T0, STALE);
    guard.release("e", "comment");
    assertThat(guard.tryClaim("e", "comment", T0, STALE)).isEqualTo(EffectGuard.Claim.ACQUIRED);

    guard.markDone("e", "comment", "1");
    guard.release("e", "comment");
    assertThat(guard.tryClaim("e", "comment", T0, STALE)).isEqualTo(EffectGuard.Claim.DONE);
  }
}

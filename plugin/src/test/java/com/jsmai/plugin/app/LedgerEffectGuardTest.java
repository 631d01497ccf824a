package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.inbox.SqliteInbox;
import com.jsmai.plugin.reply.EffectGuard.Claim;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerEffectGuardTest {
  private static final Duration STALE = Duration.ofMinutes(5);
  @TempDir Path dir;

  @Test
  void tryClaim_firstThenSecond_acquiredThenInProgress() {
    try (SqliteInbox inbox = SqliteInbox.open(dir.resolve("inbox.db"))) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      Instant now = Instant.now();
      assertThat(guard.tryClaim("e1", "comment", now, STALE)).isEqualTo(Claim.ACQUIRED);
      assertThat(guard.tryClaim("e1", "comment", now, STALE)).isEqualTo(Claim.IN_PROGRESS);
    }
  }

  @Test
  void markDone_thenClaim_doneWithReferenceAcrossReopen() {
    Path file = dir.resolve("inbox.db");
    try (SqliteInbox inbox = SqliteInbox.open(file)) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      guard.tryClaim("e1", "comment", Instant.now(), STALE);
      guard.markDone("e1", "comment", "10042");
    }
    try (SqliteInbox inbox = SqliteInbox.open(file)) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      assertThat(guard.tryClaim("e1", "comment", Instant.now(), STALE)).isEqualTo(Claim.DONE);
      assertThat(guard.doneReference("e1", "comment")).contains("10042");
    }
  }

  @Test
  void release_afterFailure_nextClaimAcquires() {
    try (SqliteInbox inbox = SqliteInbox.open(dir.resolve("inbox.db"))) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      guard.tryClaim("e1", "comment", Instant.now(), STALE);
      guard.release("e1", "comment");
      assertThat(guard.tryClaim("e1", "comment", Instant.now(), STALE)).isEqualTo(Claim.ACQUIRED);
    }
  }

  @Test
  void tryClaim_staleClaimSeenByManyThreads_exactlyOneTakesOver() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(dir.resolve("inbox.db"))) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      guard.tryClaim("e1", "comment", Instant.now(), STALE);
      Instant later = Instant.now().plus(STALE).plusSeconds(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Claim>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) tasks.add(() -> guard.tryClaim("e1", "comment", later, STALE));
        List<Claim> answers = new ArrayList<>();
        for (Future<Claim> f : pool.invokeAll(tasks)) answers.add(f.get());
        assertThat(answers).filteredOn(c -> c == Claim.TAKEN_OVER).hasSize(1);
        assertThat(answers).filteredOn(c -> c == Claim.IN_PROGRESS).hasSize(7);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void markDone_withoutClaim_recordsTheRecoveredComment() {
    try (SqliteInbox inbox = SqliteInbox.open(dir.resolve("inbox.db"))) {
      LedgerEffectGuard guard = new LedgerEffectGuard(inbox.ledger());
      guard.markDone("e9", "comment", "10007");
      assertThat(guard.doneReference("e9", "comment")).contains("10007");
    }
  }
}

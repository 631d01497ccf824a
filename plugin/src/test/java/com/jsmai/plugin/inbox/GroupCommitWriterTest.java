package com.jsmai.plugin.inbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
  @TempDir Path dir;

  @Test
  void failingTaskInABatch_failsAloneAndTheOthersCommit() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
    c.createStatement().execute("CREATE TABLE t (x INTEGER UNIQUE)");
    try (GroupCommitWriter writer = new GroupCommitWriter(c, "test-writer")) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // Hold the writer so the next three tasks are queued and run as one batch (once the blocker
      // runs: before that, a task submitted could still join the blocker's batch).
      CompletableFuture<Object> blocker = writer.submit(waitFor(running, release));
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Integer> first = writer.submit(conn -> insert(conn, 1));
      CompletableFuture<Integer> broken =
          writer.submit(conn -> insert(conn, 1)); // UNIQUE violation
      CompletableFuture<Integer> third = writer.submit(conn -> insert(conn, 3));
      release.countDown();

      blocker.get(5, TimeUnit.SECONDS);
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThatThrownBy(() -> broken.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SQLException.class);
    }
    try (Connection check = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
        ResultSet rs = check.createStatement().executeQuery("SELECT group_concat(x) FROM t")) {
      assertThat(rs.getString(1)).isEqualTo("1,3");
    }
  }

  @Test
  void submit_durableOrNot_commitsWithFullOrNormalSyncAndABatchWithOneDurableTaskIsFull()
      throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
    try (var st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
    }
    try (GroupCommitWriter writer = new GroupCommitWriter(c, "test-writer")) {
      // PRAGMA synchronous: 1 = NORMAL (no fsync at commit in WAL mode), 2 = FULL.
      assertThat(writer.submit(GroupCommitWriterTest::synchronous, false).get(5, SECONDS))
          .isEqualTo(1);
      assertThat(writer.submit(GroupCommitWriterTest::synchronous).get(5, SECONDS)).isEqualTo(2);
      assertThat(writer.submit(GroupCommitWriterTest::synchronous, false).get(5, SECONDS))
          .isEqualTo(1);

      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = writer.submit(waitFor(running, release), false);
      // Only once the writer runs the blocker are the next two sure to be queued behind it as one
      // batch; submitted earlier, the bookkeeping task could join the blocker's (NORMAL) batch.
      assertThat(running.await(5, SECONDS)).isTrue();
      CompletableFuture<Integer> bookkeeping =
          writer.submit(GroupCommitWriterTest::synchronous, false);
      CompletableFuture<Integer> durable = writer.submit(GroupCommitWriterTest::synchronous);
      release.countDown();
      blocker.get(5, SECONDS);
      // Queued together, they share one commit, which must be FULL for the durable one.
      assertThat(bookkeeping.get(5, SECONDS)).isEqualTo(2);
      assertThat(durable.get(5, SECONDS)).isEqualTo(2);
    }
  }

  /**
   * A task that opens {@code running} when the writer runs it, then holds the writer thread until
   * {@code release} opens (at most 5 s).
   */
  private static GroupCommitWriter.Task<Object> waitFor(
      CountDownLatch running, CountDownLatch release) {
    return conn -> {
      running.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    };
  }

  private static int synchronous(Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
      return rs.getInt(1);
    }
  }

  private static int insert(Connection c, int x) throws SQLException {
    try (var ps = c.prepareStatement("INSERT INTO t (x) VALUES (?)")) {
      ps.setInt(1, x);
      return ps.executeUpdate();
    }
  }
}

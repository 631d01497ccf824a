package com.jsmai.plugin.inbox;

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
      CountDownLatch release = new CountDownLatch(1);
      // Hold the writer so the next three tasks are queued and run as one batch.
      CompletableFuture<Object> blocker =
          writer.submit(
              conn -> {
                try {
                  release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return null;
              });
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

  private static int insert(Connection c, int x) throws SQLException {
    try (var ps = c.prepareStatement("INSERT INTO t (x) VALUES (?)")) {
      ps.setInt(1, x);
      return ps.executeUpdate();
    }
  }
}

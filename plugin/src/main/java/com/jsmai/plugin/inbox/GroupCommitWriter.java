package com.jsmai.plugin.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Every write to the inbox file goes through this one thread. It takes whatever tasks are queued
 * (up to MAX_BATCH), runs each inside its own SAVEPOINT of one IMMEDIATE transaction, commits once,
 * and only then completes the callers' futures. Concurrent webhook requests therefore share one
 * fsync (group commit) while each still gets its 2xx only after its row is durable. A task that
 * throws rolls back to its savepoint and fails alone; a failed COMMIT fails the whole batch.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 512;

  /** One unit of work on the write connection. */
  @FunctionalInterface
  interface Task<T> {
    T run(Connection c) throws SQLException;
  }

  private record Pending<T>(Task<T> task, CompletableFuture<T> future) {}

  private final Connection connection;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  GroupCommitWriter(Connection connection, String name) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(true);
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  <T> CompletableFuture<T> submit(Task<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("inbox is closed"));
      return f;
    }
    queue.add(new Pending<>(task, f));
    return f;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("inbox writer: unexpected failure", e);
      } finally {
        batch.clear();
      }
    }
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      p.future().completeExceptionally(new IllegalStateException("inbox is closed"));
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        for (int i = 0; i < batch.size(); i++) {
          s.execute("SAVEPOINT task");
          try {
            results[i] = batch.get(i).task().run(connection);
            s.execute("RELEASE task");
          } catch (SQLException | RuntimeException e) {
            s.execute("ROLLBACK TO task");
            s.execute("RELEASE task");
            failures[i] = e;
          }
        }
        s.execute("COMMIT");
      } catch (SQLException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException ignored) {
          // the connection reports the original failure below
        }
        throw e;
      }
    } catch (SQLException e) {
      for (Pending<?> p : batch) {
        p.future().completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results[i], failures[i]);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object result, Throwable failure) {
    if (failure != null) {
      p.future().completeExceptionally(failure);
    } else {
      p.future().complete((T) result);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("inbox writer: close failed: {}", e.getMessage());
    }
  }
}

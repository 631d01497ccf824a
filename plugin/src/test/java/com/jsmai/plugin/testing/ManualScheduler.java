package com.jsmai.plugin.testing;

import com.jsmai.plugin.reply.ReplyScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReplyScheduler} that runs tasks only when the test says the time has come. */
public final class ManualScheduler implements ReplyScheduler {
  private record Task(Instant at, Runnable task) {}

  private final List<Task> tasks = new ArrayList<>();

  @Override
  public synchronized void schedule(Instant at, Runnable task) {
    tasks.add(new Task(at, task));
  }

  public synchronized int pending() {
    return tasks.size();
  }

  /** Runs (and removes) every task due at or before {@code now}. */
  public void runDue(Instant now) {
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      for (Task t : List.copyOf(tasks)) {
        if (!t.at().isAfter(now)) {
          due.add(t);
          tasks.remove(t);
        }
      }
    }
    due.forEach(t -> t.task().run());
  }
}

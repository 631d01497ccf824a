package com.jsmai.plugin.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the plugin's background pools. Their threads are daemons so that a pool
 * someone forgot to shut down never keeps the JVM alive; each pool owner still shuts its pool down
 * on close.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads that all carry {@code name}. */
  public static ThreadFactory named(String name) {
    Objects.requireNonNull(name, "name");
    return r -> daemon(r, name);
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... (numbered per factory). */
  public static ThreadFactory numbered(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(r, prefix + "-" + n.incrementAndGet());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

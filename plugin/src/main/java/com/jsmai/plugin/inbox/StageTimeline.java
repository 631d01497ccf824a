package com.jsmai.plugin.inbox;

import java.util.function.Consumer;

/**
 * Optional timestamps at the stages of the webhook-to-reply path (intake commit, claim, each Jira
 * call, model call, post), for {@code PipelineBenchmark --breakdown}. Off unless a recorder is
 * installed: then {@link #mark} costs one volatile read, so the marks stay in production code.
 *
 * <p>It lives in the inbox package because the inbox is the path's spine; the Jira client and the
 * reply pipeline mark their own stages through it.
 */
public final class StageTimeline {
  /** One stage reached: {@link System#nanoTime()}, the stage name, the thread that reached it. */
  public record Mark(long nanos, String stage, String thread) {}

  private static volatile Consumer<Mark> recorder;

  private StageTimeline() {}

  /** Records that {@code stage} was reached now, when a recorder is installed. */
  public static void mark(String stage) {
    Consumer<Mark> r = recorder;
    if (r != null) {
      r.accept(new Mark(System.nanoTime(), stage, Thread.currentThread().getName()));
    }
  }

  /** {@code stage + " " + detail}, built only when a recorder is installed. */
  public static void mark(String stage, Object detail) {
    if (recorder != null) {
      mark(stage + " " + detail);
    }
  }

  /**
   * Installs {@code r}, which is called on every pipeline thread (so it must be thread-safe); null
   * turns marking off.
   */
  public static void record(Consumer<Mark> r) {
    recorder = r;
  }
}

package com.jsmai.plugin.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on futures without the {@link CompletionException} wrapper. */
public final class Futures {
  private Futures() {}

  /**
   * The future's value, or the exception its task threw, unwrapped (so callers see, say, Jira's own
   * error rather than a {@link CompletionException}). A checked cause stays wrapped.
   */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }
}

package com.jsmai.node.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A listener that records tokens, text and the end of one request for assertions. */
final class Recorder implements GenerationListener {
  final List<Integer> tokens = new ArrayList<>();
  final StringBuilder text = new StringBuilder();
  final CompletableFuture<Completion> done = new CompletableFuture<>();
  final CountDownLatch firstToken = new CountDownLatch(1);
  volatile long firstTokenNanos;
  volatile long completedNanos;

  @Override
  public synchronized void onToken(int tokenId, long nanoTime) {
    if (tokens.isEmpty()) {
      firstTokenNanos = nanoTime;
    }
    tokens.add(tokenId);
    firstToken.countDown();
  }

  @Override
  public synchronized void onText(String delta) {
    text.append(delta);
  }

  @Override
  public void onComplete(Completion completion) {
    completedNanos = System.nanoTime();
    done.complete(completion);
  }

  @Override
  public void onError(RuntimeException error) {
    completedNanos = System.nanoTime();
    done.completeExceptionally(error);
  }

  Completion await() throws Exception {
    return done.get(120, TimeUnit.SECONDS);
  }

  synchronized List<Integer> tokens() {
    return List.copyOf(tokens);
  }
}

package com.jsmai.plugin.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void join_value_returned() {
    assertThat(Futures.join(CompletableFuture.completedFuture("ok"))).isEqualTo("ok");
  }

  @Test
  void join_runtimeCause_thrownUnwrapped() {
    IllegalStateException cause = new IllegalStateException("Jira said no");
    CompletableFuture<String> f =
        CompletableFuture.supplyAsync(
            () -> {
              throw cause;
            });

    assertThatThrownBy(() -> Futures.join(f)).isSameAs(cause);
  }

  @Test
  void join_checkedCause_staysWrapped() {
    CompletableFuture<String> f = CompletableFuture.failedFuture(new IOException("disk"));

    assertThatThrownBy(() -> Futures.join(f))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
  }
}

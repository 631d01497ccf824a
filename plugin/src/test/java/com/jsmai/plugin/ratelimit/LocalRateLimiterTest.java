package com.jsmai.plugin.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final ManualTicker ticker = new ManualTicker();
  private final LocalRateLimiter limiter = new LocalRateLimiter(ticker);
  private final Limit threePerMinute = new Limit("customer_replies", 3, Duration.ofMinutes(1));

  @Test
  void tryAcquire_burstUpToCapacity_thenRefusedWithRetryAfter() {
    for (int i = 0; i < 3; i++)
      assertThat(limiter.tryAcquire("c-1", threePerMinute).allowed()).isTrue();

    Decision refused = limiter.tryAcquire("c-1", threePerMinute);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limit()).isEqualTo("customer_replies");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void tryAcquire_afterRefillTime_allowedAgain() {
    for (int i = 0; i < 3; i++) limiter.tryAcquire("c-1", threePerMinute);

    ticker.advance(Duration.ofSeconds(20));

    assertThat(limiter.tryAcquire("c-1", threePerMinute).allowed()).isTrue();
    assertThat(limiter.tryAcquire("c-1", threePerMinute).allowed()).isFalse();
  }

  @Test
  void tryAcquire_otherKeysAndLimits_independent() {
    for (int i = 0; i < 3; i++) limiter.tryAcquire("c-1", threePerMinute);

    assertThat(limiter.tryAcquire("c-2", threePerMinute).allowed()).isTrue();
    assertThat(
            limiter
                .tryAcquire("c-1", new Limit("customer_model_calls", 1, Duration.ofMinutes(1)))
                .allowed())
        .isTrue();
  }

  @Test
  void limit_badValues_rejectedWithValue() {
    assertThatThrownBy(() -> new Limit("x", 0, Duration.ofMinutes(1))).hasMessageContaining("0");
    assertThatThrownBy(() -> new Limit("Bad Name", 1, Duration.ofMinutes(1)))
        .hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> new Limit("x", 1, Duration.ZERO)).hasMessageContaining("PT0S");
  }
}

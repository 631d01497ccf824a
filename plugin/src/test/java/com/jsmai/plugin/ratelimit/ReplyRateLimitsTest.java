package com.jsmai.plugin.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyRateLimitsTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static ReplyRateLimits limits(ReplyRateLimits.OverLimit overLimit) {
    return new ReplyRateLimits(
        new ReplyRateLimits.Config(
            new Limit("customer_replies", 2, HOUR),
            new Limit("desk_replies", 5, HOUR),
            new Limit("customer_model_calls", 4, HOUR),
            new Limit("desk_model_calls", 10, HOUR),
            overLimit),
        new LocalRateLimiter(new ManualTicker()));
  }

  @Test
  void checkReply_floodingCustomer_refusedWithoutStarvingOthers() {
    ReplyRateLimits limits = limits(ReplyRateLimits.OverLimit.QUEUE);

    for (int i = 0; i < 50; i++) limits.checkReply("flooder", "desk-1");
    ReplyRateLimits.Verdict flooder = limits.checkReply("flooder", "desk-1");
    ReplyRateLimits.Verdict other = limits.checkReply("someone-else", "desk-1");

    assertThat(flooder.allowed()).isFalse();
    assertThat(flooder.decision().limit()).isEqualTo("customer_replies");
    assertThat(flooder.action()).isEqualTo(ReplyRateLimits.OverLimit.QUEUE);
    assertThat(other.allowed()).as("the flooder only spent 2 of the desk's 5").isTrue();
  }

  @Test
  void checkReply_deskLimitReached_handoffAction() {
    ReplyRateLimits limits = limits(ReplyRateLimits.OverLimit.HANDOFF);

    for (int i = 0; i < 5; i++)
      assertThat(limits.checkReply("c-" + i, "desk-1").allowed()).isTrue();
    ReplyRateLimits.Verdict sixth = limits.checkReply("c-9", "desk-1");

    assertThat(sixth.allowed()).isFalse();
    assertThat(sixth.decision().limit()).isEqualTo("desk_replies");
    assertThat(sixth.action()).isEqualTo(ReplyRateLimits.OverLimit.HANDOFF);
    assertThat(limits.checkReply("c-9", "desk-2").allowed()).as("other desk").isTrue();
  }

  @Test
  void checkModelCall_separateBudgetFromReplies() {
    ReplyRateLimits limits = limits(ReplyRateLimits.OverLimit.QUEUE);
    limits.checkReply("c-1", "d");
    limits.checkReply("c-1", "d");

    assertThat(limits.checkModelCall("c-1", "d").allowed()).isTrue();
  }
}

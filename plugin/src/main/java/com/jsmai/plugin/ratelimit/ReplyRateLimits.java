package com.jsmai.plugin.ratelimit;

import java.util.Objects;

/**
 * The limits the reply pipeline applies before it replies automatically or calls the model: per
 * customer (one reporter's flood cannot starve everyone) and per service desk (one desk cannot
 * starve the others). Over a limit the ticket is never dropped: the caller queues it for later
 * ({@link OverLimit#QUEUE}, retry after {@link Decision#retryAfter()}) or hands it to a human
 * ({@link OverLimit#HANDOFF}), as configured.
 *
 * <p>Usage: {@code Verdict v = limits.checkReply(ticket.reporter().accountId(),
 * ticket.serviceDeskId()); if (!v.allowed()) ... v.action() ...}
 */
public final class ReplyRateLimits {

  public enum OverLimit {
    QUEUE,
    HANDOFF
  }

  /**
   * @param customerReplies automatic replies per customer
   * @param deskReplies automatic replies per service desk
   * @param customerModelCalls model calls per customer
   * @param deskModelCalls model calls per service desk
   * @param overLimit what the caller does with a ticket over a limit
   */
  public record Config(
      Limit customerReplies,
      Limit deskReplies,
      Limit customerModelCalls,
      Limit deskModelCalls,
      OverLimit overLimit) {
    public Config {
      Objects.requireNonNull(customerReplies, "customerReplies");
      Objects.requireNonNull(deskReplies, "deskReplies");
      Objects.requireNonNull(customerModelCalls, "customerModelCalls");
      Objects.requireNonNull(deskModelCalls, "deskModelCalls");
      Objects.requireNonNull(overLimit, "overLimit");
    }

    /** 10 replies and 40 model calls per customer per hour; 600 and 2400 per desk per hour. */
    public static Config defaults() {
      java.time.Duration hour = java.time.Duration.ofHours(1);
      return new Config(
          new Limit("customer_replies", 10, hour),
          new Limit("desk_replies", 600, hour),
          new Limit("customer_model_calls", 40, hour),
          new Limit("desk_model_calls", 2400, hour),
          OverLimit.QUEUE);
    }
  }

  /**
   * @param decision the limiter's answer (which limit refused and when to retry)
   * @param action what to do when refused; null when allowed
   */
  public record Verdict(Decision decision, OverLimit action) {
    public boolean allowed() {
      return decision.allowed();
    }
  }

  private final Config config;
  private final RateLimiter limiter;

  public ReplyRateLimits(Config config, RateLimiter limiter) {
    this.config = Objects.requireNonNull(config, "config");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** Before posting an automatic reply on a ticket of this customer on this desk. */
  public Verdict checkReply(String customerId, String deskId) {
    return both(customerId, config.customerReplies(), deskId, config.deskReplies());
  }

  /** Before each model call made for this customer on this desk. */
  public Verdict checkModelCall(String customerId, String deskId) {
    return both(customerId, config.customerModelCalls(), deskId, config.deskModelCalls());
  }

  // The customer's bucket first: a flooding customer is refused there and never drains the
  // desk's bucket that everyone else shares.
  private Verdict both(String customerId, Limit customer, String deskId, Limit desk) {
    Decision d = limiter.tryAcquire(Objects.requireNonNull(customerId, "customerId"), customer);
    if (d.allowed()) d = limiter.tryAcquire(Objects.requireNonNull(deskId, "deskId"), desk);
    return new Verdict(d, d.allowed() ? null : config.overLimit());
  }
}

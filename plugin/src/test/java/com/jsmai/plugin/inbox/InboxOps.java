package com.jsmai.plugin.inbox;

import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Duration;

/** Test helpers that drive an inbox into a given state through its own operations. */
public final class InboxOps {
  private InboxOps() {}

  /** Stores an event and fails its only attempt, leaving it dead. */
  public static void makeDead(SqliteInbox inbox, String deliveryId) {
    inbox.store(
        new IncomingEvent(
            deliveryId,
            null,
            JiraEvent.Kind.ISSUE_CREATED,
            "SD-1",
            "1",
            null,
            null,
            null,
            1L,
            "{}"));
    var claim = inbox.claim("ops-test", Duration.ofMinutes(1), 1).orElseThrow();
    inbox.fail(claim, "simulated", null);
  }
}

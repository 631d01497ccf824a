package com.jsmai.plugin.inbox;

import com.jsmai.plugin.webhook.JiraEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in {@link EventHandler} that only logs each event (kind, issue, comment, author type,
 * never the body): used until the reply pipeline is wired in.
 */
public final class LoggingEventHandler implements EventHandler {
  private static final Logger log = LoggerFactory.getLogger(LoggingEventHandler.class);

  @Override
  public void handle(JiraEvent event) {
    log.info(
        "event {} {} issue={} comment={} authorType={}",
        event.deliveryId(),
        event.kind(),
        event.issueKey(),
        event.commentId(),
        event.authorType());
  }
}

package com.jsmai.plugin.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.inbox.InboxException;
import com.jsmai.plugin.inbox.IncomingEvent;
import com.jsmai.plugin.inbox.SqliteInbox;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoint's logic, free of HTTP: verify the signature on the raw bytes, parse, store
 * durably, answer. The order matters: nothing is parsed before the signature holds, and nothing is
 * acknowledged before the row is committed. Thread-safe.
 *
 * <ul>
 *   <li>bad or missing signature → 401, nothing stored
 *   <li>not JSON / not a Jira webhook → 400
 *   <li>event we do not handle → 202 {@code ignored}
 *   <li>new event → 202 {@code stored}; duplicate → 200 {@code duplicate}
 *   <li>inbox unavailable → 503, so Jira retries
 * </ul>
 *
 * (413 for an oversized body is decided while reading, in the HTTP layer.)
 */
public final class WebhookIntake {
  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
  static final String SIGNATURE_HEADER = "x-hub-signature";

  private final SignatureVerifier verifier;
  private final WebhookParser parser;
  private final SqliteInbox inbox;

  /**
   * @param config when it has no secret, {@code allowUnsignedForDevelopment} must be set (the
   *     config record enforces it) and every delivery is accepted unsigned
   */
  public WebhookIntake(WebhookConfig config, SqliteInbox inbox, ObjectMapper json) {
    Objects.requireNonNull(config, "config");
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.parser = new WebhookParser(json);
    this.verifier = config.secret() == null ? null : new SignatureVerifier(config.secret());
    if (verifier == null) {
      log.warn(
          "webhook signatures are NOT verified (webhook.allowUnsignedForDevelopment): never run"
              + " like this outside local development");
    }
  }

  public IntakeResult receive(WebhookRequest request) {
    if (verifier != null) {
      String signature = request.header(SIGNATURE_HEADER);
      if (signature == null) {
        return IntakeResult.error(
            401, "missing_signature", "X-Hub-Signature header is required (sha256=<hex>)");
      }
      if (!verifier.verify(request.body(), signature)) {
        return IntakeResult.error(
            401,
            "bad_signature",
            "X-Hub-Signature does not match the body for the configured secret");
      }
    }
    WebhookParser.Outcome outcome;
    try {
      outcome = parser.parse(request);
    } catch (WebhookParser.BadPayload e) {
      return IntakeResult.error(400, "bad_payload", e.getMessage());
    }
    if (outcome instanceof WebhookParser.Outcome.Ignored ignored) {
      log.debug("ignored webhook: {}", ignored.reason());
      return IntakeResult.ignored(ignored.reason());
    }
    IncomingEvent event = ((WebhookParser.Outcome.Accepted) outcome).event();
    try {
      return switch (inbox.store(event)) {
        case STORED -> IntakeResult.stored(event.deliveryId());
        case DUPLICATE -> IntakeResult.duplicate(event.deliveryId());
      };
    } catch (InboxException e) {
      log.error("could not store webhook {}: {}", event.deliveryId(), e.getMessage());
      return IntakeResult.error(
          503, "inbox_unavailable", "the event could not be stored; retry later");
    }
  }
}

package com.jsmai.sandbox.webhook;

import java.time.Instant;

/**
 * One HTTP attempt to deliver a webhook.
 *
 * @param identifier {@code X-Atlassian-Webhook-Identifier} (same for retries and duplicates)
 * @param webhookId the registration
 * @param event {@code webhookEvent}
 * @param url the target after variable substitution
 * @param attempt 0 for the first try, then the retry count ({@code X-Atlassian-Webhook-Retry})
 * @param copy which duplicate copy (0 when not duplicated)
 * @param status the receiver's HTTP status, or -1 when no answer came
 * @param error why no answer came, or null
 * @param at when the attempt started
 * @param body the raw JSON body that was sent
 */
public record DeliveryAttempt(
    String identifier,
    long webhookId,
    String event,
    String url,
    int attempt,
    int copy,
    int status,
    String error,
    Instant at,
    String body) {}

package com.jsmai.sandbox.http;

/**
 * One REST call the sandbox answered, for tests that assert what the plugin called.
 *
 * @param seq increasing sequence number
 * @param at ISO-8601 time
 * @param method HTTP method
 * @param path request path
 * @param query raw query string, or empty
 * @param accountId the authenticated caller, or null
 * @param status the answered status
 * @param durationMillis how long the sandbox took (including injected delays)
 * @param body the request body (first 8 KB)
 * @param webhookIdentifier the {@code X-Atlassian-Webhook-Identifier} the caller echoed, if any
 */
public record LoggedRequest(
    long seq,
    String at,
    String method,
    String path,
    String query,
    String accountId,
    int status,
    long durationMillis,
    String body,
    String webhookIdentifier) {}

/**
 * Webhook delivery like Jira: payloads per flavour, HMAC signatures, retries with backoff, delivery
 * log.
 */
package com.jsmai.sandbox.webhook;

/**
 * Instant answers: the FAQ cache (Caffeine, shared through Redis) and the retrieval fallback bot
 * used when the model is unavailable.
 */
package com.jsmai.plugin.faq;

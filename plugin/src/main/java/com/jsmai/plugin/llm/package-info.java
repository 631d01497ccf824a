/** The chat-model boundary, its OpenAI-compatible HTTP client, and token counting. */
package com.jsmai.plugin.llm;

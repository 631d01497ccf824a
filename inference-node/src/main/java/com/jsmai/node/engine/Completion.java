package com.jsmai.node.engine;

import com.jsmai.node.sampling.FinishReason;

/**
 * How one request ended.
 *
 * @param text the whole generated text (special tokens removed, cut before a stop string)
 * @param finishReason stop (stop token, stop string, or a complete constrained output) or length
 * @param promptTokens prompt length
 * @param cachedPromptTokens prompt tokens whose KV came from the prefix cache
 * @param completionTokens generated tokens, a final stop token included
 * @param ttftNanos from submission to the first generated token
 */
public record Completion(
    String text,
    FinishReason finishReason,
    int promptTokens,
    int cachedPromptTokens,
    int completionTokens,
    long ttftNanos) {}

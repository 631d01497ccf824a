package com.jsmai.node.server;

import com.jsmai.node.constrain.LogitsConstraint;
import com.jsmai.node.sampling.SamplingParams;

/**
 * A validated chat completion request in engine terms.
 *
 * @param prompt the rendered prompt's token ids
 * @param params sampling and stopping, with the exact max_tokens
 * @param constraint structured-output constraint or {@link LogitsConstraint#NONE}
 * @param parseToolCalls whether output is scanned for Hermes {@code <tool_call>} blocks
 * @param stream server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 * @param namedToolChoice {@code tool_choice} forced one named function: OpenAI then reports {@code
 *     finish_reason: "stop"}, not {@code "tool_calls"} (see docs/api.md)
 */
public record ChatPlan(
    int[] prompt,
    SamplingParams params,
    LogitsConstraint constraint,
    boolean parseToolCalls,
    boolean stream,
    boolean includeUsage,
    boolean namedToolChoice) {}

/**
 * Chat prompts and tool calls: renders a checkpoint's own Jinja chat template byte-identically to
 * {@code @huggingface/jinja} ({@link com.jsmai.node.chat.ChatTemplate}) and parses Hermes-style
 * {@code <tool_call>} output, whole or streamed ({@link com.jsmai.node.chat.HermesToolCallParser}).
 * The Jinja lexer, parser and interpreter are package-private. See docs/chat-templates.md.
 */
package com.jsmai.node.chat;

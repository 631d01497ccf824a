/**
 * The OpenAI-compatible HTTP API on Javalin: {@link com.jsmai.node.server.OpenAiServer} (routes,
 * auth, limits, errors, metrics), {@link com.jsmai.node.server.ChatRequestTranslator} (the one
 * request-to-engine translation), {@link com.jsmai.node.server.Dto} (response records) and {@link
 * com.jsmai.node.server.ServingStack} (everything {@code serve} starts). See docs/api.md.
 */
package com.jsmai.node.server;

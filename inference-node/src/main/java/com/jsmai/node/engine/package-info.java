/**
 * The serving engine: continuous batching over {@link com.jsmai.node.model.QwenModel}. One
 * scheduler thread ({@link com.jsmai.node.engine.Engine}) owns the model, admits requests from a
 * bounded queue within a KV-cache budget, runs one batched forward per step, samples per sequence
 * (seeded, with the request's {@link com.jsmai.node.constrain.LogitsConstraint}), streams text to a
 * {@link com.jsmai.node.engine.GenerationListener}, and reuses cached prompt prefixes. See
 * docs/api.md.
 */
package com.jsmai.node.engine;

/**
 * Guaranteed-valid structured output: token-level constrained decoding over the real Qwen
 * vocabulary for {@code response_format} {@code json_schema} / {@code json_object} and forced tool
 * calls.
 *
 * <p>Entry points: {@link com.jsmai.node.constrain.TokenVocabulary} (once per tokenizer), {@link
 * com.jsmai.node.constrain.JsonSchemaConstraint} and {@link
 * com.jsmai.node.constrain.ToolCallConstraint} (compile a {@link
 * com.jsmai.node.constrain.Grammar}), and the per-sequence {@link
 * com.jsmai.node.constrain.LogitsConstraint} the sampler consults. Internals: a byte trie over the
 * vocabulary ({@code TokenTrie}), a JSON-Schema pushdown recogniser over bytes ({@code Frame},
 * {@code ParseStack}, {@code SchemaCompiler}, {@code PatternDfa}, {@code NumberRange}) and cached
 * masks with per-token finish costs for budget steering ({@code MaskEntry}). See
 * docs/structured-output.md.
 */
package com.jsmai.node.constrain;

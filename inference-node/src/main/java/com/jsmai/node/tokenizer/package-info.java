/**
 * The checkpoint's own tokenizer.json through DJL's HuggingFace tokenizers, plus raw token bytes
 * for constrained decoding.
 */
package com.jsmai.node.tokenizer;

/**
 * HF checkpoints on disk: config.json parsing, a memory-mapped safetensors reader (F32/F16/BF16,
 * shards) and writers for random test checkpoints.
 */
package com.jsmai.node.checkpoint;

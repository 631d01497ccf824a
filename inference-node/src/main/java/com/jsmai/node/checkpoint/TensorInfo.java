package com.jsmai.node.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lives: its shard, dtype, shape and absolute byte range in that file.
 *
 * @param name HF checkpoint key, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param file the shard that holds it
 * @param dtype element type on disk
 * @param shape dimensions, outermost first
 * @param offset absolute byte offset of the first element in {@code file}
 * @param byteLength number of bytes (elements × dtype bytes)
 */
public record TensorInfo(
    String name, Path file, DType dtype, long[] shape, long offset, long byteLength) {
  public TensorInfo {
    shape = shape.clone();
    if (offset < 0 || byteLength < 0) {
      throw CheckpointException.inTensor(file, name, "negative offset or length");
    }
  }

  /** Number of elements (product of the shape; 1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " in " + file.getFileName();
  }
}

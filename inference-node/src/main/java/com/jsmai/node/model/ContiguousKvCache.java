package com.jsmai.node.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link KvCache} holding, per layer, one preallocated K and one V tensor of {@code [nKV,
 * capacity, hd]} on its own native memory manager; growing doubles the capacity and copies. Writes
 * are in-place slice assignments.
 */
public final class ContiguousKvCache implements KvCache {
  private final NDManager manager;
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private final DataType dataType;
  private final int maxCapacity;
  private NDArray[] keys; // per layer [nKV, capacity, hd]
  private NDArray[] values; // per layer [nKV, capacity, hd]
  private int capacity;
  private int length;

  /**
   * @param parent manager whose device and lifetime the cache shares (a sub-manager is created)
   * @param maxCapacity hard limit on tokens (the model's max positions)
   */
  public ContiguousKvCache(
      NDManager parent,
      int layers,
      int kvHeads,
      int headDim,
      DataType dataType,
      int initialCapacity,
      int maxCapacity) {
    if (initialCapacity < 1 || initialCapacity > maxCapacity) {
      throw new IllegalArgumentException(
          "initial KV capacity " + initialCapacity + " not in 1.." + maxCapacity);
    }
    this.manager = parent.newSubManager();
    this.layers = layers;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
    this.dataType = dataType;
    this.maxCapacity = maxCapacity;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    allocate(initialCapacity);
  }

  private void allocate(int newCapacity) {
    NDArray[] newKeys = new NDArray[layers];
    NDArray[] newValues = new NDArray[layers];
    Shape shape = new Shape(kvHeads, newCapacity, headDim);
    try (NDManager tmp = manager.newSubManager()) {
      for (int l = 0; l < layers; l++) {
        newKeys[l] = manager.zeros(shape, dataType);
        newValues[l] = manager.zeros(shape, dataType);
        // Survive any NDScope the caller (a forward pass) has open.
        NDScope.unregister(newKeys[l], newValues[l]);
        if (keys[l] != null) {
          NDIndex prefix = new NDIndex().addAllDim().addSliceDim(0, length);
          if (length > 0) {
            newKeys[l].set(prefix, keys[l].get(tmp, prefix));
            newValues[l].set(prefix, values[l].get(tmp, prefix));
          }
          keys[l].close();
          values[l].close();
        }
      }
    }
    keys = newKeys;
    values = newValues;
    capacity = newCapacity;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public void reserve(int tokens) {
    if (tokens > maxCapacity) {
      throw new IllegalArgumentException(
          "sequence of " + tokens + " tokens exceeds the model's " + maxCapacity + " positions");
    }
    if (tokens > capacity) {
      allocate((int) Math.min(maxCapacity, Math.max(tokens, 2L * capacity)));
    }
  }

  @Override
  public void write(int layer, int position, NDArray k, NDArray v) {
    int t = (int) k.getShape().get(1);
    if (position + t > capacity) {
      throw new IllegalStateException(
          "write of " + t + " tokens at " + position + " exceeds capacity " + capacity);
    }
    NDIndex slot = new NDIndex().addAllDim().addSliceDim(position, position + t);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
  }

  @Override
  public NDArray keys(int layer, int length, NDManager m) {
    return keys[layer].get(m, new NDIndex().addAllDim().addSliceDim(0, length));
  }

  @Override
  public NDArray values(int layer, int length, NDManager m) {
    return values[layer].get(m, new NDIndex().addAllDim().addSliceDim(0, length));
  }

  @Override
  public void commit(int newLength) {
    if (newLength < 0 || newLength > capacity) {
      throw new IllegalArgumentException("commit " + newLength + " outside 0.." + capacity);
    }
    length = newLength;
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("truncate to " + newLength + " outside 0.." + length);
    }
    length = newLength;
  }

  @Override
  public void copyPrefixFrom(KvCache source, int tokens) {
    if (tokens > source.length()) {
      throw new IllegalArgumentException(
          "prefix of " + tokens + " tokens but the source holds " + source.length());
    }
    length = 0;
    reserve(tokens);
    if (tokens > 0) {
      try (NDManager tmp = manager.newSubManager()) {
        NDIndex prefix = new NDIndex().addAllDim().addSliceDim(0, tokens);
        for (int l = 0; l < layers; l++) {
          keys[l].set(prefix, source.keys(l, tokens, tmp));
          values[l].set(prefix, source.values(l, tokens, tmp));
        }
      }
    }
    length = tokens;
  }

  /** Native bytes held (both K and V, all layers, full capacity). */
  public long bytes() {
    return 2L * layers * kvHeads * capacity * headDim * dataType.getNumOfBytes();
  }

  @Override
  public void close() {
    manager.close();
  }
}

package com.jsmai.node.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint on disk cannot be used: a missing or malformed file, a missing tensor, a wrong
 * shape, a truncated shard or an unsupported architecture. The message names the file and, where
 * one is involved, the tensor.
 */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  static CheckpointException inFile(Path file, String message) {
    return new CheckpointException(file + ": " + message);
  }

  static CheckpointException inTensor(Path file, String tensor, String message) {
    return new CheckpointException(file + ": tensor '" + tensor + "': " + message);
  }
}

package com.jsmai.node.server;

import ai.djl.Device;
import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.engine.EngineConfig;
import com.jsmai.node.model.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real servers on loopback over the tiny random checkpoint. */
final class TestStacks {
  static final String MODEL = "tiny-qwen2";
  static final String KEY = "test-key-0123456789";

  private TestStacks() {}

  static Path modelDir() {
    return TestModels.tiny(Architecture.QWEN2, DType.F32, 1);
  }

  static ServingStack start(EngineConfig engine, ServerConfig server) {
    try {
      return ServingStack.start(modelDir(), Device.cpu(), engine, server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ServingStack standard() {
    return start(
        EngineConfig.defaults(256L << 20),
        ServerConfig.loopback(0, MODEL).withApiKey(KEY).withMaxBodyBytes(256 << 10));
  }
}

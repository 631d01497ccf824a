package com.jsmai.node.server;

import ai.djl.Device;
import com.jsmai.node.chat.ChatTemplate;
import com.jsmai.node.constrain.TokenVocabulary;
import com.jsmai.node.engine.Engine;
import com.jsmai.node.engine.EngineConfig;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything {@code serve} runs, built from one checkpoint directory: model, tokenizer, chat
 * template, constraint vocabulary, engine and HTTP server. Closing stops the server gracefully and
 * frees the model.
 */
public final class ServingStack implements AutoCloseable {
  private final QwenModel model;
  private final QwenTokenizer tokenizer;
  private final Engine engine;
  private final OpenAiServer server;

  private ServingStack(
      QwenModel model, QwenTokenizer tokenizer, Engine engine, OpenAiServer server) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.engine = engine;
    this.server = server;
  }

  public static ServingStack start(
      Path modelDir, Device device, EngineConfig engineConfig, ServerConfig serverConfig)
      throws IOException {
    QwenModel model = QwenModel.load(modelDir, device);
    QwenTokenizer tokenizer = null;
    Engine engine = null;
    try {
      tokenizer = QwenTokenizer.load(modelDir);
      ChatTemplate template = ChatTemplate.fromModelDir(modelDir);
      TokenVocabulary vocabulary =
          TokenVocabulary.fromTokenizerJson(
              modelDir.resolve("tokenizer.json"), model.config().vocabSize());
      ChatRequestTranslator translator =
          new ChatRequestTranslator(
              serverConfig.modelName(),
              template,
              tokenizer,
              vocabulary,
              model.generationDefaults(),
              model.config().maxPositionEmbeddings(),
              serverConfig.defaultMaxTokens());
      engine = new Engine(model, tokenizer, engineConfig);
      OpenAiServer server = OpenAiServer.start(engine, translator, serverConfig);
      return new ServingStack(model, tokenizer, engine, server);
    } catch (IOException | RuntimeException e) {
      if (engine != null) {
        engine.close();
      }
      if (tokenizer != null) {
        tokenizer.close();
      }
      model.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public Engine engine() {
    return engine;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      engine.close();
      tokenizer.close();
      model.close();
    }
  }
}

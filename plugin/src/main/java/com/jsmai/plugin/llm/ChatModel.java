package com.jsmai.plugin.llm;

import java.util.function.Consumer;

/**
 * The boundary to a chat model that speaks OpenAI chat completions: our inference node, vLLM, or any
 * compatible server. One real implementation ({@code OpenAiChatModel}) and, for tests, a scripted
 * fake that plays back tool calls.
 *
 * <p>Implementations are thread-safe. Both methods throw {@link ModelUnavailableException} when the
 * model cannot be reached or keeps failing, so callers can keep the work pending and retry.
 */
public interface ChatModel {

  /** Runs one completion and returns the whole answer. */
  ChatResponse complete(ChatRequest request);

  /**
   * Runs one completion, handing each piece of text to {@code onDelta} as it is generated, and
   * returns the whole answer at the end. The default streams nothing and delivers the answer once.
   */
  default ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
    ChatResponse response = complete(request);
    if (response.message().content() != null) onDelta.accept(response.message().content());
    return response;
  }
}

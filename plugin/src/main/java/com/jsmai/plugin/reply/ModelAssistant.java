package com.jsmai.plugin.reply;

import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatResponse;

/** The plain {@link Assistant}: one chat completion, no tools. */
public final class ModelAssistant implements Assistant {
  private final ChatModel model;

  public ModelAssistant(ChatModel model) {
    this.model = model;
  }

  @Override
  public Answer answer(Request request) {
    ChatResponse response = model.complete(request.chat());
    String text = response.message().content();
    if (text == null || text.isBlank()) {
      throw new IllegalStateException(
          "the model returned no text (finish_reason " + response.finishReason() + ")");
    }
    return Answer.reply(text.strip());
  }
}

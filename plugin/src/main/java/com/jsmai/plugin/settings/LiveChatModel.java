package com.jsmai.plugin.settings;

import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.OpenAiChatModel;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link ChatModel} that always talks to the model endpoint currently configured in the {@link
 * SettingsStore} (the first, active one, or a named one): an admin who switches endpoints changes
 * the next request, without a restart. The HTTP client is rebuilt only when the endpoint changes.
 *
 * <p>Thread-safe.
 */
public final class LiveChatModel implements ChatModel {
  private final SettingsStore store;
  private final String name;
  private volatile Built built;

  private record Built(ModelEndpoint endpoint, ChatModel model) {}

  /**
   * @param name the endpoint's name, or null for the active (first) one
   */
  public LiveChatModel(SettingsStore store, String name) {
    this.store = Objects.requireNonNull(store, "store");
    this.name = name;
  }

  /** The endpoint the next request goes to. */
  public ModelEndpoint endpoint() {
    return store
        .current()
        .model(name)
        .orElseThrow(
            () ->
                new ModelUnavailableException(
                    name == null
                        ? "no model endpoint is configured (admin: Models)"
                        : "no model endpoint named " + name));
  }

  private ChatModel model() {
    ModelEndpoint e = endpoint();
    Built b = built;
    if (b == null || !sameEndpoint(b.endpoint(), e)) {
      b = new Built(e, create(e));
      built = b;
    }
    return b.model();
  }

  private static boolean sameEndpoint(ModelEndpoint a, ModelEndpoint b) {
    return a.baseUrl().equals(b.baseUrl())
        && a.model().equals(b.model())
        && Objects.equals(
            a.apiKey() == null ? null : a.apiKey().reveal(),
            b.apiKey() == null ? null : b.apiKey().reveal());
  }

  /** The HTTP client for one endpoint, with the service's usual timeouts and retries. */
  public static ChatModel create(ModelEndpoint e) {
    return new OpenAiChatModel(
        new OpenAiChatModel.Config(
            e.baseUrl().toString(),
            e.model(),
            e.apiKey() == null ? null : e.apiKey().reveal(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(120),
            2,
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            5,
            Duration.ofSeconds(30)));
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    return model().complete(request);
  }

  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
    return model().stream(request, onDelta);
  }
}

package com.jsmai.plugin.settings;

import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.OpenAiChatModel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link ChatModel} that always talks to the model endpoint currently configured in the {@link
 * SettingsStore} (the first, active one, or a named one): an admin who switches endpoints changes
 * the next request, without a restart. The HTTP client is rebuilt only when the endpoint changes.
 *
 * <p>Precedence (docs/configuration.md): the saved endpoint wins; when the settings have none (an
 * admin removed them all), the {@code fallback} from the config file's {@code model} section is
 * used. A request in flight when the endpoint changes finishes on the client it started with;
 * callers that must not mix endpoints within one piece of work (the reply pipeline, for one event)
 * take {@link #modelFor} once and keep it.
 *
 * <p>Thread-safe.
 */
public final class LiveChatModel implements ChatModel {
  private final SettingsStore store;
  private final String name;
  private final Function<ModelEndpoint, ChatModel> factory;
  private final ModelEndpoint fallback;
  private volatile Built built;

  private record Built(ModelEndpoint endpoint, ChatModel model) {}

  /**
   * @param name the endpoint's name, or null for the active (first) one
   */
  public LiveChatModel(SettingsStore store, String name) {
    this(store, name, LiveChatModel::create, null);
  }

  /**
   * @param name the endpoint's name, or null for the active (first) one
   * @param factory makes the client for an endpoint (timeouts and retries are the factory's)
   * @param fallback the config file's endpoint, used when the settings have no endpoint; or null
   */
  public LiveChatModel(
      SettingsStore store,
      String name,
      Function<ModelEndpoint, ChatModel> factory,
      ModelEndpoint fallback) {
    this.store = Objects.requireNonNull(store, "store");
    this.name = name;
    this.factory = Objects.requireNonNull(factory, "factory");
    this.fallback = fallback;
  }

  /** The endpoint the next request goes to. */
  public ModelEndpoint endpoint() {
    return endpointFor(store.current());
  }

  /**
   * The endpoint {@code settings} select.
   *
   * @throws ModelUnavailableException when there is none
   */
  public ModelEndpoint endpointFor(Settings settings) {
    return settings
        .model(name)
        .or(() -> name == null ? Optional.ofNullable(fallback) : Optional.empty())
        .orElseThrow(
            () ->
                new ModelUnavailableException(
                    name == null
                        ? "no model endpoint is configured (admin: Models)"
                        : "no model endpoint named " + name));
  }

  /**
   * The concrete client for {@code settings}; the same instance while the endpoint is unchanged.
   */
  public ChatModel modelFor(Settings settings) {
    ModelEndpoint e = endpointFor(settings);
    Built b = built;
    if (b == null || !sameEndpoint(b.endpoint(), e)) {
      b = new Built(e, factory.apply(e));
      built = b;
    }
    return b.model();
  }

  private ChatModel model() {
    return modelFor(store.current());
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

package com.jsmai.plugin.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Counts with the model's own tokenizer and chat template through the server's {@code POST
 * /tokenize} (vLLM shape, also served by our inference node): request {@code {"model": ..,
 * "messages": [..], "add_generation_prompt": true}} or {@code {"model": .., "prompt": ".."}},
 * answer {@code {"count": N, "tokens": [..], "max_model_len": M}}.
 *
 * <p>Throws {@link ModelUnavailableException} when the server cannot answer; wrap it with {@link
 * TokenCounter#withFallback} so prompt building still works. Thread-safe.
 */
public final class RemoteTokenCounter implements TokenCounter {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpUrl url;
  private final String model;
  private final String apiKey;
  private volatile Integer maxModelLen;

  public RemoteTokenCounter(String baseUrl, String model, String apiKey, Duration timeout) {
    this.url = HttpUrl.get(URI.create(OpenAiChatModel.stripSlash(baseUrl) + "/tokenize"));
    this.model = model;
    this.apiKey = apiKey;
    this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).build();
  }

  @Override
  public int count(List<ChatMessage> messages) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.set("messages", OpenAiWire.messages(json, messages));
    body.put("add_generation_prompt", true);
    return post(body);
  }

  @Override
  public int count(String text) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.put("prompt", text);
    body.put("add_special_tokens", false);
    return post(body);
  }

  @Override
  public OptionalInt maxModelLen() {
    if (maxModelLen == null) count("");
    return maxModelLen == null ? OptionalInt.empty() : OptionalInt.of(maxModelLen);
  }

  private int post(ObjectNode body) {
    Request.Builder request =
        new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON));
    if (apiKey != null && !apiKey.isBlank()) request.header("Authorization", "Bearer " + apiKey);
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new ModelUnavailableException(
            "tokenize at " + url + " answered HTTP " + response.code());
      }
      JsonNode answer = json.readTree(response.body().charStream());
      if (answer.path("max_model_len").canConvertToInt()) {
        maxModelLen = answer.path("max_model_len").asInt();
      }
      if (answer.path("count").canConvertToInt()) return answer.path("count").asInt();
      if (answer.path("tokens").isArray()) return answer.path("tokens").size();
      throw new ModelUnavailableException("tokenize answer has no count: " + answer);
    } catch (IOException e) {
      throw new ModelUnavailableException("tokenize at " + url + " failed: " + e.getMessage(), e);
    }
  }
}

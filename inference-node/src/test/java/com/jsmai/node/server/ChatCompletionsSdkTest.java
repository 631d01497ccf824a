package com.jsmai.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK against the real server on loopback with a tiny checkpoint. Slow
 * because the first constrained request builds the vocabulary's token trie (tens of seconds on a
 * loaded machine).
 */
@Tag("slow")
class ChatCompletionsSdkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\","
          + "\"pattern\":\"^#W[0-9]{7}$\"},\"quantity\":{\"type\":\"integer\",\"minimum\":1,"
          + "\"maximum\":9}},\"required\":[\"order_id\",\"quantity\"],"
          + "\"additionalProperties\":false}";
  private static final String LOOKUP_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\",\"maxLength\":40}},"
          + "\"required\":[\"email\"],\"additionalProperties\":false}";

  private static ServingStack stack;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    stack = TestStacks.standard();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + stack.port() + "/v1")
            .apiKey(TestStacks.KEY)
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    stack.close();
  }

  private static ChatCompletionCreateParams.Builder base() {
    return ChatCompletionCreateParams.builder()
        .model(TestStacks.MODEL)
        .addSystemMessage("You are a help desk assistant.")
        .addUserMessage("Where is my order #W1234567?");
  }

  /** A JSON schema's top-level keys as the SDK's additional properties. */
  private static Map<String, JsonValue> schemaProperties(String schema) throws Exception {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    JSON.readValue(schema, Map.class).forEach((k, v) -> out.put((String) k, JsonValue.from(v)));
    return out;
  }

  private static FunctionParameters parameters(String schema) throws Exception {
    return FunctionParameters.builder()
        .putAllAdditionalProperties(schemaProperties(schema))
        .build();
  }

  private static ChatCompletionNamedToolChoice forcedTool(String name) {
    return ChatCompletionNamedToolChoice.builder()
        .function(ChatCompletionNamedToolChoice.Function.builder().name(name).build())
        .build();
  }

  private static ChatCompletionCreateParams.Builder withTools() throws Exception {
    return base()
        .addFunctionTool(
            FunctionDefinition.builder()
                .name("cancel_order")
                .parameters(parameters(ORDER_SCHEMA))
                .build())
        .addFunctionTool(
            FunctionDefinition.builder()
                .name("find_user")
                .parameters(parameters(LOOKUP_SCHEMA))
                .build());
  }

  private static void assertValid(String schema, String json) throws Exception {
    JsonNode value = JSON.readTree(json);
    var errors =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schema)
            .validate(value);
    assertThat(errors).as(json).isEmpty();
  }

  @Test
  void create_greedyChat_returnsContentUsageAndFinishReason() {
    ChatCompletion c =
        client.chat().completions().create(base().temperature(0).maxCompletionTokens(12).build());

    assertThat(c.model()).isEqualTo(TestStacks.MODEL);
    assertThat(c.choices()).hasSize(1);
    ChatCompletion.Choice choice = c.choices().get(0);
    assertThat(choice.finishReason().asString()).isIn("stop", "length");
    CompletionUsage usage = c.usage().orElseThrow();
    assertThat(usage.promptTokens()).isGreaterThan(10);
    assertThat(usage.completionTokens()).isBetween(1L, 12L);
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    if (choice.finishReason().asString().equals("length")) {
      assertThat(usage.completionTokens()).isEqualTo(12);
    }
  }

  @Test
  void createStreaming_sameGreedyRequest_deltasEqualNonStreamingContentAndUsageComesLast() {
    ChatCompletionCreateParams params =
        base().temperature(0).maxCompletionTokens(20).seed(3).build();
    ChatCompletion whole = client.chat().completions().create(params);
    StringBuilder streamed = new StringBuilder();
    List<String> finishes = new ArrayList<>();
    List<CompletionUsage> usages = new ArrayList<>();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> s =
        client
            .chat()
            .completions()
            .createStreaming(
                params.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) s.stream()::iterator) {
        chunks++;
        chunk.usage().ifPresent(usages::add);
        for (ChatCompletionChunk.Choice ch : chunk.choices()) {
          ch.delta().content().ifPresent(streamed::append);
          ch.finishReason().ifPresent(f -> finishes.add(f.asString()));
        }
      }
    }
    assertThat(chunks).isGreaterThan(2);
    assertThat(streamed.toString())
        .isEqualTo(whole.choices().get(0).message().content().orElse(""));
    assertThat(finishes).containsExactly(whole.choices().get(0).finishReason().asString());
    assertThat(usages).hasSize(1);
    assertThat(usages.get(0).completionTokens())
        .isEqualTo(whole.usage().orElseThrow().completionTokens());
  }

  @Test
  void create_toolChoiceRequired_returnsToolCallValidAgainstItsParameters() throws Exception {
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                withTools()
                    .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                    .temperature(1.0)
                    .seed(5)
                    .maxCompletionTokens(80)
                    .build());

    ChatCompletion.Choice choice = c.choices().get(0);
    assertThat(choice.finishReason().asString()).isEqualTo("tool_calls");
    List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    var fn = calls.get(0).asFunction();
    assertThat(fn.id()).startsWith("call_");
    String name = fn.function().name();
    assertThat(name).isIn("cancel_order", "find_user");
    assertValid(
        name.equals("cancel_order") ? ORDER_SCHEMA : LOOKUP_SCHEMA, fn.function().arguments());
  }

  @Test
  void createStreaming_namedTool_nameSentOnceArgumentsIncrementallyAndValid() throws Exception {
    ChatCompletionCreateParams params =
        withTools()
            .toolChoice(forcedTool("cancel_order"))
            .temperature(1.0)
            .seed(9)
            .maxCompletionTokens(60)
            .build();
    List<String> names = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    StringBuilder arguments = new StringBuilder();
    int argumentChunks = 0;
    String finish = null;
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(params)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) s.stream()::iterator) {
        for (ChatCompletionChunk.Choice ch : chunk.choices()) {
          if (ch.finishReason().isPresent()) {
            finish = ch.finishReason().get().asString();
          }
          for (var tc : ch.delta().toolCalls().orElse(List.of())) {
            assertThat(tc.index()).isZero();
            tc.id().ifPresent(ids::add);
            var f = tc.function().orElseThrow();
            f.name().ifPresent(names::add);
            if (f.arguments().isPresent() && !f.arguments().get().isEmpty()) {
              arguments.append(f.arguments().get());
              argumentChunks++;
            }
          }
        }
      }
    }
    assertThat(names).containsExactly("cancel_order");
    assertThat(ids).hasSize(1);
    assertThat(argumentChunks).isGreaterThan(1);
    assertThat(finish).isEqualTo("stop"); // OpenAI's finish reason for a forced named function
    assertValid(ORDER_SCHEMA, arguments.toString());
  }

  @Test
  void create_namedToolChoice_finishReasonStopWithTheToolCallPresent() throws Exception {
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                withTools()
                    .toolChoice(forcedTool("cancel_order"))
                    .temperature(1.0)
                    .seed(11)
                    .maxCompletionTokens(80)
                    .build());

    ChatCompletion.Choice choice = c.choices().get(0);
    assertThat(choice.finishReason().asString()).isEqualTo("stop");
    List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).asFunction().function().name()).isEqualTo("cancel_order");
    assertValid(ORDER_SCHEMA, calls.get(0).asFunction().function().arguments());
  }

  @Test
  void create_jsonSchemaResponseFormat_contentValidatesAgainstTheSchema() throws Exception {
    ResponseFormatJsonSchema.JsonSchema.Schema schema =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder()
            .putAllAdditionalProperties(schemaProperties(ORDER_SCHEMA))
            .build();
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                base()
                    .responseFormat(
                        ResponseFormatJsonSchema.builder()
                            .jsonSchema(
                                ResponseFormatJsonSchema.JsonSchema.builder()
                                    .name("order")
                                    .schema(schema)
                                    .strict(true)
                                    .build())
                            .build())
                    .temperature(1.0)
                    .seed(1)
                    .maxCompletionTokens(40)
                    .build());

    assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("stop");
    assertValid(ORDER_SCHEMA, c.choices().get(0).message().content().orElseThrow());
  }

  @Test
  void create_jsonObjectResponseFormat_contentIsAJsonObject() throws Exception {
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                base()
                    .responseFormat(ResponseFormatJsonObject.builder().build())
                    .temperature(0.8)
                    .seed(2)
                    .maxCompletionTokens(30)
                    .build());

    JsonNode v = JSON.readTree(c.choices().get(0).message().content().orElseThrow());
    assertThat(v.isObject()).isTrue();
  }

  @Test
  void modelsList_servedModel_listedWithItsId() {
    var models = client.models().list().data();

    assertThat(models).hasSize(1);
    assertThat(models.get(0).id()).isEqualTo(TestStacks.MODEL);
  }
}

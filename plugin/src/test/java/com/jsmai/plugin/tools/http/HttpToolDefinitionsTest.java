package com.jsmai.plugin.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpToolDefinitionsTest {
  private static final String VALID =
      """
      name: query_order_status
      description: Look up one of the customer's orders.
      parameters:
        type: object
        properties:
          order_id: {type: string, pattern: "^#W[0-9]{7}$"}
        required: [order_id]
        additionalProperties: false
      request:
        url: "http://orders.internal:7070/orders/{order_id}"
        headers:
          X-Api-Key: "${secret:ORDERS_API_KEY}"
        timeout: 2s
      ownership:
        owner_field: $.email
      result:
        fields:
          status: $.status
      cache:
        ttl: 1m
      """;

  @TempDir Path dir;

  private static void assertRejected(String yaml, String... messageParts) {
    assertThatThrownBy(() -> HttpToolTest.definition(yaml))
        .isInstanceOf(ToolDefinitionException.class)
        .hasMessageStartingWith("test.yaml: ")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void parse_shippedExample_validAndRegistrable() throws IOException {
    HttpToolDefinition example;
    try (InputStream in = getClass().getResourceAsStream("/tools/query_order_status.yaml")) {
      example = HttpToolDefinitions.parse("query_order_status.yaml", in);
    }

    assertThat(example.name()).isEqualTo("query_order_status");
    assertThat(example.effect()).isEqualTo(Tool.Effect.READ);
    assertThat(example.request().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(example.ownership().ownerField()).isEqualTo("$.ownerEmail");
    assertThat(example.result().fields())
        .containsOnlyKeys("order_id", "status", "items", "tracking_ids");
    assertThat(example.request().headers().get("X-Api-Key")).isEqualTo("${secret:ORDERS_API_KEY}");
    HttpTools tools = new HttpTools(AddressPolicy.publicOnly(Set.of("127.0.0.1")), Secrets.none());
    assertThat(ToolRegistry.of(tools.create(example)).names())
        .containsExactly("query_order_status");
  }

  @Test
  void parse_validDefinition_defaultsFilledIn() {
    HttpToolDefinition d = HttpToolTest.definition(VALID);

    assertThat(d.request().method()).isEqualTo("GET");
    assertThat(d.request().maxResponseBytes()).isEqualTo(65536);
    assertThat(d.ownership().matches()).isEqualTo("reporter.email");
    assertThat(d.cache().ttl()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void parse_unknownKey_namesFileAndField() {
    assertRejected(
        VALID.replace("timeout: 2s", "timeot: 2s"), "request.timeot", "unknown key", "timeout");
  }

  @Test
  void parse_unknownTopLevelKey_rejected() {
    assertRejected(VALID + "secret_sauce: true\n", "secret_sauce", "unknown key");
  }

  @Test
  void parse_badDuration_namesField() {
    assertRejected(VALID.replace("timeout: 2s", "timeout: soon"), "request.timeout", "soon");
  }

  @Test
  void parse_timeoutTooLong_rejected() {
    assertRejected(VALID.replace("timeout: 2s", "timeout: 5m"), "request.timeout");
  }

  @Test
  void parse_placeholderNotAParameter_namesIt() {
    assertRejected(
        VALID.replace("/orders/{order_id}", "/orders/{orderid}"), "request.url", "{orderid}");
  }

  @Test
  void parse_placeholderInHost_rejected() {
    assertRejected(
        VALID.replace("orders.internal:7070", "{order_id}.internal"), "host must be fixed");
  }

  @Test
  void parse_secretInUrl_rejected() {
    assertRejected(
        VALID.replace("/orders/{order_id}", "/orders/{order_id}/${secret:ORDERS_API_KEY}"),
        "secrets do not belong in the URL");
  }

  @Test
  void parse_queryInUrl_rejected() {
    assertRejected(
        VALID.replace("/orders/{order_id}", "/orders/{order_id}?debug=1"), "request.query");
  }

  @Test
  void parse_argumentInHeader_rejected() {
    assertRejected(
        VALID.replace("\"${secret:ORDERS_API_KEY}\"", "\"{order_id}\""),
        "request.headers.X-Api-Key",
        "not arguments");
  }

  @Test
  void parse_boundArgumentAlsoInParameters_rejected() {
    assertRejected(
        VALID + "bind:\n  order_id: reporter.email\n",
        "bind.order_id",
        "must not be in parameters");
  }

  @Test
  void parse_unknownBindSource_rejected() {
    assertRejected(
        VALID + "bind:\n  email: ticket.description\n", "bind.email", "ticket.description");
  }

  @Test
  void parse_wildcardOwnerField_rejected() {
    assertRejected(
        VALID.replace("owner_field: $.email", "owner_field: $.owners[*]"),
        "owner_field",
        "wildcard");
  }

  @Test
  void parse_badResultPath_namesField() {
    assertRejected(
        VALID.replace("status: $.status", "status: status"),
        "result.fields.status",
        "must start with $");
  }

  @Test
  void parse_postOnReadTool_mustBeDeliberate() {
    assertRejected(
        VALID.replace("  url:", "  method: POST\n  url:"), "request.method", "effect: write");
  }

  @Test
  void parse_cachedWriteTool_rejected() {
    assertRejected(
        VALID.replace("description:", "effect: write\ndescription:"), "cache", "write tool");
  }

  @Test
  void parse_duplicateKey_rejected() {
    assertRejected(VALID.replace("  timeout: 2s", "  timeout: 2s\n  timeout: 3s"), "timeout");
  }

  @Test
  void parse_effectWrongWord_rejected() {
    assertRejected(
        VALID.replace("description:", "effect: delete\ndescription:"), "effect", "delete");
  }

  @Test
  void registry_remoteSchemaRef_refused() {
    String yaml =
        VALID.replace(
            "order_id: {type: string, pattern: \"^#W[0-9]{7}$\"}",
            "order_id: {$ref: \"http://169.254.169.254/schema.json\"}");
    HttpToolDefinition d = HttpToolTest.definition(yaml);
    HttpTools tools =
        new HttpTools(AddressPolicy.publicOnly(Set.of("orders.internal")), Secrets.none());

    assertThatThrownBy(() -> ToolRegistry.of(tools.create(d)))
        .hasMessageContaining("only local $ref");
  }

  @Test
  void loadDirectory_everyYamlFileByName_errorsNameTheFile() throws IOException {
    Files.writeString(dir.resolve("b_tool.yaml"), VALID.replace("query_order_status", "b_tool"));
    Files.writeString(dir.resolve("a_tool.yml"), VALID.replace("query_order_status", "a_tool"));
    Files.writeString(dir.resolve("notes.txt"), "not a tool");

    List<HttpToolDefinition> loaded = HttpToolDefinitions.loadDirectory(dir);

    assertThat(loaded).extracting(HttpToolDefinition::name).containsExactly("a_tool", "b_tool");
    Files.writeString(dir.resolve("c_broken.yaml"), VALID.replace("description:", "descripton:"));
    assertThatThrownBy(() -> HttpToolDefinitions.loadDirectory(dir))
        .hasMessageStartingWith("c_broken.yaml: ")
        .hasMessageContaining("descripton");
  }

  @Test
  void fieldPath_wildcardsFlattenAndMissingIsNull() throws IOException {
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"f\":[{\"t\":[\"1\",\"2\"]},{\"t\":[\"3\"]}],\"x y\":1}");

    assertThat(FieldPath.parse("$.items[*].name").select(json).toString())
        .isEqualTo("[\"a\",\"b\"]");
    assertThat(FieldPath.parse("$.f[*].t[*]").select(json).toString())
        .isEqualTo("[\"1\",\"2\",\"3\"]");
    assertThat(FieldPath.parse("$.items[1].name").select(json).asText()).isEqualTo("b");
    assertThat(FieldPath.parse("$['x y']").select(json).asInt()).isEqualTo(1);
    assertThat(FieldPath.parse("$.missing.deeper").select(json).isNull()).isTrue();
    assertThatThrownBy(() -> FieldPath.parse("$.items[?(@.x)]"))
        .hasMessageContaining("$.items[?(@.x)]");
  }
}

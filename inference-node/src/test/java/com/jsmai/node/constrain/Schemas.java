package com.jsmai.node.constrain;

import java.util.LinkedHashMap;
import java.util.Map;

/** The schemas the generation tests and the benchmark run against. */
final class Schemas {
  private Schemas() {}

  static final String ORDER_ID = "{\"type\":\"string\",\"pattern\":\"^#W[0-9]{7}$\"}";

  /** Name → schema (JSON text). */
  static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "person",
        "{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":12},"
            + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120},"
            + "\"email\":{\"type\":\"string\"},"
            + "\"vip\":{\"type\":\"boolean\"}},"
            + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}");
    m.put(
        "order",
        "{\"type\":\"object\",\"properties\":{"
            + "\"order_id\":"
            + ORDER_ID
            + ","
            + "\"status\":{\"enum\":[\"pending\",\"shipped\",\"delivered\",\"cancelled\"]},"
            + "\"items\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":3,\"items\":{"
            + "\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\",\"maxLength\":8},"
            + "\"qty\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":99}},"
            + "\"required\":[\"sku\",\"qty\"],\"additionalProperties\":false}},"
            + "\"note\":{\"type\":\"string\",\"maxLength\":40}},"
            + "\"required\":[\"order_id\",\"status\",\"items\"],\"additionalProperties\":false}");
    m.put(
        "chinese",
        "{\"type\":\"object\",\"properties\":{"
            + "\"标题\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":20},"
            + "\"状态\":{\"enum\":[\"已发货\",\"待处理\",\"已取消\"]},"
            + "\"摘要\":{\"type\":\"string\",\"maxLength\":60}},"
            + "\"required\":[\"标题\",\"状态\"],\"additionalProperties\":false}");
    m.put(
        "numbers",
        "{\"type\":\"object\",\"properties\":{"
            + "\"delta\":{\"type\":\"integer\",\"minimum\":-5,\"maximum\":5},"
            + "\"price\":{\"type\":\"number\",\"minimum\":0.5,\"maximum\":99.99},"
            + "\"big\":{\"type\":\"integer\",\"exclusiveMinimum\":1000,\"exclusiveMaximum\":1000000},"
            + "\"ratio\":{\"type\":\"number\",\"exclusiveMinimum\":-1,\"exclusiveMaximum\":1}},"
            + "\"required\":[\"delta\",\"price\",\"big\",\"ratio\"],\"additionalProperties\":false}");
    m.put(
        "colors",
        "{\"type\":\"array\",\"items\":{\"enum\":[\"red\",\"green\",\"blue\"]},"
            + "\"minItems\":2,\"maxItems\":4}");
    m.put(
        "tree",
        "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{"
            + "\"label\":{\"type\":\"string\",\"maxLength\":10},"
            + "\"children\":{\"type\":\"array\",\"maxItems\":2,\"items\":{\"$ref\":\"#/$defs/node\"}}},"
            + "\"required\":[\"label\"],\"additionalProperties\":false}},"
            + "\"type\":\"object\",\"properties\":{\"root\":{\"$ref\":\"#/$defs/node\"},"
            + "\"next\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"integer\"}]}},"
            + "\"required\":[\"root\",\"next\"],\"additionalProperties\":false}");
    m.put(
        "unions",
        "{\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":[\"string\",\"integer\",\"null\"]},"
            + "\"flags\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"},\"maxItems\":5},"
            + "\"kind\":{\"const\":\"ticket\"},"
            + "\"meta\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\","
            + "\"properties\":{\"b\":{\"type\":\"string\",\"pattern\":\"^[a-z]{2,4}$\"}},"
            + "\"required\":[\"b\"]}},\"required\":[\"a\"]}},"
            + "\"required\":[\"id\",\"kind\",\"meta\"],\"additionalProperties\":false}");
    m.put(
        "free",
        "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},"
            + "\"labels\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"maxLength\":15}}},"
            + "\"required\":[\"summary\",\"labels\"]}");
    m.put("json_object", "{\"type\":\"object\"}");
    return m;
  }

  /** Tools for tool_choice "required": name → parameters schema. */
  static Map<String, String> tools() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "query_order_status",
        "{\"type\":\"object\",\"properties\":{\"order_id\":"
            + ORDER_ID
            + "},"
            + "\"required\":[\"order_id\"],\"additionalProperties\":false}");
    m.put(
        "cancel_order",
        "{\"type\":\"object\",\"properties\":{\"order_id\":"
            + ORDER_ID
            + ","
            + "\"reason\":{\"enum\":[\"no longer needed\",\"ordered by mistake\"]}},"
            + "\"required\":[\"order_id\",\"reason\"],\"additionalProperties\":false}");
    m.put(
        "search_kb",
        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"maxLength\":50},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10}},"
            + "\"required\":[\"query\"],\"additionalProperties\":false}");
    return m;
  }
}

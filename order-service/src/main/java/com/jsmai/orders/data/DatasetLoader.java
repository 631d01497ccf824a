package com.jsmai.orders.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tau-bench retail data set in place ({@code orders.json}, {@code users.json}, {@code
 * products.json}); nothing is copied.
 */
public final class DatasetLoader {
  private DatasetLoader() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** True if {@code dir} holds the three files. */
  public static boolean isDataset(Path dir) {
    return dir != null
        && Files.isRegularFile(dir.resolve("orders.json"))
        && Files.isRegularFile(dir.resolve("users.json"))
        && Files.isRegularFile(dir.resolve("products.json"));
  }

  public static OrderStore load(Path dir) {
    JsonNode users = read(dir.resolve("users.json"));
    JsonNode orders = read(dir.resolve("orders.json"));
    JsonNode products = read(dir.resolve("products.json"));
    Map<String, Customer> customers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode u = e.getValue();
      List<String> ids = new ArrayList<>();
      u.path("orders").forEach(o -> ids.add(o.asText()));
      String name =
          (u.path("name").path("first_name").asText()
                  + " "
                  + u.path("name").path("last_name").asText())
              .trim();
      customers.put(e.getKey(), new Customer(e.getKey(), name, u.path("email").asText(), ids));
    }
    List<Order> list = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = orders.fields(); it.hasNext(); ) {
      JsonNode o = it.next().getValue();
      Customer owner = customers.get(o.path("user_id").asText());
      list.add(order(o, owner));
    }
    Map<String, Map<String, Object>> productMap = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = products.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      @SuppressWarnings("unchecked")
      Map<String, Object> p = JSON.convertValue(e.getValue(), Map.class);
      productMap.put(e.getKey(), p);
    }
    return new OrderStore(list, customers.values(), productMap, dir.toString());
  }

  private static Order order(JsonNode o, Customer owner) {
    Map<String, String> address = new LinkedHashMap<>();
    o.path("address")
        .fields()
        .forEachRemaining(e -> address.put(e.getKey(), e.getValue().asText()));
    List<Order.Item> items = new ArrayList<>();
    for (JsonNode i : o.path("items")) {
      Map<String, String> options = new LinkedHashMap<>();
      i.path("options")
          .fields()
          .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
      items.add(
          new Order.Item(
              i.path("name").asText(),
              i.path("product_id").asText(),
              i.path("item_id").asText(),
              i.path("price").asDouble(),
              options));
    }
    List<Order.Fulfillment> fulfillments = new ArrayList<>();
    for (JsonNode f : o.path("fulfillments")) {
      List<String> tracking = new ArrayList<>();
      f.path("tracking_id").forEach(t -> tracking.add(t.asText()));
      List<String> itemIds = new ArrayList<>();
      f.path("item_ids").forEach(t -> itemIds.add(t.asText()));
      fulfillments.add(new Order.Fulfillment(tracking, itemIds));
    }
    List<Order.Payment> payments = new ArrayList<>();
    for (JsonNode p : o.path("payment_history")) {
      payments.add(
          new Order.Payment(p.path("transaction_type").asText(), p.path("amount").asDouble()));
    }
    return new Order(
        o.path("order_id").asText(),
        o.path("user_id").asText(),
        owner == null ? null : owner.email(),
        owner == null ? null : owner.name(),
        o.path("status").asText(),
        address,
        items,
        fulfillments,
        payments);
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}

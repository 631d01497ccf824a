package com.jsmai.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.orders.data.Customer;
import com.jsmai.orders.data.DatasetLoader;
import com.jsmai.orders.data.GeneratedOrders;
import com.jsmai.orders.data.Order;
import com.jsmai.orders.data.OrderStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The sample company order system: look up an order by id, or a customer's orders by email. Every
 * answer names the owner's email so the assistant can check that the ticket's reporter owns the
 * order before telling them anything about it.
 *
 * <pre>
 * GET /orders/{orderId}            (X-API-Key)  e.g. /orders/%23W2378156 or /orders/W2378156
 * GET /customers/{email}/orders    (X-API-Key)
 * GET /health
 * </pre>
 */
public final class OrderService implements AutoCloseable {
  static final String API_KEY_HEADER = "X-API-Key";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OrderServiceConfig config;
  private final OrderStore store;
  private final Javalin app;

  public OrderService(OrderServiceConfig config) {
    this.config = config;
    this.store =
        config.dataDir() != null && DatasetLoader.isDataset(config.dataDir())
            ? DatasetLoader.load(config.dataDir())
            : GeneratedOrders.create();
    this.app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
    app.get(
        "/health",
        ctx ->
            json(
                ctx,
                200,
                JSON.createObjectNode()
                    .put("status", "UP")
                    .put("orders", store.orderCount())
                    .put("customers", store.customerCount())
                    .put("source", store.source().equals("generated") ? "generated" : "dataset")));
    app.before("/orders/*", this::requireKey);
    app.before("/customers/*", this::requireKey);
    app.before("/products/*", this::requireKey);
    app.get("/orders/{orderId}", this::order);
    app.get("/customers/{email}/orders", this::customerOrders);
    app.get(
        "/products/{productId}",
        ctx -> {
          var p = store.product(ctx.pathParam("productId"));
          if (p.isEmpty()) {
            error(ctx, 404, "product not found");
          } else {
            json(ctx, 200, p.get());
          }
        });
  }

  /** Starts a service; close it when done. */
  public static OrderService start(OrderServiceConfig config) {
    OrderService s = new OrderService(config);
    s.app.start(config.host(), config.port());
    return s;
  }

  public String baseUrl() {
    return "http://" + config.host() + ":" + app.port();
  }

  public OrderStore store() {
    return store;
  }

  private void requireKey(Context ctx) {
    String given = ctx.header(API_KEY_HEADER);
    boolean ok =
        given != null
            && MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8),
                config.apiKey().getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      error(ctx, 401, "missing or wrong " + API_KEY_HEADER);
      ctx.skipRemainingHandlers();
    }
  }

  private void order(Context ctx) {
    // Javalin decodes %23 in path parameters; accept "#W2378156" and "W2378156" alike.
    String raw = ctx.pathParam("orderId");
    var id = OrderStore.normalise(raw);
    if (id.isEmpty()) {
      error(ctx, 400, "an order id looks like #W1234567");
      return;
    }
    var order = store.order(id.get());
    if (order.isEmpty()) {
      error(ctx, 404, "order not found");
      return;
    }
    json(ctx, 200, render(order.get()));
  }

  private void customerOrders(Context ctx) {
    // Javalin has already URL-decoded the path parameter; decoding again would turn "+" into " ".
    String email = ctx.pathParam("email");
    var customer = store.customerByEmail(email);
    if (customer.isEmpty()) {
      error(ctx, 404, "no customer with that email");
      return;
    }
    Customer c = customer.get();
    ObjectNode n = JSON.createObjectNode();
    n.put("email", c.email());
    n.put("name", c.name());
    ArrayNode orders = n.putArray("orders");
    store.ordersOf(c).forEach(o -> orders.add(render(o)));
    json(ctx, 200, n);
  }

  static ObjectNode render(Order o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("orderId", o.orderId());
    n.put("status", o.status());
    n.put("ownerEmail", o.ownerEmail());
    n.put("ownerName", o.ownerName());
    n.put("userId", o.userId());
    n.put("total", o.total());
    ArrayNode tracking = n.putArray("trackingNumbers");
    o.trackingNumbers().forEach(tracking::add);
    n.set("items", JSON.valueToTree(o.items()));
    n.set("fulfillments", JSON.valueToTree(o.fulfillments()));
    n.set("payments", JSON.valueToTree(o.payments()));
    n.set("shippingAddress", JSON.valueToTree(o.address()));
    return n;
  }

  private static void error(Context ctx, int status, String message) {
    json(ctx, status, JSON.createObjectNode().put("error", message).put("status", status));
  }

  private static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status)
          .contentType("application/json;charset=UTF-8")
          .result(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}

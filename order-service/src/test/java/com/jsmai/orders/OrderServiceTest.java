package com.jsmai.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order service over real HTTP, with both data sources. */
class OrderServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "test-key-123";
  private final OkHttpClient http = new OkHttpClient();
  private OrderService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private record Answer(int status, JsonNode json) {}

  private Answer get(String path, String key) throws IOException {
    Request.Builder req = new Request.Builder().url(service.baseUrl() + path);
    if (key != null) {
      req.header("X-API-Key", key);
    }
    try (Response r = http.newCall(req.build()).execute()) {
      return new Answer(r.code(), JSON.readTree(r.body().string()));
    }
  }

  private OrderService startGenerated() {
    service = OrderService.start(OrderServiceConfig.defaults().withDataDir(null).withApiKey(KEY));
    return service;
  }

  /** The shared retail-orders data set; skips the test where it is absent. */
  private void startDataset() {
    Path data = OrderServiceConfig.findSharedDataDir();
    assumeTrue(data != null, "../shared/datasets/retail-orders is absent: dataset test skipped");
    service = OrderService.start(OrderServiceConfig.defaults().withDataDir(data).withApiKey(KEY));
  }

  @Test
  void dataset_orderById_urlEncodedHash_returnsOrderWithOwnerEmail() throws IOException {
    startDataset();

    Answer a = get("/orders/%23W2611340", KEY);
    Answer withoutHash = get("/orders/W2611340", KEY);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("orderId").asText()).isEqualTo("#W2611340");
    assertThat(a.json().get("status").asText()).isEqualTo("processed");
    assertThat(a.json().get("userId").asText()).isEqualTo("james_li_5688");
    assertThat(a.json().get("ownerEmail").asText()).endsWith("@example.com");
    assertThat(a.json().get("trackingNumbers").get(0).asText()).isEqualTo("357962501027");
    assertThat(a.json().get("items").findValuesAsText("name"))
        .containsExactly("Water Bottle", "Office Chair");
    assertThat(a.json().get("total").asDouble()).isEqualTo(536.65);
    assertThat(withoutHash.json()).isEqualTo(a.json());
    assertThat(get("/health", null).json().get("orders").asInt()).isEqualTo(1000);
  }

  @Test
  void dataset_customerOrders_byEmail() throws IOException {
    startDataset();

    Answer a = get("/customers/noah.brown7922@example.com/orders", KEY);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("name").asText()).isEqualTo("Noah Brown");
    assertThat(a.json().get("orders").findValuesAsText("orderId")).containsExactly("#W7678072");
    assertThat(a.json().get("orders").get(0).get("ownerEmail").asText())
        .isEqualTo("noah.brown7922@example.com");
  }

  @Test
  void generated_isDeterministicAndMatchesTheSandboxCustomers() throws IOException {
    startGenerated();

    Answer ana = get("/customers/ana.silva1000@example.com/orders", KEY);
    Answer ben = get("/customers/BEN.SCHMIDT8919@example.com/orders", KEY);
    String firstOrder = ana.json().get("orders").get(0).get("orderId").asText();
    Answer order = get("/orders/" + firstOrder.replace("#", "%23"), KEY);

    assertThat(ana.status()).isEqualTo(200);
    assertThat(ana.json().get("name").asText()).isEqualTo("Ana Silva");
    assertThat(ana.json().get("orders")).hasSize(1);
    assertThat(ben.json().get("orders")).hasSize(2);
    assertThat(firstOrder).matches("#W\\d{7}").isEqualTo("#W2234567");
    assertThat(order.json().get("ownerEmail").asText()).isEqualTo("ana.silva1000@example.com");
    assertThat(get("/health", null).json().get("source").asText()).isEqualTo("generated");
    assertThat(GeneratedOrdersCheck.allIdsUnique()).isTrue();
  }

  @Test
  void generated_statusesHaveTrackingOnlyOnceShipped() throws IOException {
    startGenerated();

    for (var o :
        service
            .store()
            .ordersOf(service.store().customerByEmail("ana.silva1000@example.com").orElseThrow())) {
      boolean shipped = o.status().equals("processed") || o.status().equals("delivered");
      assertThat(o.trackingNumbers().isEmpty()).isEqualTo(!shipped);
    }
    assertThat(
            get("/customers/chloe.haddad7838@example.com/orders", KEY)
                .json()
                .get("orders")
                .findValuesAsText("status"))
        .isNotEmpty();
  }

  @Test
  void apiKey_missingOrWrong_is401() throws IOException {
    startGenerated();

    assertThat(get("/orders/%23W2234567", null).status()).isEqualTo(401);
    assertThat(get("/orders/%23W2234567", "wrong-key-000").status()).isEqualTo(401);
    assertThat(get("/customers/ana.silva1000@example.com/orders", null).status()).isEqualTo(401);
    assertThat(get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void badOrUnknownIds_are400And404() throws IOException {
    startGenerated();

    assertThat(get("/orders/12345", KEY).status()).isEqualTo(400);
    assertThat(get("/orders/%23W0000000", KEY).status()).isEqualTo(404);
    assertThat(get("/customers/nobody@example.com/orders", KEY).status()).isEqualTo(404);
  }

  @Test
  void config_andMain_rejectBadValues() {
    assertThatThrownBy(() -> OrderServiceConfig.defaults().withApiKey("short"))
        .hasMessageContaining("8 characters");
    assertThatThrownBy(() -> OrderServiceConfig.defaults().withPort(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> OrderServiceMain.parse(new String[] {"--nope", "x"}, null))
        .hasMessageContaining("--nope");
    assertThat(OrderServiceMain.parse(new String[] {"--port", "8490"}, "env-key-12345").apiKey())
        .isEqualTo("env-key-12345");
    assertThat(OrderServiceMain.parse(new String[0], null).port()).isEqualTo(8480);
  }
}

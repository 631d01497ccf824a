package com.jsmai.plugin.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.tools.CallResult;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side request forgery: HTTP tools reach only allowed hosts at allowed addresses. */
class SsrfTest {
  private LoopbackOrderServer server;
  private final InMemoryToolCallRecorder recorder = new InMemoryToolCallRecorder();
  private ToolExecutor executor;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackOrderServer();
  }

  @AfterEach
  void stop() {
    server.close();
    if (executor != null) executor.close();
  }

  private CallResult callVia(HttpTools tools, String url) {
    String yaml =
        """
        name: probe
        description: probes a URL
        request:
          url: "%s"
        """
            .formatted(url);
    executor =
        new ToolExecutor(
            ToolRegistry.of(tools.create(HttpToolTest.definition(yaml))),
            recorder,
            Secrets.none(),
            Duration.ofSeconds(10),
            2,
            Clock.systemUTC());
    return executor.execute(
        new ToolCall("c1", "probe", "{}"), HttpToolTest.contextFor(HttpToolTest.ANA));
  }

  private static void assertRefused(CallResult result) {
    assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.result().message()).isEqualTo("the tool's destination is not allowed");
    assertThat(result.record().summary()).contains("destination refused");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "127.1",
        "[::1]",
        "0x7f000001",
        "2130706433",
        "[::ffff:127.0.0.1]",
        "127.0.0.1"
      })
  void execute_loopbackInAnySpelling_refusedEvenWhenTheHostIsAllowListed(String host) {
    // The admin allow-listed the host (and its canonical form), but never allowed loopback.
    // glibc's resolver reads "0x7f000001" as 127.0.0.1 (inet_aton); the JDK's may not, so the
    // resolver here does it the glibc way and the rest goes to the system resolver.
    Dns inetAton =
        name ->
            name.equals("0x7f000001")
                ? List.of(InetAddress.getByName("127.0.0.1"))
                : Dns.SYSTEM.lookup(name);
    HttpTools tools =
        new HttpTools(
            AddressPolicy.publicOnly(new java.util.HashSet<>(List.of(host, "127.0.0.1"))),
            Secrets.none(),
            inetAton,
            Ticker.systemTicker());

    CallResult result = callVia(tools, "http://" + host + ":" + server.port() + "/orders/x");

    assertRefused(result);
    assertThat(result.record().summary()).contains("loopback");
    assertThat(server.seen).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.7",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "fd00::1",
        "fe80::1",
        "::ffff:10.0.0.7",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "224.0.0.1",
        "ff02::1",
        "::"
      })
  void execute_allowListedNameResolvingToSpecialAddress_refused(String address) {
    // DNS rebinding: an allowed name whose DNS answer points inside the network.
    Dns rebinding = new FakeDns(Map.of("orders.example.com", List.of(address)));
    HttpTools tools =
        new HttpTools(
            AddressPolicy.publicOnly(Set.of("orders.example.com")),
            Secrets.none(),
            rebinding,
            Ticker.systemTicker());

    assertRefused(callVia(tools, "http://orders.example.com/orders/x"));
  }

  @Test
  void execute_oneSpecialAddressAmongPublicOnes_refused() {
    Dns mixed = new FakeDns(Map.of("orders.example.com", List.of("93.184.216.34", "127.0.0.1")));
    HttpTools tools =
        new HttpTools(
            AddressPolicy.publicOnly(Set.of("orders.example.com")),
            Secrets.none(),
            mixed,
            Ticker.systemTicker());

    CallResult result = callVia(tools, "http://orders.example.com:" + server.port() + "/orders/x");

    assertRefused(result);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void execute_redirectToAnotherLoopbackService_notFollowed() throws IOException {
    try (LoopbackOrderServer internal = new LoopbackOrderServer()) {
      server.redirectTo = internal.base() + "/orders/%23W7777777";
      AddressPolicy loopbackAllowed =
          new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.1/32")));

      CallResult result =
          callVia(new HttpTools(loopbackAllowed, Secrets.none()), server.base() + "/redirect");

      assertThat(result.result().outcome()).isEqualTo(Outcome.ERROR);
      assertThat(result.result().message()).contains("redirect");
      assertThat(internal.seen).isEmpty();
      assertThat(server.hits("/redirect")).isEqualTo(1);
    }
  }

  @Test
  void client_connectionToLoopbackLiteral_refusedByTheConnectedAddressCheck() {
    // IP-literal hosts skip the Dns; the network interceptor checks the socket's real address
    // before a single request byte is sent.
    HttpTools tools = new HttpTools(AddressPolicy.publicOnly(Set.of("127.0.0.1")), Secrets.none());
    okhttp3.Request request =
        new okhttp3.Request.Builder().url(server.base() + "/orders/x").build();

    assertThatThrownBy(() -> tools.client().newCall(request).execute().close())
        .isInstanceOf(RefusedDestinationException.class)
        .hasMessageContaining("loopback");
    assertThat(server.seen).isEmpty();
  }

  @Test
  void create_hostNotOnAllowList_refusedAtLoad() {
    HttpTools tools =
        new HttpTools(AddressPolicy.publicOnly(Set.of("orders.example.com")), Secrets.none());

    assertThatThrownBy(() -> callVia(tools, "http://evil.example.net/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evil.example.net")
        .hasMessageContaining("allow-list");
  }

  @Test
  void execute_explicitlyAllowedPrivateRange_reached() {
    AddressPolicy allowed =
        new AddressPolicy(Set.of("127.0.0.1"), List.of(Cidr.parse("127.0.0.0/8")));

    CallResult result =
        callVia(new HttpTools(allowed, Secrets.none()), server.base() + "/anything");

    assertThat(result.result().outcome()).isEqualTo(Outcome.OK);
    assertThat(server.hits("/anything")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "100.127.255.255",
        "0.0.0.0",
        "224.0.0.251",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "::",
        "fc00::1",
        "fd12:3456::1",
        "fe80::abcd",
        "ff05::2",
        "::ffff:127.0.0.1",
        "::ffff:192.168.0.1",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:a00:1::",
        "2001:0:4136:e378::1",
        "2001:db8::1",
        "fec0::1"
      })
  void forbiddenReason_specialAddresses_named(String literal) throws IOException {
    assertThat(IpRanges.forbiddenReason(InetAddress.getByName(literal))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "93.184.216.34",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700:4700::1111",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void forbiddenReason_publicAddresses_empty(String literal) throws IOException {
    assertThat(IpRanges.forbiddenReason(InetAddress.getByName(literal))).isEmpty();
  }

  @Test
  void cidr_containsOnlyItsRange_includingMappedIpv4() throws IOException {
    Cidr range = Cidr.parse("10.20.0.0/16");

    assertThat(range.contains(InetAddress.getByName("10.20.255.1"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
    assertThat(range.contains(InetAddress.getByName("::ffff:10.20.0.9"))).isTrue();
    assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThatThrownBy(() -> Cidr.parse("intranet.local/8")).hasMessageContaining("intranet.local");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("33");
  }
}

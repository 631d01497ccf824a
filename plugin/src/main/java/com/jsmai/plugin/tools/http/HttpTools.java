package com.jsmai.plugin.tools.http;

import com.github.benmanes.caffeine.cache.Ticker;
import com.jsmai.plugin.http.ClientPools;
import com.jsmai.plugin.tools.Secrets;
import java.net.InetAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Builds {@link HttpTool}s that share one guarded HTTP client: a DNS that refuses off-limits
 * addresses, a check of the address each connection really uses, no proxy, no redirects, no retries
 * on another route. Thread-safe.
 */
public final class HttpTools {
  private final AddressPolicy addresses;
  private final Secrets secrets;
  private final Ticker ticker;
  private final OkHttpClient client;

  /** How long an idle connection to a tool's service stays in the pool: see {@link ClientPools}. */
  static final Duration IDLE_CONNECTION_KEEP_ALIVE = ClientPools.IDLE_KEEP_ALIVE;

  public HttpTools(AddressPolicy addresses, Secrets secrets) {
    this(addresses, secrets, Dns.SYSTEM, Ticker.systemTicker());
  }

  /** For tests: a resolver standing in for DNS, and a ticker for the result cache. */
  HttpTools(AddressPolicy addresses, Secrets secrets, Dns resolver, Ticker ticker) {
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.client =
        new OkHttpClient.Builder()
            .dns(new GuardedDns(resolver, addresses))
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectionPool(ClientPools.shortIdle())
            .addNetworkInterceptor(this::checkConnectedAddress)
            .build();
  }

  // The last line of defence: IP-literal hosts never reach the Dns, so check the socket's address.
  private Response checkConnectedAddress(Interceptor.Chain chain) throws java.io.IOException {
    var connection = chain.connection();
    if (connection == null) throw new RefusedDestinationException("no connection to check");
    InetAddress address = connection.route().socketAddress().getAddress();
    addresses.checkAddress(chain.request().url().host(), address);
    return chain.proceed(chain.request());
  }

  /**
   * The tool for {@code definition}.
   *
   * @throws IllegalArgumentException when the URL's host is not on the allow-list
   */
  public HttpTool create(HttpToolDefinition definition) {
    String host = definition.request().urlTemplate().host();
    if (!addresses.allowsHost(host)) {
      throw new IllegalArgumentException(
          "tool " + definition.name() + ": host " + host + " is not on the HTTP tools' allow-list");
    }
    return new HttpTool(definition, client, addresses, secrets, ticker);
  }

  /** The shared guarded client (tests check its last line of defence directly). */
  OkHttpClient client() {
    return client;
  }

  /** Every definition in {@code dir} ({@code *.yaml}), as tools. */
  public List<HttpTool> loadDirectory(Path dir) {
    return HttpToolDefinitions.loadDirectory(dir).stream().map(this::create).toList();
  }
}

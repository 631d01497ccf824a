package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.tools.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * An admin's URL such as {@code https://orders.internal/orders/{order_id}}. Scheme, host and port
 * are fixed; placeholders may only appear inside path segments, and each argument value is
 * percent-encoded as data within its segment: {@code #W2378156} becomes {@code %23W2378156}, {@code
 * ../admin} becomes {@code ..%2Fadmin}, and a value that would make a whole segment {@code .} or
 * {@code ..} is refused. The model can choose what a segment says, never which path is called.
 */
final class UrlTemplate {
  private static final Pattern URL = Pattern.compile("(?i)(https?)://([^/?#@]+)(/[^?#]*)?");
  private static final Pattern AUTHORITY =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
  private static final Pattern LITERAL_SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]*");

  private final String source;
  private final String scheme;
  private final String host;
  private final int port;
  private final List<Template> segments;

  private UrlTemplate(
      String source, String scheme, String host, int port, List<Template> segments) {
    this.source = source;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.segments = List.copyOf(segments);
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  static UrlTemplate parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("url is missing");
    if (text.contains("${secret:")) {
      throw new IllegalArgumentException(
          "url \"" + text + "\": secrets do not belong in the URL; use a header or a query value");
    }
    Matcher m = URL.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "url \""
              + text
              + "\" must look like http(s)://host[:port]/path, with no user info, query or"
              + " fragment (query parameters go under request.query)");
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    Matcher a = AUTHORITY.matcher(m.group(2));
    if (!a.matches()) {
      throw new IllegalArgumentException(
          "url \""
              + text
              + "\": the host must be fixed (no placeholders) and valid: "
              + m.group(2));
    }
    String host = AddressPolicy.normaliseHost(a.group(1));
    int port = a.group(2) == null ? HttpUrl.defaultPort(scheme) : Integer.parseInt(a.group(2));
    if (port < 1 || port > 65535)
      throw new IllegalArgumentException("url \"" + text + "\": bad port " + port);
    List<Template> segments = new ArrayList<>();
    String path = m.group(3) == null ? "/" : m.group(3);
    for (String raw : path.substring(1).split("/", -1)) {
      Template t = Template.parse(raw);
      if (t.isLiteral()
          && (!LITERAL_SEGMENT.matcher(raw).matches() || raw.equals(".") || raw.equals(".."))) {
        throw new IllegalArgumentException(
            "url \"" + text + "\": bad path segment \"" + raw + "\"");
      }
      segments.add(t);
    }
    return new UrlTemplate(text, scheme, host, port, segments);
  }

  String host() {
    return host;
  }

  Set<String> argumentNames() {
    Set<String> names = new LinkedHashSet<>();
    segments.forEach(s -> names.addAll(s.argumentNames()));
    return names;
  }

  /** The URL for these arguments, without a query (the caller adds query parameters). */
  HttpUrl.Builder expand(Map<String, JsonNode> arguments, Secrets secrets) {
    HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme).host(host).port(port);
    for (Template segment : segments) {
      String encoded = segment.expand(arguments, secrets, UrlTemplate::encodeSegmentValue);
      if (encoded.equals(".") || encoded.equals("..")) {
        throw new IllegalArgumentException("a path segment may not be \"" + encoded + "\"");
      }
      url.addEncodedPathSegment(encoded);
    }
    return url;
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
  static String encodeSegmentValue(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}

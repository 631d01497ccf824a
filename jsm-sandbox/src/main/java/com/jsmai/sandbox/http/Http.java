package com.jsmai.sandbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.StateError;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Small helpers shared by the route classes: JSON in and out, paging and expand parameters. */
final class Http {
  private Http() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final String RAW_BODY = "sandbox.rawBody";
  static final String ACCOUNT = "sandbox.account";

  static void json(Context ctx, int status, Object node) {
    try {
      ctx.status(status)
          .contentType("application/json;charset=UTF-8")
          .result(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String body(Context ctx) {
    String b = ctx.attribute(RAW_BODY);
    if (b == null) {
      b = ctx.body();
      ctx.attribute(RAW_BODY, b);
    }
    return b;
  }

  /** The request body as JSON; 400 when it is missing or malformed. */
  static JsonNode jsonBody(Context ctx) {
    String raw = body(ctx);
    if (raw.isBlank()) {
      throw StateError.badRequest("No content to map due to end-of-input.");
    }
    try {
      JsonNode n = JSON.readTree(raw);
      return n == null ? MissingNode.getInstance() : n;
    } catch (JsonProcessingException e) {
      throw StateError.badRequest(
          "Unexpected character in the request body: " + e.getOriginalMessage());
    }
  }

  static Account account(Context ctx) {
    Account a = ctx.attribute(ACCOUNT);
    if (a == null) {
      throw new StateError(
          401, "You are not authenticated. Authentication required to perform this operation.");
    }
    return a;
  }

  static int intParam(Context ctx, String name, int def) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw StateError.badRequest(
          "The parameter '" + name + "' must be an integer, got '" + v + "'.");
    }
  }

  /** A comment id path parameter; 400 when it is not a number. */
  static long commentId(Context ctx, String param) {
    try {
      return Long.parseLong(ctx.pathParam(param));
    } catch (NumberFormatException e) {
      throw StateError.badRequest("The comment id must be a number.");
    }
  }

  static boolean boolParam(Context ctx, String name, boolean def) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return def;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw StateError.badRequest(
          "The parameter '" + name + "' must be true or false, got '" + v + "'.");
    }
    return Boolean.parseBoolean(v);
  }

  /** servicedeskapi paging: {@code start} from 0, {@code limit} 1..100 (default 50). */
  static int start(Context ctx) {
    int start = intParam(ctx, "start", 0);
    if (start < 0) {
      throw StateError.badRequest("The start parameter must be 0 or more, got " + start + ".");
    }
    return start;
  }

  static int limit(Context ctx) {
    int limit = intParam(ctx, "limit", 50);
    if (limit < 1) {
      throw StateError.badRequest("The limit parameter must be 1 or more, got " + limit + ".");
    }
    return Math.min(limit, 100);
  }

  /** A multi-value parameter, repeated or comma-separated. */
  static List<String> multi(Context ctx, String name) {
    List<String> out = new ArrayList<>();
    for (String v : ctx.queryParams(name)) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static Set<String> expand(Context ctx) {
    return new LinkedHashSet<>(multi(ctx, "expand"));
  }

  /** The query string minus paging parameters, for next/prev links. */
  static String queryWithoutPaging(Context ctx) {
    String q = ctx.queryString();
    if (q == null || q.isEmpty()) {
      return "";
    }
    List<String> keep = new ArrayList<>();
    for (String part : q.split("&")) {
      if (!part.startsWith("start=") && !part.startsWith("limit=")) {
        keep.add(part);
      }
    }
    return String.join("&", keep);
  }

  /** A text value from a field: a string, ADF, a number, or {@code {value|name: ...}}. */
  static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (com.jsmai.sandbox.view.Adf.isDoc(v)) {
      return com.jsmai.sandbox.view.Adf.toText(v);
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    if (v.has("value")) {
      return v.get("value").asText();
    }
    if (v.has("name")) {
      return v.get("name").asText();
    }
    return v.toString();
  }
}

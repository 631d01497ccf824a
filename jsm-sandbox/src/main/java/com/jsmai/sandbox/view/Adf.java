package com.jsmai.sandbox.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Atlassian Document Format, as much as the sandbox needs: plain text becomes paragraphs (split on
 * blank lines, line breaks as {@code hardBreak}); ADF becomes text by concatenating text nodes.
 */
public final class Adf {
  private Adf() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Plain text to an ADF document; null for empty text (Jira returns {@code null}). */
  public static JsonNode fromText(String text) {
    if (text == null || text.isEmpty()) {
      return F.nullNode();
    }
    ObjectNode doc = F.objectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (String para : text.replace("\r\n", "\n").split("\n\\s*\n")) {
      ObjectNode p = content.addObject().put("type", "paragraph");
      ArrayNode inline = p.putArray("content");
      String[] lines = para.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          inline.addObject().put("type", "hardBreak");
        }
        if (!lines[i].isEmpty()) {
          inline.addObject().put("type", "text").put("text", lines[i]);
        }
      }
    }
    return doc;
  }

  /** An ADF document (or a plain string) to text. */
  public static String toText(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString().strip();
  }

  /** True if the node looks like an ADF document. */
  public static boolean isDoc(JsonNode node) {
    return node != null && node.isObject() && "doc".equals(node.path("type").asText());
  }

  private static void append(JsonNode node, StringBuilder out) {
    String type = node.path("type").asText();
    switch (type) {
      case "text" -> out.append(node.path("text").asText());
      case "hardBreak" -> out.append('\n');
      case "mention", "emoji" -> out.append(node.path("attrs").path("text").asText());
      case "inlineCard" -> out.append(node.path("attrs").path("url").asText());
      default -> {
        for (JsonNode child : node.path("content")) {
          append(child, out);
        }
        if (type.equals("paragraph")
            || type.equals("heading")
            || type.equals("codeBlock")
            || type.equals("listItem")
            || type.equals("blockquote")) {
          out.append("\n\n");
        }
      }
    }
  }

  /** Minimal HTML rendering of plain text (the {@code renderedBody} / {@code renderedValue}). */
  public static String html(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String para : text.replace("\r\n", "\n").split("\n\\s*\n")) {
      out.append("<p>").append(escape(para).replace("\n", "<br/>")).append("</p>");
    }
    return out.toString();
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

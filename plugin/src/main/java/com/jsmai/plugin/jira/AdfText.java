package com.jsmai.plugin.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Atlassian Document Format (Cloud REST v3 bodies) to plain text and back. Reading keeps the words
 * and the line structure (paragraphs, list items, code, mentions, links as {@code text (url)}); it
 * drops styling. Writing makes one paragraph per blank-line-separated block, hard breaks for single
 * newlines, and link marks for bare http(s) URLs.
 */
public final class AdfText {
  private AdfText() {}

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]]");

  /** Plain text of an ADF document (or any ADF node); a JSON string is returned as is. */
  public static String toPlain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder out = new StringBuilder();
    block(node, out, "");
    return out.toString().replaceAll("\n{3,}", "\n\n").strip();
  }

  private static void block(JsonNode node, StringBuilder out, String indent) {
    String type = node.path("type").asText("");
    switch (type) {
      case "doc",
          "blockquote",
          "panel",
          "expand",
          "nestedExpand",
          "layoutSection",
          "layoutColumn",
          "tableCell",
          "tableHeader" ->
          children(node, out, indent);
      case "paragraph", "heading" -> {
        inline(node, out);
        out.append("\n\n");
      }
      case "bulletList", "orderedList" -> {
        int n = node.path("attrs").path("order").asInt(1);
        for (JsonNode item : node.path("content")) {
          out.append(indent).append(type.equals("orderedList") ? (n++) + ". " : "- ");
          StringBuilder inner = new StringBuilder();
          children(item, inner, indent + "  ");
          out.append(inner.toString().strip()).append('\n');
        }
        out.append('\n');
      }
      case "codeBlock" -> {
        inline(node, out);
        out.append("\n\n");
      }
      case "rule" -> out.append("----\n\n");
      case "table" -> {
        for (JsonNode row : node.path("content")) {
          StringBuilder line = new StringBuilder();
          for (JsonNode cell : row.path("content")) {
            StringBuilder c = new StringBuilder();
            children(cell, c, "");
            if (line.length() > 0) {
              line.append(" | ");
            }
            line.append(c.toString().strip().replace('\n', ' '));
          }
          out.append(line).append('\n');
        }
        out.append('\n');
      }
      case "mediaSingle", "mediaGroup" -> out.append("[attachment]\n\n");
      default -> {
        if (node.has("content")) {
          children(node, out, indent);
        } else {
          inlineNode(node, out);
        }
      }
    }
  }

  private static void children(JsonNode node, StringBuilder out, String indent) {
    for (JsonNode child : node.path("content")) {
      block(child, out, indent);
    }
  }

  private static void inline(JsonNode node, StringBuilder out) {
    for (JsonNode child : node.path("content")) {
      inlineNode(child, out);
    }
  }

  private static void inlineNode(JsonNode node, StringBuilder out) {
    JsonNode attrs = node.path("attrs");
    switch (node.path("type").asText("")) {
      case "text" -> {
        String text = node.path("text").asText("");
        out.append(text);
        for (JsonNode mark : node.path("marks")) {
          if ("link".equals(mark.path("type").asText())) {
            String href = mark.path("attrs").path("href").asText("");
            if (!href.isEmpty() && !href.equals(text)) {
              out.append(" (").append(href).append(')');
            }
          }
        }
      }
      case "hardBreak" -> out.append('\n');
      case "mention" -> out.append(attrs.path("text").asText("@someone"));
      case "emoji" -> out.append(attrs.path("text").asText(attrs.path("shortName").asText("")));
      case "inlineCard", "blockCard" -> out.append(attrs.path("url").asText(""));
      case "date" -> out.append(attrs.path("timestamp").asText(""));
      case "status" -> out.append(attrs.path("text").asText(""));
      default -> inline(node, out);
    }
  }

  /** An ADF document for plain {@code text}. */
  public static ObjectNode fromPlain(String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    String normalised = text == null ? "" : text.replace("\r\n", "\n").strip();
    for (String para : normalised.split("\n\\s*\n")) {
      if (para.isBlank()) {
        continue;
      }
      ObjectNode p = content.addObject().put("type", "paragraph");
      ArrayNode inl = p.putArray("content");
      String[] lines = para.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          inl.addObject().put("type", "hardBreak");
        }
        addText(inl, lines[i]);
      }
    }
    return doc;
  }

  private static void addText(ArrayNode inl, String line) {
    Matcher m = URL.matcher(line);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        inl.addObject().put("type", "text").put("text", line.substring(at, m.start()));
      }
      ObjectNode t = inl.addObject().put("type", "text").put("text", m.group());
      t.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", m.group());
      at = m.end();
    }
    if (at < line.length()) {
      inl.addObject().put("type", "text").put("text", line.substring(at));
    }
  }
}

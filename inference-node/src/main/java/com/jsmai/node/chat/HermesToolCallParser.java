package com.jsmai.node.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Qwen / Hermes tool calls, {@code <tool_call>\n{"name": ..., "arguments": {...}}\n
 * </tool_call>}, out of model output; a port of vLLM's {@code hermes} tool parser.
 *
 * <p>Whole output ({@link #parse}): without {@code <tool_call>} everything is content. Otherwise
 * each {@code <tool_call>...</tool_call>} block (the last one may be unterminated) must hold a JSON
 * object with {@code name} and {@code arguments}; the arguments are re-serialised as Python's
 * {@code json.dumps} writes them (non-ASCII kept). Content is the text before the first tag. If any
 * block is malformed, nothing is a tool call and the whole output is content.
 *
 * <p>Streaming: {@link #newStream()}. Instances are thread-safe; streams are not.
 */
public final class HermesToolCallParser {
  static final String START = "<tool_call>";
  static final String END = "</tool_call>";
  private static final Pattern BLOCK =
      Pattern.compile("<tool_call>(.*?)</tool_call>|<tool_call>(.*)", Pattern.DOTALL);
  private static final char[] ID_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<String> idGenerator;

  /** A parser that names calls {@code call_} + 24 random alphanumerics. */
  public HermesToolCallParser() {
    this(HermesToolCallParser::randomId);
  }

  /** A parser with its own call-id source (tests use a counter). */
  public HermesToolCallParser(Supplier<String> idGenerator) {
    if (idGenerator == null) {
      throw new IllegalArgumentException("idGenerator must not be null");
    }
    this.idGenerator = idGenerator;
  }

  static String randomId() {
    StringBuilder sb = new StringBuilder("call_");
    for (int i = 0; i < 24; i++) {
      sb.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    return sb.toString();
  }

  String nextId() {
    return idGenerator.get();
  }

  /** Parses a complete model output (special tokens such as {@code <|im_end|>} removed). */
  public ExtractedToolCalls parse(String output) {
    int first = output.indexOf(START);
    if (first < 0) {
      return new ExtractedToolCalls(List.of(), output);
    }
    List<ToolCall> calls = new ArrayList<>();
    Matcher m = BLOCK.matcher(output);
    try {
      while (m.find()) {
        String body = m.group(1) != null ? m.group(1) : m.group(2);
        JsonNode call = PythonJson.loads(body);
        if (!call.isObject() || !call.has("name") || !call.has("arguments")) {
          return new ExtractedToolCalls(List.of(), output);
        }
        JsonNode name = call.get("name");
        calls.add(
            new ToolCall(
                nextId(),
                name.isTextual() ? name.textValue() : PythonJson.dumps(name),
                PythonJson.dumps(call.get("arguments"))));
      }
    } catch (JsonProcessingException e) {
      return new ExtractedToolCalls(List.of(), output);
    }
    String content = output.substring(0, first);
    return new ExtractedToolCalls(calls, content.isEmpty() ? null : content);
  }

  /** Starts parsing one streamed response. */
  public StreamingToolCallParser newStream() {
    return new StreamingToolCallParser(this);
  }
}

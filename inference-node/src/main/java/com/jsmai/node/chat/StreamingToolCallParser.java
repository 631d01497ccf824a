package com.jsmai.node.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incremental Hermes tool-call parsing for one streamed response, after vLLM: every step re-parses
 * the whole text so far and sends only what was not sent yet.
 *
 * <ol>
 *   <li>Before any {@code <tool_call>}, new text is content, minus the longest suffix that could
 *       still become {@code <tool_call>} (held back until it is decided). Text after the first tag
 *       is never content.
 *   <li>A call spans from {@code <tool_call>} to {@code </tool_call>}, or to the end of the text (a
 *       partial closing tag at the end is ignored).
 *   <li>When {@code "name": "..."} is complete, the call's first delta goes out: index, a new id,
 *       type and name. A call whose name is still incomplete holds back all later calls.
 *   <li>After {@code "arguments":}, the value is cut out by bracket matching that skips strings and
 *       escapes (a partial value is fine), and only its unsent suffix goes out.
 * </ol>
 *
 * <p>Concatenated argument fragments equal {@link HermesToolCallParser#parse}'s arguments when the
 * model writes its JSON the way Python's {@code json.dumps} does (as Qwen does, having been trained
 * on such prompts). Like vLLM, text already streamed cannot be taken back: a block that turns out
 * malformed has still been streamed as a call. Not thread-safe.
 */
public final class StreamingToolCallParser {
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ARGUMENTS = Pattern.compile("\"arguments\"\\s*:\\s*");

  private final HermesToolCallParser parser;
  private final StringBuilder text = new StringBuilder();
  private int contentSent;
  private final List<String> ids = new ArrayList<>();
  private final List<Integer> argumentsSent = new ArrayList<>();
  private boolean finished;
  private int firstTag = -1;
  private int scannedForTag;
  private int regionStart = -1; // start of the first region not yet closed, or -1
  private int closedRegions; // regions closed by </tool_call> and fully emitted
  private int awaitingNextRegionFrom = -1; // after the last closed region, when no next tag yet

  StreamingToolCallParser(HermesToolCallParser parser) {
    this.parser = parser;
  }

  /** Feeds the next piece of decoded text; returns what can be sent now. */
  public StreamDelta next(String delta) {
    if (finished) {
      throw new IllegalStateException("the stream was already finished");
    }
    text.append(delta);
    return step(false);
  }

  /**
   * Ends the stream: releases held-back text that did not become a tool call. When no call was
   * announced at all, everything not yet sent is content (a malformed block included).
   */
  public StreamDelta finish() {
    if (finished) {
      return StreamDelta.EMPTY;
    }
    finished = true;
    return step(true);
  }

  /** Whether any tool call has been announced (finish_reason "tool_calls"). */
  public boolean toolsCalled() {
    return !ids.isEmpty();
  }

  /** Everything fed so far. */
  public String text() {
    return text.toString();
  }

  private StreamDelta step(boolean end) {
    // Incremental form of "re-parse everything": the first tag and closed call regions cannot
    // change once seen, so only the text after them is looked at again.
    if (firstTag < 0) {
      int from = Math.max(0, scannedForTag - HermesToolCallParser.START.length() + 1);
      firstTag = text.indexOf(HermesToolCallParser.START, from);
      scannedForTag = text.length();
      if (firstTag >= 0) {
        regionStart = firstTag;
      }
    }

    String content = "";
    int contentEnd;
    if (end && ids.isEmpty()) {
      // Nothing became a call (no tag, or a block without a readable name): like the whole-output
      // parse, all of the text is content.
      contentEnd = text.length();
    } else if (firstTag >= 0) {
      contentEnd = firstTag;
    } else if (end) {
      contentEnd = text.length();
    } else {
      contentEnd = text.length() - partialSuffix(text, HermesToolCallParser.START);
      // Never split a surrogate pair across deltas.
      if (contentEnd > 0 && Character.isHighSurrogate(text.charAt(contentEnd - 1))) {
        contentEnd--;
      }
    }
    if (contentEnd > contentSent) {
      content = text.substring(contentSent, contentEnd);
      contentSent = contentEnd;
    }

    List<ToolCallDelta> calls = new ArrayList<>();
    while (regionStart >= 0) {
      int bodyStart = regionStart + HermesToolCallParser.START.length();
      int close = text.indexOf(HermesToolCallParser.END, bodyStart);
      String body;
      if (close >= 0) {
        body = text.substring(bodyStart, close);
      } else {
        body = text.substring(bodyStart);
        body = body.substring(0, body.length() - partialSuffix(body, HermesToolCallParser.END));
      }
      if (!emitCall(closedRegions, body, calls)) {
        break; // an incomplete name holds back later calls
      }
      if (close < 0) {
        break; // the open region is looked at again on the next step
      }
      // A closed region is final: move on to the next one for good.
      closedRegions++;
      regionStart =
          text.indexOf(HermesToolCallParser.START, close + HermesToolCallParser.END.length());
      if (regionStart < 0) {
        regionStart = -1;
        awaitingNextRegionFrom = close + HermesToolCallParser.END.length();
        break;
      }
    }
    if (regionStart < 0 && awaitingNextRegionFrom >= 0) {
      int next = text.indexOf(HermesToolCallParser.START, awaitingNextRegionFrom);
      if (next >= 0) {
        regionStart = next;
        awaitingNextRegionFrom = -1;
        return merge(content, calls, step(false));
      }
      awaitingNextRegionFrom =
          Math.max(awaitingNextRegionFrom, text.length() - HermesToolCallParser.START.length() + 1);
    }
    return new StreamDelta(content, calls);
  }

  private static StreamDelta merge(String content, List<ToolCallDelta> calls, StreamDelta more) {
    List<ToolCallDelta> all = new ArrayList<>(calls);
    all.addAll(more.toolCalls());
    return new StreamDelta(content + more.content(), all);
  }

  /** Emits what is new for call {@code index}; false when its name is not complete yet. */
  private boolean emitCall(int index, String body, List<ToolCallDelta> out) {
    if (index >= ids.size()) {
      Matcher name = NAME.matcher(body);
      if (!name.find()) {
        return false;
      }
      String id = parser.nextId();
      ids.add(id);
      argumentsSent.add(0);
      out.add(new ToolCallDelta(index, id, name.group(1), null));
    }
    Matcher args = ARGUMENTS.matcher(body);
    if (args.find()) {
      String value = jsonValuePrefix(body, args.end());
      int sent = argumentsSent.get(index);
      if (value.length() > sent) {
        out.add(new ToolCallDelta(index, null, null, value.substring(sent)));
        argumentsSent.set(index, value.length());
      }
    }
    return true;
  }

  /**
   * The JSON value starting at {@code from}: up to its closing bracket for objects and arrays, to
   * the closing quote for strings, else to the next {@code ,} or {@code }}; partial when the text
   * ends first.
   */
  static String jsonValuePrefix(String s, int from) {
    if (from >= s.length()) {
      return "";
    }
    char c0 = s.charAt(from);
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++; // skip the escaped character
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return s.substring(from, i + 1); // a string value
          }
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            return s.substring(from, i).stripTrailing(); // end of a scalar value
          }
          depth--;
          if (depth == 0) {
            return s.substring(from, i + 1);
          }
        }
        case ',' -> {
          if (depth == 0 && c0 != '{' && c0 != '[') {
            return s.substring(from, i).stripTrailing();
          }
        }
        default -> {}
      }
    }
    String partial = s.substring(from);
    return c0 == '{' || c0 == '[' || c0 == '"' ? partial : partial.stripTrailing();
  }

  /** Length of the longest proper suffix of {@code s} that is a prefix of {@code tag}. */
  static int partialSuffix(CharSequence s, String tag) {
    outer:
    for (int k = Math.min(tag.length() - 1, s.length()); k > 0; k--) {
      int offset = s.length() - k;
      for (int i = 0; i < k; i++) {
        if (s.charAt(offset + i) != tag.charAt(i)) {
          continue outer;
        }
      }
      return k;
    }
    return 0;
  }
}

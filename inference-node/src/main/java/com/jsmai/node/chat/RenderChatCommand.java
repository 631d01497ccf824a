package com.jsmai.node.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code render-chat --model DIR --input conversation.json}: prints the exact prompt text the
 * checkpoint's chat template produces for an OpenAI-style request ({@code messages}, {@code tools},
 * {@code add_generation_prompt}, {@code chat_template_kwargs}), as UTF-8 with no trailing newline.
 * Exit status 0 on success, 1 for bad input or a template error, 2 for bad usage.
 */
public final class RenderChatCommand {
  static final String USAGE = "usage: render-chat --model DIR --input conversation.json";

  private RenderChatCommand() {}

  /** Runs with the process's stdout and stderr. */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /**
   * Renders an OpenAI-style conversation file with the checkpoint's own chat template: the exact
   * prompt text {@code render-chat} prints and {@code generate --input} feeds the model.
   *
   * @throws JsonProcessingException when the file is not JSON
   * @throws ChatTemplateException when the template refuses the conversation
   */
  public static String renderFile(Path modelDir, Path conversation) throws IOException {
    ChatTemplate template = ChatTemplate.fromModelDir(modelDir);
    JsonNode request =
        new ObjectMapper().readTree(Files.readString(conversation, StandardCharsets.UTF_8));
    return template.render(ChatInput.fromRequest(request));
  }

  /** Runs with the given streams (the {@code Main} dispatcher's). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path model = null;
    Path input = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--model") || a.equals("--input")) && i + 1 < args.length) {
        Path p = Paths.get(args[++i]);
        if (a.equals("--model")) {
          model = p;
        } else {
          input = p;
        }
      } else if (a.equals("-h") || a.equals("--help")) {
        err.println(USAGE);
        return 0;
      } else {
        err.println("render-chat: unexpected argument '" + a + "'");
        err.println(USAGE);
        return 2;
      }
    }
    if (model == null || input == null) {
      err.println("render-chat: both --model and --input are required");
      err.println(USAGE);
      return 2;
    }
    try {
      String prompt = renderFile(model, input);
      // Raw UTF-8 bytes: PrintStream's own charset may be ASCII under a POSIX locale.
      out.write(prompt.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return 0;
    } catch (JsonProcessingException e) {
      err.println("render-chat: " + input + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      err.println("render-chat: cannot read " + e.getMessage());
    } catch (ChatTemplateException | IllegalArgumentException e) {
      err.println("render-chat: " + e.getMessage());
    }
    return 1;
  }
}

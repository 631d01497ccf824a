package com.jsmai.plugin.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An install's own labelled examples for the learned stage's training ({@code
 * InjectionClassifierTraining --extra FILE}): JSON Lines, one object per line, {@code {"text":
 * "...", "label": "attack" | "benign", ...}}; other fields (the export of agents' verdicts adds
 * ticket keys, dates, who decided) are ignored. Blank lines are skipped. A malformed line stops the
 * read with its line number: a half-read file would silently train on less than the admin gave.
 */
final class LabelledExamples {
  private LabelledExamples() {}

  /**
   * One example.
   *
   * @param line its 1-based line in the file
   * @param attack whether it is labelled {@code attack} (else {@code benign})
   */
  record Example(int line, String text, boolean attack) {
    Example {
      Objects.requireNonNull(text, "text");
      if (text.isBlank()) throw new IllegalArgumentException("text is blank (line " + line + ")");
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @throws IOException when the file cannot be read, or a line is not a JSON object with a
   *     non-blank string {@code text} and a {@code label} of {@code attack} or {@code benign}; the
   *     message names the file and the line
   */
  static List<Example> read(Path file) throws IOException {
    List<Example> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        out.add(parse(file, n, line));
      }
    }
    return List.copyOf(out);
  }

  static Example parse(Path file, int n, String line) throws IOException {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw bad(file, n, "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) throw bad(file, n, "not a JSON object");
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw bad(file, n, "\"text\" must be a non-blank string");
    }
    JsonNode label = node.get("label");
    if (label == null || !label.isTextual()) {
      throw bad(file, n, "\"label\" must be \"attack\" or \"benign\"");
    }
    return switch (label.asText()) {
      case "attack" -> new Example(n, text.asText(), true);
      case "benign" -> new Example(n, text.asText(), false);
      default ->
          throw bad(
              file,
              n,
              "\"label\" must be \"attack\" or \"benign\", not "
                  + ExternalAttackCorpora.abbreviate(label.toString()));
    };
  }

  private static IOException bad(Path file, int line, String why) {
    return new IOException(file + " line " + line + ": " + why);
  }
}

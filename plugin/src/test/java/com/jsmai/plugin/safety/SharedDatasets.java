package com.jsmai.plugin.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the public datasets under {@code ../shared/datasets/} (never copied into the repository)
 * and applies the fixed development / held-out split used by every guard-rail measurement.
 *
 * <p>The split: SHA-256 of the case's text (UTF-8); an even first byte puts the case in the
 * development half, an odd one in the held-out half. It was fixed before any rule was written and
 * does not depend on labels or order.
 */
public final class SharedDatasets {
  private SharedDatasets() {}

  public enum Half {
    DEV,
    HELD_OUT,
    ALL
  }

  /**
   * One attack of the corpus.
   *
   * @param systemPrompt the test case's own system prompt: what the attack is against
   */
  public record AttackCase(int id, String text, String variant, String type, String systemPrompt) {}

  public record LabelledText(String text, String label) {}

  /** The datasets folder, from {@code -Djsmai.repo.root} or the working directory's parents. */
  public static Optional<Path> root() {
    List<Path> candidates = new ArrayList<>();
    String repoRoot = System.getProperty("jsmai.repo.root");
    if (repoRoot != null) candidates.add(Path.of(repoRoot).resolve("../shared/datasets"));
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
      candidates.add(dir.resolve("../shared/datasets"));
    }
    return candidates.stream().map(Path::normalize).filter(Files::isDirectory).findFirst();
  }

  public static boolean inHalf(String text, Half half) {
    if (half == Half.ALL) return true;
    boolean dev = (sha256(text)[0] & 1) == 0;
    return half == Half.DEV ? dev : !dev;
  }

  public static List<AttackCase> attacks(Path root, Half half) throws IOException {
    JsonNode all =
        new ObjectMapper()
            .readTree(
                root.resolve("prompt-injection/cyberseceval-prompt-injection.en.json").toFile());
    List<AttackCase> out = new ArrayList<>();
    for (JsonNode c : all) {
      String text = c.path("user_input").asText();
      if (!inHalf(text, half)) continue;
      out.add(
          new AttackCase(
              c.path("prompt_id").asInt(),
              text,
              c.path("injection_variant").asText(),
              c.path("injection_type").asText(),
              c.path("test_case_prompt").asText()));
    }
    return out;
  }

  /** The XSTest prompts labelled {@code safe}. */
  public static List<LabelledText> xstestSafe(Path root, Half half) throws IOException {
    List<LabelledText> out = new ArrayList<>();
    List<List<String>> rows = csv(root.resolve("over-refusal/xstest_prompts.csv"));
    List<String> header = rows.get(0);
    int prompt = header.indexOf("prompt");
    int label = header.indexOf("label");
    int type = header.indexOf("type");
    for (List<String> row : rows.subList(1, rows.size())) {
      if (!row.get(label).equals("safe") || !inHalf(row.get(prompt), half)) continue;
      out.add(new LabelledText(row.get(prompt), row.get(type)));
    }
    return out;
  }

  /** banking77 {@code train} or {@code test}: text and intent. */
  public static List<LabelledText> banking77(Path root, String split, Half half)
      throws IOException {
    List<LabelledText> out = new ArrayList<>();
    List<List<String>> rows = csv(root.resolve("banking77/" + split + ".csv"));
    for (List<String> row : rows.subList(1, rows.size())) {
      if (inHalf(row.get(0), half)) out.add(new LabelledText(row.get(0), row.get(1)));
    }
    return out;
  }

  /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
  static List<List<String>> csv(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
        row.add(field.toString());
        field.setLength(0);
        if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

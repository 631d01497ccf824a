package com.jsmai.plugin.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Attack corpora that are measured but never committed: {@code scripts/fetch-attack-corpora}
 * downloads them into a folder git ignores and this class reads them.
 *
 * <p>Today one corpus: the jailbreak templates of promptfoo 0.123.1 (npm, MIT), the strings its
 * red-team prompt-injection strategy wraps around a request, with {@value #PLACEHOLDER} where the
 * request goes. The script writes them as a JSON array of strings; {@link #read} checks that shape
 * and {@link #fill} puts a request in, exactly as promptfoo does (every placeholder replaced; a
 * template without one is sent as it is).
 */
final class ExternalAttackCorpora {
  private ExternalAttackCorpora() {}

  static final String PLACEHOLDER = "__PROMPT__";
  static final String PROMPTFOO_VERSION = "0.123.1";
  static final String PROMPTFOO_FILE = "promptfoo-jailbreaks-" + PROMPTFOO_VERSION + ".json";
  static final String FETCH_HINT = "run scripts/fetch-attack-corpora";

  /**
   * One template with the request put in.
   *
   * @param index the template's position in promptfoo's array (0-based), to find it again
   * @param hadPlaceholder whether the template had a place for the request at all
   * @param text what a customer would send
   */
  record Attack(int index, boolean hadPlaceholder, String text) {
    Attack {
      if (index < 0) throw new IllegalArgumentException("index must be >= 0: " + index);
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Where the script puts the corpora, in order: {@code -Djsmai.attackCorpora}, the environment
   * variable {@code JSMAI_ATTACK_CORPORA} (both as the script's {@code --dir}), then {@code
   * .attack-corpora} under {@code -Djsmai.repo.root} or the working directory and its parents.
   */
  static List<Path> candidateDirs() {
    Set<Path> out = new LinkedHashSet<>();
    String property = System.getProperty("jsmai.attackCorpora");
    if (property != null && !property.isBlank()) out.add(Path.of(property));
    String env = System.getenv("JSMAI_ATTACK_CORPORA");
    if (env != null && !env.isBlank()) out.add(Path.of(env));
    String repoRoot = System.getProperty("jsmai.repo.root");
    if (repoRoot != null) out.add(Path.of(repoRoot).resolve(".attack-corpora"));
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
      out.add(dir.resolve(".attack-corpora"));
    }
    return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }

  /** The extracted promptfoo file, when the script has been run. */
  static Optional<Path> promptfooJailbreaks() {
    return candidateDirs().stream()
        .map(d -> d.resolve(PROMPTFOO_FILE))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  /**
   * Reads a JSON array of non-blank strings.
   *
   * @throws IOException when the file is unreadable, not JSON, or not an array of non-blank strings
   *     (the message names the file and the bad element)
   */
  static List<String> read(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not JSON (" + e.getMessage() + "); " + FETCH_HINT, e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + ": expected a JSON array of strings; " + FETCH_HINT);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      if (!n.isTextual() || n.asText().isBlank()) {
        throw new IOException(
            file + ": element " + i + " is not a non-blank string: " + abbreviate(n.toString()));
      }
      out.add(n.asText());
    }
    if (out.isEmpty()) throw new IOException(file + ": the array is empty; " + FETCH_HINT);
    return List.copyOf(out);
  }

  /** Every template with each {@value #PLACEHOLDER} replaced by {@code request}, verbatim. */
  static List<Attack> fill(List<String> templates, String request) {
    Objects.requireNonNull(request, "request");
    if (request.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException("request must not contain " + PLACEHOLDER);
    }
    List<Attack> out = new ArrayList<>(templates.size());
    for (int i = 0; i < templates.size(); i++) {
      String t = templates.get(i);
      // String.replace is literal: a '$' or '\' in the request is not a regex group reference.
      out.add(new Attack(i, t.contains(PLACEHOLDER), t.replace(PLACEHOLDER, request)));
    }
    return out;
  }

  /**
   * A template's family: its first 120 characters, whitespace folded. Versions of one jailbreak
   * (promptfoo ships several DAN and DUDE versions) share their opening, so they share a family.
   */
  static String familyOf(String template) {
    String folded = template.replaceAll("\\s+", " ").strip();
    return folded.substring(0, Math.min(FAMILY_CHARS, folded.length()));
  }

  static final int FAMILY_CHARS = 120;

  /**
   * The fixed development / held-out split of a jailbreak corpus, by family (docs/safety.md, "Third
   * round, amendment"): SHA-256 (UTF-8) of {@link #familyOf}; an even first byte puts the family,
   * every version of it, in the development half, an odd one in the held-out half. The same rule as
   * {@link SharedDatasets#inHalf} applied to the family instead of the whole text, so no version of
   * a held-out jailbreak is developed on.
   */
  static boolean inHalf(String template, SharedDatasets.Half half) {
    return SharedDatasets.inHalf(familyOf(template), half);
  }

  /** The templates of one half, in corpus order, with their positions in the whole corpus. */
  static List<Integer> indicesInHalf(List<String> templates, SharedDatasets.Half half) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      if (inHalf(templates.get(i), half)) out.add(i);
    }
    return List.copyOf(out);
  }

  static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() > 120 ? one.substring(0, 120) + "..." : one;
  }
}

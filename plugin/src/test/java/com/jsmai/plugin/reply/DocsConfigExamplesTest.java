package com.jsmai.plugin.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The YAML examples of the reply pipeline's pages load through the service's own configuration
 * loader: a reader who copies one into plugin.yaml gets no "unknown key" at start-up.
 */
class DocsConfigExamplesTest {
  private static final Path DOCS =
      Path.of(System.getProperty("jsmai.repo.root", ".."), "docs").toAbsolutePath().normalize();
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  /** The YAML blocks of {@code page} that are plugin configuration (not tool definitions). */
  private static List<String> configBlocks(String page) throws IOException {
    String text = Files.readString(DOCS.resolve(page));
    List<String> blocks = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(text);
    while (m.find()) {
      String block = m.group(1);
      if (!block.startsWith("name:")) blocks.add(block); // "name:" starts a tool definition
    }
    return blocks;
  }

  @ParameterizedTest
  @ValueSource(strings = {"conversation.md", "reply-policy.md"})
  void yamlExamples_loadWithoutUnknownKeys(String page, @TempDir Path dir) throws Exception {
    assumeTrue(Files.isDirectory(DOCS), "docs/ not found at " + DOCS);
    List<String> blocks = configBlocks(page);
    assertThat(blocks).as("config examples in " + page).isNotEmpty();
    ConfigLoader loader =
        new ConfigLoader(
            ConfigSections.ALL,
            Map.of("JSMAI_WEBHOOK_SECRET", "a-webhook-secret-for-the-docs-check-0123456789"));
    for (int i = 0; i < blocks.size(); i++) {
      Path file = dir.resolve(page + "-" + i + ".yaml");
      Files.writeString(file, blocks.get(i));
      assertThatCode(() -> loader.load(file))
          .as("example %d of docs/%s:%n%s", i + 1, page, blocks.get(i))
          .doesNotThrowAnyException();
    }
  }
}

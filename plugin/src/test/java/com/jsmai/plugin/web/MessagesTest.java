package com.jsmai.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {
  static Properties bundle(String name) throws Exception {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/" + name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void bundles_englishAndChinese_haveTheSameKeys() throws Exception {
    assertThat(new TreeSet<>(bundle("messages_zh.properties").stringPropertyNames()))
        .isEqualTo(new TreeSet<>(bundle("messages.properties").stringPropertyNames()));
  }

  @Test
  void everyKeyUsedInTheUiCode_existsInTheBundle() throws Exception {
    Set<String> keys = bundle("messages.properties").stringPropertyNames();
    Pattern used = Pattern.compile("\"((?:panel|admin)\\.[a-zA-Z.]+)\"");
    Set<String> missing = new TreeSet<>();
    for (String pkg : new String[] {"panel", "admin", "web"}) {
      try (Stream<Path> files = Files.list(Paths.get("src/main/java/com/jsmai/plugin", pkg))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Matcher m = used.matcher(Files.readString(f));
          while (m.find()) {
            if (!m.group(1).endsWith(".js") && !keys.contains(m.group(1))) missing.add(m.group(1));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void get_chinese_readsUtf8AndFormatsArguments() {
    Messages zh = Messages.of(Locale.CHINESE);

    assertThat(zh.get("admin.saved", 7)).isEqualTo("已保存为第 7 版。");
    assertThat(zh.language()).isEqualTo("zh");
    assertThat(Messages.of(Locale.ENGLISH).get("panel.generate")).isEqualTo("Suggest a reply");
  }
}

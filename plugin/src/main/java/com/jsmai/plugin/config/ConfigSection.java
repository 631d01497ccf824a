package com.jsmai.plugin.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One top-level key of the configuration file, bound to a record. Register it in {@link
 * ConfigSections#ALL}; the loader then rejects unknown keys inside it, applies environment
 * overrides ({@code JSMAI_<SECTION>_<KEY>}) and hands the bound record out through {@link
 * PluginConfig#get(Class)}.
 *
 * @param name the key in the file, lower camel case (for example {@code jira})
 * @param type a record whose compact constructor validates the values and fills in defaults for
 *     keys that may be left out
 */
public record ConfigSection<T extends Record>(String name, Class<T> type) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");

  public ConfigSection {
    Objects.requireNonNull(type, "type");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("section name must be lower camel case: " + name);
    }
  }

  public static <T extends Record> ConfigSection<T> of(String name, Class<T> type) {
    return new ConfigSection<>(name, type);
  }
}

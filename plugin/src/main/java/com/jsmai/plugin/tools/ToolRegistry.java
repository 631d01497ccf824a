package com.jsmai.plugin.tools;

import com.jsmai.plugin.llm.ToolSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools the assistant knows, by name, in registration order. Immutable and thread-safe. */
public final class ToolRegistry {
  private final Map<String, RegisteredTool> tools;

  private ToolRegistry(Map<String, RegisteredTool> tools) {
    this.tools = tools;
  }

  /**
   * A registry of {@code tools}.
   *
   * @throws IllegalArgumentException when two tools share a name or a schema does not compile
   */
  public static ToolRegistry of(Collection<? extends Tool> tools) {
    Map<String, RegisteredTool> byName = new LinkedHashMap<>();
    for (Tool tool : tools) {
      String name = tool.name();
      if (byName.containsKey(name)) {
        throw new IllegalArgumentException("two tools are named " + name);
      }
      byName.put(name, new RegisteredTool(tool, ArgumentValidator.compile(tool.spec())));
    }
    return new ToolRegistry(java.util.Collections.unmodifiableMap(byName));
  }

  public static ToolRegistry of(Tool... tools) {
    return of(List.of(tools));
  }

  public Optional<Tool> find(String name) {
    RegisteredTool registered = tools.get(name);
    return registered == null ? Optional.empty() : Optional.of(registered.tool());
  }

  Optional<RegisteredTool> lookup(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  public List<String> names() {
    return List.copyOf(tools.keySet());
  }

  /** The specs offered to the model under {@code policy}: refused write tools are left out. */
  public List<ToolSpec> specsOfferedUnder(ToolPolicy policy) {
    return tools.values().stream()
        .map(RegisteredTool::tool)
        .filter(policy::offers)
        .map(Tool::spec)
        .toList();
  }

  record RegisteredTool(Tool tool, ArgumentValidator validator) {}
}

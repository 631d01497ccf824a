package com.jsmai.plugin.tools;

import java.util.Objects;
import java.util.Set;

/**
 * What the service desk's policy lets the model do with tools. Read tools are always allowed. A
 * write tool runs only when it is listed in {@code writeTools} and the mode allows writes: {@code
 * AUTO} executes it, {@code SUGGEST} turns it into a {@link ProposedAction} for an agent to
 * approve, {@code OFF} refuses it. Least privilege by default: an empty list allows no write at
 * all.
 *
 * @param mode the desk's mode
 * @param writeTools names of the write tools this desk allows (read tools need not be listed)
 */
public record ToolPolicy(Mode mode, Set<String> writeTools) {

  public enum Mode {
    /** No write tool runs; the model is not even offered one. */
    OFF,
    /** Write tools become proposed actions that an agent approves. */
    SUGGEST,
    /** Allowed write tools execute immediately. */
    AUTO
  }

  /** The decision for one call. */
  public enum Decision {
    EXECUTE,
    PROPOSE,
    REFUSE
  }

  public ToolPolicy {
    Objects.requireNonNull(mode, "mode");
    writeTools = writeTools == null ? Set.of() : Set.copyOf(writeTools);
  }

  /** Read tools only. */
  public static ToolPolicy readOnly() {
    return new ToolPolicy(Mode.OFF, Set.of());
  }

  public static ToolPolicy suggest(Set<String> writeTools) {
    return new ToolPolicy(Mode.SUGGEST, writeTools);
  }

  public static ToolPolicy auto(Set<String> writeTools) {
    return new ToolPolicy(Mode.AUTO, writeTools);
  }

  public Decision decide(Tool tool) {
    if (tool.effect() == Tool.Effect.READ) return Decision.EXECUTE;
    if (!writeTools.contains(tool.name())) return Decision.REFUSE;
    return switch (mode) {
      case OFF -> Decision.REFUSE;
      case SUGGEST -> Decision.PROPOSE;
      case AUTO -> Decision.EXECUTE;
    };
  }

  /** Whether the model should be offered {@code tool} at all (refused tools are not offered). */
  public boolean offers(Tool tool) {
    return decide(tool) != Decision.REFUSE;
  }
}

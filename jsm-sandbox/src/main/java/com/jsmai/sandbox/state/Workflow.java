package com.jsmai.sandbox.state;

import java.util.List;
import java.util.Optional;

/**
 * The service desk workflow: a trimmed copy of JSM's default "Service request" workflow, with the
 * two automation rules every JSM project ships with (a customer comment on "Waiting for customer"
 * moves the request back to "Waiting for support"; a public agent comment on "Waiting for support"
 * moves it to "Waiting for customer").
 */
public final class Workflow {
  private Workflow() {}

  /** A status with its Jira status category ({@code new}, {@code indeterminate}, {@code done}). */
  public record Status(String id, String name, String categoryKey) {
    /** The servicedeskapi {@code statusCategory} enum value. */
    public String sdCategory() {
      return switch (categoryKey) {
        case "new" -> "NEW";
        case "indeterminate" -> "INDETERMINATE";
        case "done" -> "DONE";
        default -> "UNDEFINED";
      };
    }

    public boolean isDone() {
      return "done".equals(categoryKey);
    }
  }

  /**
   * A transition.
   *
   * @param id transition id
   * @param name what the button says
   * @param to target status name
   * @param fromDone true if it is offered only on done statuses, false if only on open ones
   * @param resolution resolution set by the transition, or null to clear it
   */
  public record Transition(
      String id, String name, String to, boolean fromDone, String resolution) {}

  public static final String WAITING_FOR_SUPPORT = "Waiting for support";
  public static final String WAITING_FOR_CUSTOMER = "Waiting for customer";

  public static final List<Status> STATUSES =
      List.of(
          new Status("10001", WAITING_FOR_SUPPORT, "new"),
          new Status("10002", WAITING_FOR_CUSTOMER, "indeterminate"),
          new Status("3", "In Progress", "indeterminate"),
          new Status("10003", "Escalated", "indeterminate"),
          new Status("5", "Resolved", "done"),
          new Status("6", "Closed", "done"),
          new Status("10004", "Canceled", "done"));

  /** Transitions agents see through {@code /rest/api/N/issue/{key}/transitions}. */
  public static final List<Transition> AGENT_TRANSITIONS =
      List.of(
          new Transition("11", "Respond to customer", WAITING_FOR_CUSTOMER, false, null),
          new Transition("21", "Start work", "In Progress", false, null),
          new Transition("31", "Escalate", "Escalated", false, null),
          new Transition("41", "Resolve this issue", "Resolved", false, "Done"),
          new Transition("51", "Close", "Closed", false, "Done"),
          new Transition("61", "Back to support", WAITING_FOR_SUPPORT, false, null),
          new Transition("71", "Reopen", WAITING_FOR_SUPPORT, true, null));

  /** Transitions customers see through {@code /rest/servicedeskapi/request/{key}/transition}. */
  public static final List<Transition> CUSTOMER_TRANSITIONS =
      List.of(
          new Transition("901", "Resolve this issue", "Resolved", false, "Done"),
          new Transition("911", "Cancel request", "Canceled", false, "Won't Do"),
          new Transition("921", "Reopen", WAITING_FOR_SUPPORT, true, null));

  public static Status status(String name) {
    return STATUSES.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown status '" + name + "'"));
  }

  /** The transitions available from {@code statusName}, excluding ones that go nowhere. */
  public static List<Transition> available(List<Transition> all, String statusName) {
    boolean done = status(statusName).isDone();
    return all.stream().filter(t -> t.fromDone() == done && !t.to().equals(statusName)).toList();
  }

  public static Optional<Transition> find(List<Transition> all, String statusName, String id) {
    return available(all, statusName).stream().filter(t -> t.id().equals(id)).findFirst();
  }
}

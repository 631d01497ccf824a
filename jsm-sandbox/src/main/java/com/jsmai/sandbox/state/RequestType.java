package com.jsmai.sandbox.state;

import java.util.List;

/** A JSM request type of a service desk, with the fields of its portal form. */
public record RequestType(
    String id,
    String serviceDeskId,
    String name,
    String description,
    String helpText,
    String issueTypeId,
    List<RequestField> fields) {
  public RequestType {
    fields = List.copyOf(fields);
  }
}

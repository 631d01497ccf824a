package com.jsmai.plugin.tools.http;

import java.io.IOException;

/** An HTTP tool tried to reach a host or address its {@link AddressPolicy} does not allow. */
public class RefusedDestinationException extends IOException {
  public RefusedDestinationException(String message) {
    super(message);
  }
}

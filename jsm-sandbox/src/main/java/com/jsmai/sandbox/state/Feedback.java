package com.jsmai.sandbox.state;

/** CSAT feedback on a request: a rating from 1 to 5 and an optional comment. */
public record Feedback(long issueId, int rating, String comment) {
  public Feedback {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating must be 1..5, got " + rating);
    }
  }
}

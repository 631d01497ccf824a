package com.jsmai.plugin.flagged;

/**
 * The agents' view of the input check on one service desk.
 *
 * @param serviceDeskId the desk
 * @param flagged rows kept for the desk
 * @param judged rows with a verdict
 * @param confirmed rows whose verdict is {@link Verdict#ATTACK}
 */
public record DeskPrecision(String serviceDeskId, int flagged, int judged, int confirmed) {
  /** Confirmed / judged, or null while nothing is judged (no precision to show, not 0%). */
  public Double precision() {
    return judged == 0 ? null : (double) confirmed / judged;
  }
}

/**
 * Tickets the input check flagged, kept so that agents can judge them ("not an attack" / "confirmed
 * attack") and admins can export the judged ones as training data for the learned stage
 * (docs/safety.md, "Agents' verdicts on flagged tickets"). The flagged text is customer data: it is
 * encrypted at rest with the audit log's key ring and purged after a retention period.
 */
package com.jsmai.plugin.flagged;

package com.jsmai.sandbox.state;

/** A link between two issues, of a named link type (Relates, Blocks, Duplicate, Cloners). */
public record IssueLink(long id, String type, long inwardIssueId, long outwardIssueId) {}

package com.jsmai.sandbox.state;

/** A JSM service desk and its peer project. */
public record ServiceDesk(String id, String projectId, String projectKey, String projectName) {}

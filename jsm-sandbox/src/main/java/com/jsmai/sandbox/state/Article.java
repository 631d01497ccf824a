package com.jsmai.sandbox.state;

/** A seeded knowledge-base article (a Confluence page in real JSM). */
public record Article(String pageId, String spaceKey, String title, String body) {}

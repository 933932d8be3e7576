package dev.preflight.checklist.domain;

/** A template version. */
public record TemplateRef(String id, int version) {}

package dev.preflight.checklist.service;

/** A version's checklist changed; observed after commit, e.g. to answer waiting gate requests. */
public record ChecklistChanged(String modelId, String version) {}

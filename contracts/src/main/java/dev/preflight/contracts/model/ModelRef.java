package dev.preflight.contracts.model;

/**
 * What every consumer needs to know of a model besides its id: carried in version and phase events
 * so that no consumer has to look it up.
 */
public record ModelRef(String modelId, String name, String team, Owner owner) {}

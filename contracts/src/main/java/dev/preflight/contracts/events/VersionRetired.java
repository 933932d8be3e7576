package dev.preflight.contracts.events;

import java.util.Optional;

/** A version was retired and no longer serves. */
public record VersionRetired(
    String modelId, String version, String team, Optional<String> reason) {}

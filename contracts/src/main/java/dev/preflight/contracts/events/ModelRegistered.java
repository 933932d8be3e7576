package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Owner;
import java.util.Optional;

/** A model was registered: who owns it and which team it belongs to. */
public record ModelRegistered(
    String modelId, String name, String team, Owner owner, Optional<String> description) {}

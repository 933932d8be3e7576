package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.util.Optional;

/** A checklist item changed state. */
public record ItemUpdated(
    String modelId,
    String version,
    String team,
    Phase phase,
    String itemId,
    ItemState state,
    ItemState previousState,
    Optional<Evidence> evidence,
    String actor) {}

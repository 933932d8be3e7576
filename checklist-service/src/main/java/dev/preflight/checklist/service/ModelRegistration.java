package dev.preflight.checklist.service;

import dev.preflight.contracts.model.Owner;
import java.util.Optional;

/**
 * What a pipeline registers about a model (body of {@code POST /api/v1/models}).
 *
 * @param template the checklist template of its versions; {@code default} when absent
 */
public record ModelRegistration(
    String modelId,
    String name,
    String team,
    Owner owner,
    Optional<String> description,
    Optional<String> template) {}

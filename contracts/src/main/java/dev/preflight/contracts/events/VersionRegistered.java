package dev.preflight.contracts.events;

import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.VersionManifest;

/**
 * A version was registered with its manifest and got a checklist from a template.
 *
 * @param firstVersion whether it is the model's first version (new-version items do not apply)
 */
public record VersionRegistered(
    ModelRef model,
    String version,
    VersionManifest manifest,
    boolean firstVersion,
    String templateId,
    int templateVersion) {}

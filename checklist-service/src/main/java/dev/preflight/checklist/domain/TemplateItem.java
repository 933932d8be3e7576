package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.Phase;

/**
 * One item of a checklist template.
 *
 * @param id stable id, e.g. {@code creator-logged}
 * @param newVersionsOnly applies only when the version replaces a previous one
 * @param automated a machine verifies it; otherwise only an approver's attestation can pass it
 * @param required it must be passed or waived for its phase to complete
 */
public record TemplateItem(
    String id,
    Phase phase,
    String text,
    boolean newVersionsOnly,
    boolean automated,
    boolean required) {}

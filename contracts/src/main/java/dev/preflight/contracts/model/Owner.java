package dev.preflight.contracts.model;

import java.util.Optional;

/**
 * The person who created and answers for a model.
 *
 * @param name full name
 * @param email where alerts and questions reach them
 */
public record Owner(String name, Optional<String> email) {}

package dev.preflight.checklist.service;

/**
 * The result of an idempotent registration.
 *
 * @param created false when the same registration had been made already
 */
public record Registered<T>(T value, boolean created) {}

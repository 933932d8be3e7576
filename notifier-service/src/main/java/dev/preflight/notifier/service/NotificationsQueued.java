package dev.preflight.notifier.service;

/** Fired when a transaction queued notifications; observed after commit to wake the delivery. */
public record NotificationsQueued() {}

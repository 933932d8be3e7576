package dev.preflight.checklist.service;

import java.util.List;

/** One page of a list, and how many items the whole list has. */
public record Page<T>(List<T> items, long total) {}

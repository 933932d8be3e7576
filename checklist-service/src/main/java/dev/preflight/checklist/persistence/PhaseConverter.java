package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.Phase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a phase by its id, e.g. {@code after-training}. */
@Converter
public class PhaseConverter implements AttributeConverter<Phase, String> {
  @Override
  public String convertToDatabaseColumn(Phase phase) {
    return phase == null ? null : phase.id();
  }

  @Override
  public Phase convertToEntityAttribute(String id) {
    return id == null ? null : Phase.of(id);
  }
}

package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.ItemState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an item state by its id, e.g. {@code not-applicable}. */
@Converter
public class ItemStateConverter implements AttributeConverter<ItemState, String> {
  @Override
  public String convertToDatabaseColumn(ItemState state) {
    return state == null ? null : state.id();
  }

  @Override
  public ItemState convertToEntityAttribute(String id) {
    return id == null ? null : ItemState.of(id);
  }
}

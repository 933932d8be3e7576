package dev.preflight.checklist.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.preflight.contracts.model.ItemState;
import java.util.Collection;

/**
 * A phase's readiness in the manner of Google's ML Test Score: an item a machine verified counts 1,
 * one a person attested or waived counts 0.5, anything else 0, out of one point per applicable
 * item.
 */
public record ReadinessScore(double points, int maxPoints) {

  /** One item as the score sees it. */
  public record Item(ItemState state, boolean attested) {}

  public static ReadinessScore of(Collection<Item> items) {
    double points = 0;
    int max = 0;
    for (Item item : items) {
      if (item.state() == ItemState.NOT_APPLICABLE) {
        continue;
      }
      max++;
      if (item.state() == ItemState.WAIVED
          || (item.state() == ItemState.PASSED && item.attested())) {
        points += 0.5;
      } else if (item.state() == ItemState.PASSED) {
        points += 1;
      }
    }
    return new ReadinessScore(points, max);
  }

  /** Points over the maximum, 0..1; 1 for a phase without applicable items. */
  @JsonProperty
  public double ratio() {
    return maxPoints == 0 ? 1 : points / maxPoints;
  }
}

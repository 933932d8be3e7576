package dev.preflight.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Json;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.ProfileBuilder;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.window.Reference;
import dev.preflight.monitor.window.WindowAggregate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DriftHistoryTest {

  private static final Thresholds DEFAULTS = Thresholds.defaults(100, 1_000, 3, 3);
  private static final long MINUTE = 60_000;

  private final Random random = new Random(2026_12_02L);

  @Test
  void eachWindowOfTheHorizonIsJudgedOnItsOwnSoAChartShowsWhenDriftBegan() {
    double[] amounts = new double[5_000];
    for (int i = 0; i < amounts.length; i++) {
      amounts[i] = 50 + 10 * random.nextGaussian();
    }
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    features.put("amount", ProfileBuilder.numeric(amounts, 0));
    features.put(
        "country", FeatureProfile.categorical(5_000, 0, Map.of("DE", 3_000L, "FR", 2_000L)));
    Profile profile =
        new Profile(
            "history",
            "1.0.0",
            "steady",
            "posted",
            OffsetDateTime.now(),
            5_000,
            features,
            Optional.empty(),
            Map.of(),
            Thresholds.NONE);
    Reference reference = Reference.of(profile, 1_048_576L);

    SortedMap<Long, WindowAggregate> windows = new TreeMap<>();
    windows.put(0L, window(reference, 2_000, 0, 0.6)); // as the reference
    windows.put(MINUTE, window(reference, 2_000, 25, 0.1)); // amounts shifted, mostly FR
    windows.put(2 * MINUTE, window(reference, 100, 0, 0.6)); // too few values to judge

    List<DriftHistory.Series> history =
        DriftHistory.of(
            windows, MINUTE, profile, Optional.empty(), profile.thresholds().over(DEFAULTS));

    assertThat(history)
        .extracting(DriftHistory.Series::feature)
        .containsExactly("amount", "country");
    for (DriftHistory.Series series : history) {
      assertThat(series.check()).isEqualTo("feature-drift");
      assertThat(series.points())
          .extracting(DriftHistory.Point::status)
          .containsExactly("ok", "breach", "insufficient-data");
      assertThat(series.points())
          .extracting(DriftHistory.Point::sampleSize)
          .containsExactly(2_000L, 2_000L, 100L);
      assertThat(series.points().get(1).start().toInstant())
          .isEqualTo(Instant.ofEpochMilli(MINUTE));
      assertThat(series.points().get(1).end().toInstant())
          .isEqualTo(Instant.ofEpochMilli(2 * MINUTE));
      assertThat(series.points().get(1).value()).isGreaterThan(series.points().get(1).threshold());
    }
    assertThat(history.get(0).method()).isEqualTo("wasserstein");
    assertThat(history.get(1).method()).isEqualTo("jensen-shannon");
  }

  private WindowAggregate window(Reference reference, int size, double shift, double germans) {
    WindowAggregate window = new WindowAggregate();
    for (int i = 0; i < size; i++) {
      ObjectNode record =
          Json.mapper()
              .createObjectNode()
              .put("amount", 50 + shift + 10 * random.nextGaussian())
              .put("country", random.nextDouble() < germans ? "DE" : "FR");
      window.add(i, record, null, 12, 200, "checkout", "ok", 300, reference);
    }
    return window;
  }
}

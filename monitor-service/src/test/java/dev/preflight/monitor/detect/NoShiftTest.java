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
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Windows drawn from the reference's own population, at the default minimum drift sample and with
 * the default thresholds: how often each drift method breaches on sampling alone (ADR 0013 gives
 * these figures and what they mean for a week of steady traffic).
 *
 * <p>Under no shift a p-value from the exact distribution is below α with probability at most α,
 * and Benjamini–Hochberg only raises p-values; so each p-value method breaches in at most α of the
 * windows. Over {@value #WINDOWS} windows the measured share stays within α plus three binomial
 * standard deviations (a bound that fails by chance with probability about 0.1 %; the data are
 * seeded, so this run is the same every time). The distances have no α: their rates are measured
 * here and asserted below the ADR's figure.
 */
class NoShiftTest {

  private static final int WINDOWS = 2_000;
  private static final String MODEL = "steady";

  /** The service's defaults (application.properties): minimum drift sample 1,000, fire after 3. */
  private static final Thresholds DEFAULTS = Thresholds.defaults(100, 1_000, 3, 3);

  private final Random random = new Random(2026_12_01L);

  private double amount() {
    return 50 + 10 * random.nextGaussian();
  }

  private double rating() {
    return Math.round(3 + 1.2 * random.nextGaussian());
  }

  private String country() {
    double u = random.nextDouble();
    return u < 0.5 ? "DE" : u < 0.8 ? "FR" : u < 0.95 ? "GB" : "NL";
  }

  @Test
  void windowsOfTheReferencePopulationBreachOnlyAsOftenAsSamplingAllows() {
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    double[] large = new double[5_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = amount();
    }
    double[] small = new double[800];
    for (int i = 0; i < small.length; i++) {
      small[i] = amount();
    }
    double[] ratings = new double[800];
    for (int i = 0; i < ratings.length; i++) {
      ratings[i] = rating();
    }
    Map<String, Long> countries = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      countries.merge(country(), 1L, Long::sum);
    }
    features.put("amount", ProfileBuilder.numeric(large, 0)); // > 1,000 rows: Wasserstein
    features.put("distance", ProfileBuilder.numeric(small, 0)); // ≤ 1,000 rows: KS
    features.put("rating", ProfileBuilder.numeric(ratings, 0)); // KS on a discrete feature
    features.put("country", FeatureProfile.categorical(5_000, 0, countries));
    Profile profile =
        new Profile(
            MODEL,
            "1.0.0",
            "steady",
            "posted",
            OffsetDateTime.now(),
            5_000,
            features,
            Optional.empty(),
            Map.of(),
            Thresholds.NONE);

    // The minimum drift sample, and the span of a steady 10 records/s (two one-minute windows).
    Map<String, Integer> atMinimum = breaches(profile, 1_000);
    Map<String, Integer> atTenPerSecond = breaches(profile, 1_200);
    System.out.printf(
        Locale.ROOT,
        "false-breach windows of %d: at 1,000 values %s; at 1,200 values %s%n",
        WINDOWS,
        atMinimum,
        atTenPerSecond);

    double alpha = DEFAULTS.drift().ksPValue();
    double slack = 3 * Math.sqrt(alpha * (1 - alpha) / WINDOWS);
    for (Map<String, Integer> breaches : List.of(atMinimum, atTenPerSecond)) {
      for (String feature : List.of("distance", "rating")) {
        assertThat((double) breaches.get(feature) / WINDOWS)
            .as(feature + ": KS at α = " + alpha)
            .isLessThanOrEqualTo(alpha + slack);
      }
      // The distances have no α; ADR 0013 gives their measured rates, which this bounds: at most
      // 0.5 % for Wasserstein (above 0.1 reference standard deviations), none for Jensen–Shannon.
      assertThat((double) breaches.get("amount") / WINDOWS)
          .as("amount: Wasserstein")
          .isLessThanOrEqualTo(0.005);
      assertThat(breaches.get("country")).as("country: Jensen–Shannon").isZero();
    }
  }

  /** Feature → windows in which it breached, of {@link #WINDOWS} windows of {@code size}. */
  private Map<String, Integer> breaches(Profile profile, int size) {
    Reference reference = Reference.of(profile, 1_048_576L);
    Map<String, Integer> breaches = new LinkedHashMap<>();
    profile.features().keySet().forEach(f -> breaches.put(f, 0));
    Thresholds thresholds = profile.thresholds().over(DEFAULTS);
    Map<String, dev.preflight.monitor.stats.Distribution> references = new LinkedHashMap<>();
    for (int w = 0; w < WINDOWS; w++) {
      WindowAggregate window = new WindowAggregate();
      for (int i = 0; i < size; i++) {
        ObjectNode record =
            Json.mapper()
                .createObjectNode()
                .put("amount", amount())
                .put("distance", amount())
                .put("rating", rating())
                .put("country", country());
        window.add(i, record, null, 12, 200, "checkout", "ok", 300, reference);
      }
      List<Observation> observations =
          Detectors.evaluate(
              window,
              new Detectors.Context(
                  0,
                  60_000,
                  Optional.of(profile),
                  Optional.empty(),
                  thresholds,
                  false,
                  Map.of(),
                  name ->
                      references.computeIfAbsent(name, n -> Detectors.referenceOf(profile, n))));
      for (Observation o : observations) {
        if (o.check().equals("feature-drift") && o.breach()) {
          breaches.merge(o.feature(), 1, Integer::sum);
        }
      }
    }
    return breaches;
  }
}

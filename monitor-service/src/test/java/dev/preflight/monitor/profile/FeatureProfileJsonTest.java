package dev.preflight.monitor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Json;
import dev.preflight.monitor.stats.Distribution;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureProfileJsonTest {

  /** Read back through the shared mapper (absent maps arrive empty) and written again. */
  private static JsonNode roundTrip(FeatureProfile profile) throws Exception {
    FeatureProfile read =
        Json.mapper().readValue(Json.mapper().writeValueAsBytes(profile), FeatureProfile.class);
    assertThat(read).isEqualTo(profile);
    return Json.mapper().valueToTree(read);
  }

  @Test
  void aNumericFeatureShowsNoFrequenciesAndACategoricalOneNoBins() throws Exception {
    JsonNode numeric = roundTrip(ProfileBuilder.numeric(new double[] {1, 2, 2, 3}, 0));
    assertThat(numeric.has("frequencies")).isFalse();
    assertThat(numeric.path("steps").path("exact").asBoolean()).isTrue();
    assertThat(numeric.path("steps").path("counts").toString()).isEqualTo("[1,2,1]");

    JsonNode categorical = roundTrip(FeatureProfile.categorical(3, 0, Map.of("a", 2L, "b", 1L)));
    assertThat(categorical.has("binEdges")).isFalse();
    assertThat(categorical.has("quantiles")).isFalse();
  }

  @Test
  void aLargeReferenceIsSteppedWithinOneStepOfItsData() throws Exception {
    double[] data = new double[50_000];
    java.util.Random random = new java.util.Random(9);
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    FeatureProfile profile = ProfileBuilder.numeric(data, 0);
    roundTrip(profile);
    assertThat(profile.steps().exact()).isFalse();
    assertThat(profile.steps().values()).hasSizeLessThanOrEqualTo(2_048);
    Distribution stepped = profile.distribution();
    Distribution exact = Distribution.of(data);
    assertThat(Distribution.kolmogorovSmirnov(stepped, exact))
        .isLessThanOrEqualTo(stepped.rankError());
    assertThat(Distribution.wasserstein(stepped, exact))
        .isLessThanOrEqualTo(stepped.wassersteinError());
  }
}

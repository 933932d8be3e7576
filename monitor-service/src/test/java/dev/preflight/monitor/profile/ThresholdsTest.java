package dev.preflight.monitor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.model.VersionManifest.Slos;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  private static final Thresholds DEFAULTS = Thresholds.defaults(100, 1_000, 3, 3);

  @Test
  void theWireFormStaysOneFlatObject() throws Exception {
    String flat =
        "{\"wasserstein\":0.2,\"p95LatencyMs\":250.0,\"fireAfter\":5,"
            + "\"features\":{\"amount\":{\"method\":\"ks\"}}}";
    Thresholds read = Json.mapper().readValue(flat, Thresholds.class);
    assertThat(read.drift().wasserstein()).isEqualTo(0.2);
    assertThat(read.operational().p95LatencyMs()).isEqualTo(250.0);
    assertThat(read.damping().fireAfter()).isEqualTo(5);
    assertThat(read.features().get("amount").method()).isEqualTo("ks");
    assertThat(read.drift().ksPValue()).isNull();
    JsonNode written = Json.mapper().valueToTree(read);
    assertThat(written).isEqualTo(Json.mapper().readTree(flat));
  }

  @Test
  void effectiveLaysOverridesOverDefaultsAndFillsTheSlos() throws Exception {
    Thresholds overrides =
        Json.mapper().readValue("{\"p99LatencyMs\": 900, \"ksPValue\": 0.001}", Thresholds.class);
    Slos slos =
        Json.mapper()
            .readValue(
                "{\"p95LatencyMs\": 300, \"p99LatencyMs\": 800, \"maxErrorRate\": 0.02}",
                Slos.class);
    Thresholds effective = Thresholds.effective(overrides, DEFAULTS, Optional.of(slos));
    assertThat(effective.drift().ksPValue()).isEqualTo(0.001);
    assertThat(effective.drift().wasserstein()).isEqualTo(0.1);
    assertThat(effective.operational().p95LatencyMs()).isEqualTo(300.0);
    assertThat(effective.operational().p99LatencyMs()).isEqualTo(900.0);
    assertThat(effective.operational().errorRate()).isEqualTo(0.02);
    assertThat(effective.samples().minDriftSample()).isEqualTo(1_000);
    // No SLOs: the error rate falls back to 5 %, latency has no threshold.
    Thresholds bare = Thresholds.effective(Thresholds.NONE, DEFAULTS, Optional.empty());
    assertThat(bare.operational().errorRate()).isEqualTo(0.05);
    assertThat(bare.operational().p95LatencyMs()).isNull();
  }
}

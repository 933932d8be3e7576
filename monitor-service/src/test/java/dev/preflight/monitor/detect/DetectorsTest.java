package dev.preflight.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  @Test
  void everyFamilyIsFoundOnTheClassPathInItsOrder() {
    assertThat(Detectors.DETECTORS)
        .extracting(Detector::family)
        .containsExactly("drift", "accuracy", "operational", "security");
  }

  @Test
  void aDriftMethodIsKnownByItsNameAndType() {
    assertThat(DriftMethod.of("ks")).contains(DriftMethod.KS);
    assertThat(DriftMethod.problem("ks", Optional.of(true))).isEmpty();
    assertThat(DriftMethod.problem("psi", Optional.empty()))
        .hasValueSatisfying(p -> assertThat(p).contains("wasserstein, ks"));
    assertThat(DriftMethod.problem("wasserstein", Optional.of(false)))
        .hasValueSatisfying(p -> assertThat(p).contains("jensen-shannon, chi-square"));
  }
}

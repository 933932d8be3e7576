package dev.preflight.notifier.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void theEmptyLabelSetHashesToTheFnvOffsetBasisAsInPrometheus() {
    assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
  }

  @Test
  void theOrderInWhichLabelsAreGivenDoesNotMatter() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("model", "fraud");
    one.put("version", "1.0.0");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("version", "1.0.0");
    other.put("model", "fraud");

    assertThat(Fingerprint.of(one))
        .isEqualTo(Fingerprint.of(other))
        .hasSize(16)
        .matches("[0-9a-f]{16}");
  }

  @Test
  void anyDifferenceInNamesOrValuesChangesIt() {
    String base = Fingerprint.of(Map.of("model", "fraud", "version", "1.0.0"));

    assertThat(Fingerprint.of(Map.of("model", "fraud", "version", "1.0.1"))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("model", "fraud", "versio", "n1.0.0"))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("model", "fraud"))).isNotEqualTo(base);
  }
}

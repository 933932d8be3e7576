package dev.preflight.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelsTest {

  static Stream<Arguments> labels() {
    return Stream.of(
        Arguments.of(1, "1"),
        Arguments.of(1L, "1"),
        Arguments.of(1.0, "1"),
        Arguments.of(1.0f, "1"),
        Arguments.of(0.1f, "0.1"),
        Arguments.of(new BigDecimal("1.000"), "1"),
        Arguments.of(BigInteger.TEN, "10"),
        Arguments.of(-0.0, "0"),
        Arguments.of("1", "1"),
        Arguments.of(" 1.00 ", "1"),
        Arguments.of("1e0", "1"),
        Arguments.of("0.50", "0.5"),
        Arguments.of(true, "1"),
        Arguments.of(false, "0"),
        Arguments.of("TRUE", "1"),
        Arguments.of("False", "0"),
        Arguments.of(" Fraud", "fraud"),
        Arguments.of("legit", "legit"),
        Arguments.of("1-2", "1-2"),
        Arguments.of(json("1"), "1"),
        Arguments.of(json("1.0"), "1"),
        Arguments.of(json("true"), "1"),
        Arguments.of(json("\"0\""), "0"),
        Arguments.of(json("{\"label\": \"fraud\", \"score\": 0.9}"), "fraud"));
  }

  @ParameterizedTest
  @MethodSource("labels")
  void aLabelHasOneCanonicalForm(Object label, String canonical) {
    assertThat(Labels.canonical(label)).contains(canonical);
  }

  @Test
  void nothingIsNoClass() {
    for (Object none :
        List.of("", "  ", Double.NaN, Double.POSITIVE_INFINITY, json("null"), json("{}"))) {
      assertThat(Labels.canonical(none)).as("%s", none).isEmpty();
    }
    assertThat(Labels.canonical((Object) null)).isEmpty();
    assertThat(Labels.same(null, null)).isFalse();
  }

  @Test
  void integersFloatsNumericStringsAndBooleansAgree() {
    assertThat(Labels.same(1L, "1")).isTrue();
    assertThat(Labels.same("1", 1.0)).isTrue();
    assertThat(Labels.same(true, 1)).isTrue();
    assertThat(Labels.same(json("false"), 0L)).isTrue();
    assertThat(Labels.same("fraud", "FRAUD")).isTrue();
    assertThat(Labels.same(1, 0)).isFalse();
    assertThat(Labels.same("1", "legit")).isFalse();
  }

  @Test
  void thePositiveClassIsDeclaredElseOneElseTheHighestScoredElseTheFirst() {
    assertThat(Labels.positive(Optional.of(true), Set.of("0", "1"), Optional.empty()))
        .isEqualTo("1");
    assertThat(
            Labels.positive(Optional.of("Fraud"), Set.of("fraud", "legit"), Optional.of("legit")))
        .isEqualTo("fraud");
    assertThat(Labels.positive(Optional.empty(), Set.of("0", "1"), Optional.of("0")))
        .isEqualTo("1");
    assertThat(Labels.positive(Optional.empty(), Set.of("fraud", "legit"), Optional.of("fraud")))
        .isEqualTo("fraud");
    assertThat(Labels.positive(Optional.empty(), Set.of("legit", "fraud"), Optional.empty()))
        .isEqualTo("fraud");
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}

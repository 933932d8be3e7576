package dev.preflight.contracts.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * When two class labels are the same class: one rule for every place that compares a prediction
 * with its ground truth (probe-service's replay of the validation set, monitor-service's label
 * join), whatever the model server, the dataset format or the label source made of them.
 *
 * <p>A label's canonical form is
 *
 * <ul>
 *   <li>a number, or a string that reads as one, in its shortest decimal form: {@code 1}, {@code
 *       1.0}, {@code "1"}, {@code "1.00"} and {@code 1e0} are all {@code "1"}; {@code 0.50} is
 *       {@code "0.5"};
 *   <li>a boolean, or the strings {@code true} and {@code false} in any case, as {@code "1"} and
 *       {@code "0"} — so that an INT64 output of 1/0 and ground truth of true/false agree;
 *   <li>any other string trimmed and in lower case ({@code " Fraud"} is {@code "fraud"});
 *   <li>nothing for null, a JSON null, an empty string, NaN and the infinities.
 * </ul>
 *
 * The positive class, for precision, recall, F1 and ROC AUC, is the declared one (its canonical
 * form) when there is one; else {@code "1"} when that label occurs; else the label of the
 * highest-scored prediction, where scores exist; else the first label in sorted order.
 */
public final class Labels {

  private Labels() {}

  /** The canonical form of a label: a Java number, boolean, string or JSON node. */
  public static Optional<String> canonical(Object label) {
    if (label == null) {
      return Optional.empty();
    }
    if (label instanceof JsonNode node) {
      return canonical(node);
    }
    if (label instanceof Boolean bool) {
      return Optional.of(bool ? "1" : "0");
    }
    if (label instanceof Number number) {
      return number(number);
    }
    return text(label.toString());
  }

  /** The canonical form of a label in JSON; an object's {@code label} field is its label. */
  public static Optional<String> canonical(JsonNode label) {
    if (label == null || label.isNull() || label.isMissingNode()) {
      return Optional.empty();
    }
    if (label.isObject()) {
      return canonical(label.get("label"));
    }
    if (label.isBoolean()) {
      return Optional.of(label.booleanValue() ? "1" : "0");
    }
    if (label.isNumber()) {
      return number(label.isIntegralNumber() ? label.bigIntegerValue() : label.decimalValue());
    }
    if (label.isTextual()) {
      return text(label.textValue());
    }
    return Optional.empty();
  }

  /** Whether two labels are the same class; a missing label is no class. */
  public static boolean same(Object a, Object b) {
    Optional<String> left = canonical(a);
    return left.isPresent() && left.equals(canonical(b));
  }

  /**
   * The positive class among the canonical labels seen.
   *
   * @param declared the declared positive label, in any form
   * @param highestScored the canonical label of the highest-scored prediction, if scores exist
   */
  public static String positive(
      Optional<?> declared, Collection<String> seen, Optional<String> highestScored) {
    Optional<String> fromDeclaration = declared.flatMap(Labels::canonical);
    if (fromDeclaration.isPresent()) {
      return fromDeclaration.get();
    }
    if (seen.contains("1")) {
      return "1";
    }
    return highestScored.orElseGet(() -> seen.stream().sorted().findFirst().orElse("1"));
  }

  private static Optional<String> text(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.equalsIgnoreCase("true")) {
      return Optional.of("1");
    }
    if (trimmed.equalsIgnoreCase("false")) {
      return Optional.of("0");
    }
    if (looksNumeric(trimmed)) {
      try {
        return decimal(new BigDecimal(trimmed));
      } catch (NumberFormatException notANumber) {
        // a label such as "1-2" or "e5"
      }
    }
    return Optional.of(trimmed.toLowerCase(Locale.ROOT));
  }

  private static boolean looksNumeric(String text) {
    char first = text.charAt(0);
    return Character.isDigit(first) || first == '-' || first == '+' || first == '.';
  }

  private static Optional<String> number(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal(decimal);
    }
    if (number instanceof Float f) {
      // Through the shortest decimal that reads back as the same float, not its binary expansion.
      return Float.isFinite(f) ? decimal(new BigDecimal(Float.toString(f))) : Optional.empty();
    }
    if (number instanceof Double d) {
      return Double.isFinite(d) ? decimal(new BigDecimal(Double.toString(d))) : Optional.empty();
    }
    return decimal(new BigDecimal(number.toString()));
  }

  private static Optional<String> decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return Optional.of("0");
    }
    return Optional.of(value.stripTrailingZeros().toPlainString());
  }
}

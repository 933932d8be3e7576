package dev.preflight.probe.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether every instance one JSON Schema accepts, another accepts too ({@code narrower ⊆ wider}),
 * decided structurally and conservatively: where it cannot prove inclusion it reports why, so a
 * "compatible" answer is always right and an incompatible one names the field and the rule. Covers
 * types (integer within number), const and enum, numeric bounds and multipleOf, string lengths,
 * patterns and formats, object properties, required and additionalProperties, array items, lengths
 * and uniqueness, nested to any depth; annotations are ignored. Other keywords ({@code $ref},
 * {@code anyOf}, {@code not}, …) are compared only when both schemas hold them equal.
 *
 * <p>Inputs: a new version must accept every input the old one accepted, {@code old ⊆ new}.
 * Outputs: the new version must produce nothing old consumers reject, {@code new ⊆ old}.
 */
public final class SchemaCompatibility {

  private static final Set<String> ANNOTATIONS =
      Set.of(
          "$schema",
          "$id",
          "$comment",
          "title",
          "description",
          "examples",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "$anchor");
  private static final Set<String> UNDERSTOOD =
      Set.of(
          "type",
          "enum",
          "const",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties");
  private static final Set<String> ALL_TYPES =
      Set.of("null", "boolean", "object", "array", "number", "string", "integer");

  private SchemaCompatibility() {}

  /**
   * Why {@code narrower ⊆ wider} cannot be shown; empty when every instance of one fits the other.
   */
  public static List<String> includes(JsonNode wider, JsonNode narrower) {
    List<String> problems = new ArrayList<>();
    subset(narrower, wider, "", problems);
    return problems;
  }

  /** The new input schema accepts every input the old one accepted. */
  public static List<String> inputCompatible(JsonNode oldSchema, JsonNode newSchema) {
    return includes(newSchema, oldSchema);
  }

  /** The new output schema produces nothing the old one rejects. */
  public static List<String> outputCompatible(JsonNode oldSchema, JsonNode newSchema) {
    return includes(oldSchema, newSchema);
  }

  private static void subset(JsonNode a, JsonNode b, String path, List<String> problems) {
    String at = path.isEmpty() ? "/" : path;
    if (accepts(b, true) || rejects(a)) {
      return;
    }
    if (rejects(b)) {
      problems.add(at + ": accepts nothing any more");
      return;
    }
    if (a.isBoolean()) {
      problems.add(at + ": was unconstrained, is constrained now");
      return;
    }
    for (Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
      String keyword = names.next();
      if (!ANNOTATIONS.contains(keyword)
          && !UNDERSTOOD.contains(keyword)
          && !b.get(keyword).equals(a.get(keyword))) {
        problems.add(at + ": '" + keyword + "' differs and cannot be compared; attest the change");
      }
    }
    for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
      String keyword = names.next();
      if (!ANNOTATIONS.contains(keyword) && !UNDERSTOOD.contains(keyword) && !b.has(keyword)) {
        problems.add(at + ": '" + keyword + "' cannot be compared; attest the change");
      }
    }
    Set<String> typesA = types(a);
    Set<String> typesB = types(b);
    Set<String> missing = new LinkedHashSet<>();
    for (String type : typesA) {
      if (!typesB.contains(type) && !(type.equals("integer") && typesB.contains("number"))) {
        missing.add(type);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(at + ": type " + missing + " is no longer accepted (accepted: " + typesB + ")");
    }
    values(a, b, at, problems);
    if (overlaps(typesA, "number", "integer")) {
      numbers(a, b, at, problems);
    }
    if (typesA.contains("string")) {
      strings(a, b, at, problems);
    }
    if (typesA.contains("object")) {
      objects(a, b, path, problems);
    }
    if (typesA.contains("array")) {
      arrays(a, b, path, problems);
    }
  }

  private static void values(JsonNode a, JsonNode b, String at, List<String> problems) {
    Set<JsonNode> allowedB = enumerated(b);
    if (allowedB == null) {
      return;
    }
    Set<JsonNode> allowedA = enumerated(a);
    if (allowedA == null) {
      problems.add(at + ": any value was accepted, now only " + allowedB);
      return;
    }
    Set<JsonNode> dropped = new LinkedHashSet<>(allowedA);
    dropped.removeAll(allowedB);
    if (!dropped.isEmpty()) {
      problems.add(at + ": values " + dropped + " are no longer accepted");
    }
  }

  private static void numbers(JsonNode a, JsonNode b, String at, List<String> problems) {
    Bound lowA = lower(a);
    Bound lowB = lower(b);
    if (lowB != null
        && (lowA == null
            || lowA.value < lowB.value
            || lowA.value == lowB.value && !lowA.exclusive && lowB.exclusive)) {
      problems.add(
          at
              + ": the lower bound rose to "
              + lowB
              + (lowA == null ? " (there was none)" : " (was " + lowA + ")"));
    }
    Bound highA = upper(a);
    Bound highB = upper(b);
    if (highB != null
        && (highA == null
            || highA.value > highB.value
            || highA.value == highB.value && !highA.exclusive && highB.exclusive)) {
      problems.add(
          at
              + ": the upper bound fell to "
              + highB
              + (highA == null ? " (there was none)" : " (was " + highA + ")"));
    }
    if (b.has("multipleOf")) {
      double m = b.get("multipleOf").asDouble();
      double ma = a.has("multipleOf") ? a.get("multipleOf").asDouble() : Double.NaN;
      if (Double.isNaN(ma) || Math.abs(ma / m - Math.rint(ma / m)) > 1e-9) {
        problems.add(at + ": must now be a multiple of " + m);
      }
    }
  }

  private static void strings(JsonNode a, JsonNode b, String at, List<String> problems) {
    atLeast(a, b, "minLength", at, problems);
    atMost(a, b, "maxLength", at, problems);
    sameIfDeclared(a, b, "pattern", at, problems);
    sameIfDeclared(a, b, "format", at, problems);
  }

  private static void objects(JsonNode a, JsonNode b, String path, List<String> problems) {
    String at = path.isEmpty() ? "/" : path;
    Set<String> requiredA = strings(a.path("required"));
    for (String name : strings(b.path("required"))) {
      if (!requiredA.contains(name)) {
        problems.add(path + "/" + name + ": is required now, was optional");
      }
    }
    atLeast(a, b, "minProperties", at, problems);
    atMost(a, b, "maxProperties", at, problems);
    JsonNode propsA = a.path("properties");
    JsonNode propsB = b.path("properties");
    JsonNode extraA = a.has("additionalProperties") ? a.get("additionalProperties") : null;
    JsonNode extraB = b.has("additionalProperties") ? b.get("additionalProperties") : null;
    Set<String> names = new LinkedHashSet<>();
    propsA.fieldNames().forEachRemaining(names::add);
    propsB.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode schemaA = propsA.has(name) ? propsA.get(name) : extraA == null ? null : extraA;
      JsonNode schemaB = propsB.has(name) ? propsB.get(name) : extraB;
      if (schemaA == null) {
        // anything was allowed under this name
        if (schemaB != null && !accepts(schemaB, true)) {
          problems.add(
              path + "/" + name + ": any value was accepted, now only what its schema allows");
        }
        continue;
      }
      if (schemaB == null) {
        continue;
      }
      subset(schemaA, schemaB, path + "/" + name, problems);
    }
    // properties neither schema names
    if (extraB != null && !accepts(extraB, true)) {
      if (extraA == null || accepts(extraA, true)) {
        problems.add(at + ": properties it does not name are no longer accepted");
      } else {
        subset(extraA, extraB, path + "/*", problems);
      }
    }
  }

  private static void arrays(JsonNode a, JsonNode b, String path, List<String> problems) {
    String at = path.isEmpty() ? "/" : path;
    atLeast(a, b, "minItems", at, problems);
    atMost(a, b, "maxItems", at, problems);
    if (b.path("uniqueItems").asBoolean(false) && !a.path("uniqueItems").asBoolean(false)) {
      problems.add(at + ": items must be unique now");
    }
    if (b.has("items")) {
      JsonNode itemsA = a.has("items") ? a.get("items") : null;
      if (itemsA == null) {
        if (!accepts(b.get("items"), true)) {
          problems.add(path + "/[]: any item was accepted, now only what its schema allows");
        }
      } else {
        subset(itemsA, b.get("items"), path + "/[]", problems);
      }
    }
  }

  private static void atLeast(
      JsonNode a, JsonNode b, String keyword, String at, List<String> problems) {
    if (b.has(keyword)
        && (!a.has(keyword) || a.get(keyword).asDouble() < b.get(keyword).asDouble())) {
      problems.add(
          at
              + ": "
              + keyword
              + " rose to "
              + b.get(keyword)
              + (a.has(keyword) ? " (was " + a.get(keyword) + ")" : ""));
    }
  }

  private static void atMost(
      JsonNode a, JsonNode b, String keyword, String at, List<String> problems) {
    if (b.has(keyword)
        && (!a.has(keyword) || a.get(keyword).asDouble() > b.get(keyword).asDouble())) {
      problems.add(
          at
              + ": "
              + keyword
              + " fell to "
              + b.get(keyword)
              + (a.has(keyword) ? " (was " + a.get(keyword) + ")" : ""));
    }
  }

  private static void sameIfDeclared(
      JsonNode a, JsonNode b, String keyword, String at, List<String> problems) {
    if (b.has(keyword) && !b.get(keyword).equals(a.get(keyword))) {
      problems.add(
          at
              + ": "
              + keyword
              + " "
              + b.get(keyword)
              + " applies now"
              + (a.has(keyword) ? " (was " + a.get(keyword) + ")" : ""));
    }
  }

  /** The types a schema admits; every type when it names none (or only through enum/const). */
  private static Set<String> types(JsonNode schema) {
    Set<JsonNode> enumerated = enumerated(schema);
    Set<String> types = new HashSet<>();
    JsonNode type = schema.get("type");
    if (type == null) {
      if (enumerated != null) {
        enumerated.forEach(v -> types.add(typeOf(v)));
        return types;
      }
      return new HashSet<>(ALL_TYPES);
    }
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    if (types.contains("number")) {
      types.add("integer");
    }
    return types;
  }

  private static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isTextual()) {
      return "string";
    }
    return value.isArray() ? "array" : "object";
  }

  private static Set<JsonNode> enumerated(JsonNode schema) {
    if (schema.has("const")) {
      return Set.of(schema.get("const"));
    }
    if (schema.has("enum")) {
      Set<JsonNode> values = new LinkedHashSet<>();
      schema.get("enum").forEach(values::add);
      return values;
    }
    return null;
  }

  private static boolean overlaps(Set<String> types, String... names) {
    for (String name : names) {
      if (types.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** {@code true}, or a schema with nothing but annotations. */
  private static boolean accepts(JsonNode schema, boolean everything) {
    if (schema.isBoolean()) {
      return schema.asBoolean() == everything;
    }
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      if (!ANNOTATIONS.contains(names.next())) {
        return false;
      }
    }
    return everything;
  }

  private static boolean rejects(JsonNode schema) {
    return schema.isBoolean() && !schema.asBoolean();
  }

  private record Bound(double value, boolean exclusive) {
    @Override
    public String toString() {
      return (exclusive ? "exclusive " : "") + value;
    }
  }

  private static Bound lower(JsonNode schema) {
    Bound inclusive =
        schema.has("minimum") ? new Bound(schema.get("minimum").asDouble(), false) : null;
    Bound exclusive =
        schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()
            ? new Bound(schema.get("exclusiveMinimum").asDouble(), true)
            : null;
    if (inclusive == null) {
      return exclusive;
    }
    if (exclusive == null) {
      return inclusive;
    }
    return exclusive.value >= inclusive.value ? exclusive : inclusive;
  }

  private static Bound upper(JsonNode schema) {
    Bound inclusive =
        schema.has("maximum") ? new Bound(schema.get("maximum").asDouble(), false) : null;
    Bound exclusive =
        schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()
            ? new Bound(schema.get("exclusiveMaximum").asDouble(), true)
            : null;
    if (inclusive == null) {
      return exclusive;
    }
    if (exclusive == null) {
      return inclusive;
    }
    return exclusive.value <= inclusive.value ? exclusive : inclusive;
  }
}

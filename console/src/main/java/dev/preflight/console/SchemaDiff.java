package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version's input and output schemas beside the previous version's: every field (JSON Schema
 * properties, nested ones by their path) with its type in each, and whether it was added, removed,
 * changed (type, or whether it is required) or kept. What a reviewer checks before a version
 * reaches a consumer that sends the old inputs or reads the old outputs.
 */
final class SchemaDiff {

  private SchemaDiff() {}

  /** One field in either schema; {@code before} or {@code now} is empty where it is absent. */
  public record Field(String schema, String path, String before, String now, String change) {

    public boolean differs() {
      return !change.equals("same");
    }
  }

  /** A version's fields beside the version registered before it (none for the first). */
  public record Versions(Optional<String> previous, List<Field> fields) {

    /** From a model's versions, oldest first; empty when the version is not among them. */
    static Optional<Versions> of(JsonNode versions, String version) {
      JsonNode before = null;
      for (JsonNode v : versions) {
        if (v.path("version").asText().equals(version)) {
          return Optional.of(
              new Versions(
                  Optional.ofNullable(before).map(b -> b.path("version").asText()),
                  SchemaDiff.of(
                      before == null ? MissingNode.getInstance() : before.path("manifest"),
                      v.path("manifest"))));
        }
        before = v;
      }
      return Optional.empty();
    }
  }

  /** The fields of both schemas of both manifests, changes first within each schema. */
  static List<Field> of(JsonNode previous, JsonNode current) {
    List<Field> fields = new ArrayList<>();
    for (String schema : List.of("inputSchema", "outputSchema")) {
      Map<String, String> before = new LinkedHashMap<>();
      Map<String, String> now = new LinkedHashMap<>();
      flatten(previous.path(schema), "", before);
      flatten(current.path(schema), "", now);
      List<Field> changed = new ArrayList<>();
      List<Field> same = new ArrayList<>();
      Map<String, String> all = new LinkedHashMap<>(now);
      before.forEach(all::putIfAbsent);
      for (String path : all.keySet()) {
        String b = before.getOrDefault(path, "");
        String n = now.getOrDefault(path, "");
        String change =
            b.isEmpty() ? "added" : n.isEmpty() ? "removed" : b.equals(n) ? "same" : "changed";
        (change.equals("same") ? same : changed)
            .add(new Field(schema.replace("Schema", ""), path, b, n, change));
      }
      fields.addAll(changed);
      fields.addAll(same);
    }
    return fields;
  }

  /** Each property's type (and "required"), by its dotted path; arrays' items as {@code name[]}. */
  private static void flatten(JsonNode schema, String prefix, Map<String, String> out) {
    JsonNode properties = schema.path("properties");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String path = prefix + property.getKey();
      JsonNode value = property.getValue();
      out.put(path, type(value) + (required.contains(property.getKey()) ? ", required" : ""));
      if (value.path("properties").isObject()) {
        flatten(value, path + ".", out);
      }
      if (value.path("items").path("properties").isObject()) {
        flatten(value.path("items"), path + "[].", out);
      }
    }
  }

  private static String type(JsonNode property) {
    JsonNode type = property.path("type");
    String shown =
        type.isArray()
            ? joined(type)
            : type.isTextual() ? type.asText() : property.has("enum") ? "enum" : "any";
    if (shown.equals("array") && property.path("items").path("type").isTextual()) {
      shown = "array of " + property.path("items").path("type").asText();
    }
    if (property.has("enum")) {
      shown += " " + property.path("enum");
    }
    return shown;
  }

  private static String joined(JsonNode types) {
    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.asText()));
    return String.join(" | ", names);
  }
}

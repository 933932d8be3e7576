package dev.preflight.support.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.model.VersionManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a dataset in CSV (RFC 4180, a header line) or JSON Lines. Values of features the manifest
 * declares numeric are numbers; the rest stay as they are (text in CSV).
 */
public final class Datasets {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Datasets() {}

  /**
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  public static List<Map<String, Object>> read(
      byte[] content, String format, List<VersionManifest.Feature> features, int maxRows) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<Map<String, Object>> rows =
        format.equals("jsonl") ? jsonl(text, maxRows) : csv(text, maxRows);
    for (Map<String, Object> row : rows) {
      for (VersionManifest.Feature feature : features) {
        Object value = row.get(feature.name());
        if (feature.type().equals("numeric") && value instanceof String s && !s.isBlank()) {
          try {
            row.put(feature.name(), Double.parseDouble(s.trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "'" + s + "' of numeric feature '" + feature.name() + "' is not a number");
          }
        } else if (feature.type().equals("boolean") && value instanceof String s) {
          row.put(feature.name(), Boolean.parseBoolean(s.trim()));
        }
      }
    }
    return rows;
  }

  /**
   * The features of a row (the label and anything undeclared left out, when features are declared).
   */
  public static Map<String, Object> features(
      Map<String, Object> row, List<VersionManifest.Feature> features, String labelField) {
    Map<String, Object> selected = new LinkedHashMap<>();
    if (features.isEmpty()) {
      row.forEach(
          (name, value) -> {
            if (!name.equals(labelField)) {
              selected.put(name, value);
            }
          });
    } else {
      features.forEach(f -> selected.put(f.name(), row.get(f.name())));
    }
    return selected;
  }

  static List<Map<String, Object>> jsonl(String text, int maxRows) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\\r?\\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      if (rows.size() >= maxRows) {
        break;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (!node.isObject()) {
          throw new IllegalArgumentException("line " + number + " is not a JSON object");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(
            e ->
                row.put(
                    e.getKey(),
                    e.getValue().isNumber()
                        ? (Object) e.getValue().doubleValue()
                        : e.getValue().isBoolean()
                            ? (Object) e.getValue().booleanValue()
                            : e.getValue().isNull() ? null : e.getValue().asText()));
        rows.add(row);
      } catch (IOException e) {
        throw new IllegalArgumentException("line " + number + " is not JSON");
      }
    }
    return rows;
  }

  static List<Map<String, Object>> csv(String text, int maxRows) {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("the CSV has no header line");
    }
    List<String> header = records.get(0);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i < records.size() && rows.size() < maxRows; i++) {
      List<String> record = records.get(i);
      if (record.size() == 1 && record.get(0).isEmpty()) {
        continue;
      }
      if (record.size() != header.size()) {
        throw new IllegalArgumentException(
            "record " + i + " has " + record.size() + " fields, the header " + header.size());
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int j = 0; j < header.size(); j++) {
        row.put(header.get(j).trim(), record.get(j));
      }
      rows.add(row);
    }
    return rows;
  }

  /** RFC 4180: fields separated by commas, optionally quoted, quotes doubled inside quotes. */
  private static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}

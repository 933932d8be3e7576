package dev.preflight.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tabular rows from an Open Inference Protocol V2 request: one input tensor per feature, each of
 * shape {@code [n]} (or {@code [n, 1]}), row i made of element i of every tensor.
 */
final class Tensors {

  private Tensors() {}

  static List<Map<String, Object>> rows(JsonNode request) {
    JsonNode inputs = request.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new IllegalArgumentException("'inputs' must be a non-empty array of tensors");
    }
    int count = -1;
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    for (JsonNode input : inputs) {
      String name = input.path("name").asText("");
      if (name.isEmpty() || !input.path("datatype").isTextual() || !input.path("shape").isArray()) {
        throw new IllegalArgumentException("every input needs a name, a datatype and a shape");
      }
      List<Object> values = new ArrayList<>();
      flatten(input.path("data"), values);
      long declared = 1;
      for (JsonNode dimension : input.path("shape")) {
        declared *= dimension.asLong();
      }
      if (declared != values.size()) {
        throw new IllegalArgumentException(
            "input '" + name + "' has " + values.size() + " elements, its shape says " + declared);
      }
      if (count >= 0 && values.size() != count) {
        throw new IllegalArgumentException("all inputs must hold one element per row");
      }
      count = values.size();
      columns.put(name, values);
    }
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Map.Entry<String, List<Object>> column : columns.entrySet()) {
        row.put(column.getKey(), column.getValue().get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static void flatten(JsonNode data, List<Object> into) {
    if (data.isArray()) {
      data.forEach(element -> flatten(element, into));
    } else if (data.isNumber()) {
      into.add(data.doubleValue());
    } else if (data.isBoolean()) {
      into.add(data.booleanValue());
    } else if (data.isTextual()) {
      into.add(data.textValue());
    } else if (data.isNull()) {
      into.add(null);
    } else {
      throw new IllegalArgumentException("tensor data must be numbers, strings or booleans");
    }
  }
}

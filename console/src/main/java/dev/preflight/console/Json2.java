package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Small helpers to read the services' JSON into what a page shows. */
final class Json2 {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Json2() {}

  /** A path segment, percent-encoded. */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query parameter's value, percent-encoded. */
  static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** An RFC 3339 time as people read it, in UTC; the text as is when it is not one. */
  static String time(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).format(SHOWN)
          + " UTC";
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** A JSON value in one line: text as is, anything else as compact JSON. */
  static String shown(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "—";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** An object's fields as name and value, in their order; a non-object as one fact. */
  static List<Fact> facts(JsonNode object) {
    List<Fact> facts = new ArrayList<>();
    if (object == null || object.isMissingNode() || object.isNull()) {
      return facts;
    }
    if (!object.isObject()) {
      facts.add(new Fact("value", shown(object)));
      return facts;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      facts.add(new Fact(field.getKey(), shown(field.getValue())));
    }
    return facts;
  }

  /** One line of evidence or a label: a name and its value. */
  public record Fact(String name, String value) {}
}

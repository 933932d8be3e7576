package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
    if (isUtc(text)) {
      // As the services write their times (an instant in UTC): the shown form is its date and
      // seconds, with no parse.
      return text.substring(0, 10) + " " + text.substring(11, 19) + " UTC";
    }
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).format(SHOWN)
          + " UTC";
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** Whether the text is {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with valid fields. */
  private static boolean isUtc(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(length - 1) != 'Z' && text.charAt(length - 1) != 'z') {
      return false;
    }
    for (int i = 0; i < 19; i++) {
      char c = text.charAt(i);
      boolean ok =
          switch (i) {
            case 4, 7 -> c == '-';
            case 10 -> c == 'T' || c == 't';
            case 13, 16 -> c == ':';
            default -> c >= '0' && c <= '9';
          };
      if (!ok) {
        return false;
      }
    }
    if (length > 20 && (text.charAt(19) != '.' || length == 21)) {
      return false;
    }
    for (int i = 20; i < length - 1; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    int month = number(text, 5);
    int day = number(text, 8);
    return month >= 1
        && month <= 12
        && day >= 1
        && day <= YearMonth.of(number(text, 0) * 100 + number(text, 2), month).lengthOfMonth()
        && number(text, 11) <= 23
        && number(text, 14) <= 59
        && number(text, 17) <= 59;
  }

  private static int number(String text, int at) {
    return (text.charAt(at) - '0') * 10 + text.charAt(at + 1) - '0';
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

package dev.preflight.system.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generates requests from a service's OpenAPI description: mostly requests the description allows,
 * then bent — wrong types, missing and extra fields, huge strings and arrays, deep nesting, broken
 * JSON and odd encodings, wrong content types, methods the path does not have. A seed decides every
 * choice, so a request that found something can be generated again.
 */
public final class OpenApiFuzzer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

  /** Path and query values that have broken services before, beside the ones the schema allows. */
  private static final List<String> NASTY =
      List.of(
          "",
          " ",
          "..",
          "../../etc/passwd",
          "%2e%2e%2f",
          "%00",
          "\u0000",
          "💥🚀",
          "Ωmega-ß",
          "' OR '1'='1",
          "\"; DROP TABLE model; --",
          "<script>alert(1)</script>",
          "-1",
          "0",
          "2147483648",
          "-9223372036854775809",
          "1e309",
          "NaN",
          "null",
          "true",
          "[]",
          "{}",
          "PT-1S",
          "P999999999999D",
          "9999-99-99T99:99:99Z",
          "\r\nX-Injected: 1",
          "a".repeat(5_000),
          "\uFEFFbom",
          "\uD800");

  private final JsonNode document;
  private final Random random;
  private final Map<String, List<String>> knownValues;
  private final List<Operation> operations;

  /** One operation of the description. */
  public record Operation(String method, String path, JsonNode spec) {
    public String key() {
      return method + " " + path;
    }
  }

  /** A generated request; {@code body} is empty for none. */
  public record Request(
      Operation operation,
      String method,
      String pathAndQuery,
      Optional<String> contentType,
      byte[] body,
      String shape) {

    /** What a person needs to send it again, with the body cut short. */
    public String describe() {
      String text = new String(body, StandardCharsets.UTF_8);
      if (text.length() > 300) {
        text = text.substring(0, 300) + "… (" + body.length + " bytes)";
      }
      String path =
          pathAndQuery.length() > 300 ? pathAndQuery.substring(0, 300) + "…" : pathAndQuery;
      return method
          + " "
          + path
          + contentType.map(c -> " [" + c + "]").orElse("")
          + " ("
          + shape
          + ")"
          + (body.length > 0 ? " " + text : "");
    }
  }

  /**
   * @param knownValues values that exist in the system, by path or query parameter name (a model
   *     id, a version), so that generated requests reach past the look-up
   */
  public OpenApiFuzzer(JsonNode document, long seed, Map<String, List<String>> knownValues) {
    this.document = document;
    this.random = new Random(seed);
    this.knownValues = knownValues;
    this.operations = operations(document);
  }

  public List<Operation> operations() {
    return operations;
  }

  public static List<Operation> operations(JsonNode document) {
    List<Operation> found = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          String method = op.getKey().toUpperCase(Locale.ROOT);
                          if (METHODS.contains(method) || method.equals("HEAD")) {
                            found.add(new Operation(method, path.getKey(), op.getValue()));
                          }
                        }));
    return found;
  }

  public Request next() {
    Operation operation = operations.get(random.nextInt(operations.size()));
    String method = operation.method();
    List<String> shapes = new ArrayList<>();
    if (random.nextInt(40) == 0) {
      method = METHODS.get(random.nextInt(METHODS.size()));
      shapes.add("method " + method);
    }
    StringBuilder url = new StringBuilder();
    for (String segment : operation.path().split("/", -1)) {
      if (url.length() > 0 || !segment.isEmpty()) {
        url.append('/');
      }
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        url.append(pathValue(name, parameterSchema(operation, name, "path"), shapes));
      } else {
        url.append(segment);
      }
    }
    if (url.length() == 0) {
      url.append('/');
    }
    List<String> query = new ArrayList<>();
    for (JsonNode parameter : operation.spec().path("parameters")) {
      if (!parameter.path("in").asText().equals("query") || random.nextInt(3) == 0) {
        continue;
      }
      String name = parameter.path("name").asText();
      query.add(encode(name) + "=" + encode(queryValue(name, parameter.path("schema"), shapes)));
    }
    if (random.nextInt(20) == 0) {
      query.add(encode(string(8)) + "=" + encode(nasty()));
      shapes.add("extra query parameter");
    }
    if (!query.isEmpty()) {
      url.append('?').append(String.join("&", query));
    }

    Optional<String> contentType = Optional.empty();
    byte[] body = new byte[0];
    JsonNode content = operation.spec().path("requestBody").path("content");
    boolean hasBody = content.size() > 0;
    if (hasBody || random.nextInt(30) == 0) {
      String declared = hasBody ? content.fieldNames().next() : "application/json";
      JsonNode media = content.path(declared);
      contentType = Optional.of(declared);
      if (declared.contains("json")) {
        body = jsonBody(media, shapes);
      } else {
        body = textBody(shapes);
      }
      if (random.nextInt(15) == 0) {
        contentType = Optional.of(oddContentType());
        shapes.add("content type " + contentType.get());
      } else if (random.nextInt(30) == 0) {
        contentType = Optional.empty();
        shapes.add("no content type");
      }
    }
    return new Request(
        operation,
        method,
        url.toString(),
        contentType,
        body,
        shapes.isEmpty() ? "as described" : String.join(", ", shapes));
  }

  private JsonNode parameterSchema(Operation operation, String name, String in) {
    for (JsonNode parameter : operation.spec().path("parameters")) {
      if (parameter.path("name").asText().equals(name)
          && parameter.path("in").asText().equals(in)) {
        return parameter.path("schema");
      }
    }
    return NODES.objectNode();
  }

  private String pathValue(String name, JsonNode schema, List<String> shapes) {
    int roll = random.nextInt(10);
    List<String> known = knownValues.getOrDefault(name, List.of());
    if (roll < 6 && !known.isEmpty()) {
      return encode(known.get(random.nextInt(known.size())));
    }
    if (roll < 8) {
      return encode(scalar(resolve(schema)).asText());
    }
    if (roll == 8) {
      shapes.add("odd encoding in {" + name + "}");
      return List.of("%C0%AE%C0%AE", "%FF%FE", "%252e%252e", "%E2%80%AE", "%F0%9F%92%A5", "a%2Fb")
          .get(random.nextInt(6));
    }
    String value = nasty();
    shapes.add("nasty {" + name + "}");
    return encode(value);
  }

  private String queryValue(String name, JsonNode schema, List<String> shapes) {
    List<String> known = knownValues.getOrDefault(name, List.of());
    int roll = random.nextInt(10);
    if (roll < 3 && !known.isEmpty()) {
      return known.get(random.nextInt(known.size()));
    }
    if (roll < 7) {
      return scalar(resolve(schema)).asText();
    }
    shapes.add("nasty ?" + name);
    return nasty();
  }

  private byte[] jsonBody(JsonNode media, List<String> shapes) {
    JsonNode value = null;
    JsonNode examples = media.path("examples");
    if (examples.size() > 0 && random.nextBoolean()) {
      List<JsonNode> all = new ArrayList<>();
      examples.elements().forEachRemaining(e -> all.add(e.path("value")));
      value = all.get(random.nextInt(all.size())).deepCopy();
    }
    if (value == null) {
      value = instance(media.path("schema"), 0);
    }
    int roll = random.nextInt(100);
    if (roll < 25) {
      return bytes(value);
    }
    if (roll < 65) {
      int mutations = 1 + random.nextInt(3);
      for (int i = 0; i < mutations; i++) {
        value = mutate(value, shapes);
      }
      return bytes(value);
    }
    return rawMutation(bytes(value), shapes);
  }

  private byte[] textBody(List<String> shapes) {
    shapes.add("text body");
    return switch (random.nextInt(6)) {
      case 0 -> new byte[0];
      case 1 -> nasty().getBytes(StandardCharsets.UTF_8);
      case 2 -> "route: [\n  - {".getBytes(StandardCharsets.UTF_8);
      case 3 -> ("x: " + "y".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
      case 4 -> randomBytes(1 + random.nextInt(2_000));
      default -> "a: &a [*a, *a]\nb: *a\n".getBytes(StandardCharsets.UTF_8);
    };
  }

  private JsonNode mutate(JsonNode value, List<String> shapes) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(value, containers);
    if (containers.isEmpty() || random.nextInt(10) == 0) {
      shapes.add("whole body replaced");
      return wrongValue();
    }
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      int roll = random.nextInt(6);
      if (roll == 0 && !names.isEmpty()) {
        String name = names.get(random.nextInt(names.size()));
        object.remove(name);
        shapes.add("missing " + name);
      } else if (roll == 1 || names.isEmpty()) {
        String name = random.nextBoolean() ? string(6) : "__proto__";
        object.set(name, wrongValue());
        shapes.add("extra field " + name);
      } else if (roll == 2) {
        String name = names.get(random.nextInt(names.size()));
        object.put(name, huge());
        shapes.add("huge string " + name);
      } else if (roll == 3) {
        String name = names.get(random.nextInt(names.size()));
        object.set(name, hugeArray());
        shapes.add("huge array " + name);
      } else {
        String name = names.get(random.nextInt(names.size()));
        object.set(name, wrongValue());
        shapes.add("wrong type " + name);
      }
    } else if (container instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(wrongValue());
        shapes.add("odd array element");
      } else {
        array.set(random.nextInt(array.size()), wrongValue());
        shapes.add("wrong element type");
      }
    }
    return value;
  }

  private byte[] rawMutation(byte[] json, List<String> shapes) {
    switch (random.nextInt(9)) {
      case 0 -> {
        shapes.add("truncated JSON");
        return java.util.Arrays.copyOf(json, Math.max(0, json.length / 2));
      }
      case 1 -> {
        shapes.add("random bytes");
        return randomBytes(1 + random.nextInt(4_000));
      }
      case 2 -> {
        shapes.add("invalid UTF-8");
        String text = new String(json, StandardCharsets.UTF_8);
        int cut = text.indexOf("\":\"");
        byte[] head =
            (cut < 0 ? "{\"a\":\"" : text.substring(0, cut + 3)).getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + 4);
        out[head.length] = (byte) 0xC3;
        out[head.length + 1] = (byte) 0x28;
        out[head.length + 2] = '"';
        out[head.length + 3] = '}';
        return out;
      }
      case 3 -> {
        shapes.add("deep nesting");
        int depth = 2_000 + random.nextInt(50_000);
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> {
        shapes.add("empty body");
        return new byte[0];
      }
      case 5 -> {
        shapes.add("duplicate keys");
        String text = new String(json, StandardCharsets.UTF_8);
        return text.startsWith("{") && text.length() > 2
            ? ("{\"a\":1,\"a\":2," + text.substring(1)).getBytes(StandardCharsets.UTF_8)
            : "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
      }
      case 6 -> {
        shapes.add("huge number");
        return ("{\"n\": 1" + "0".repeat(5_000) + ", \"f\": 1e999999}")
            .getBytes(StandardCharsets.UTF_8);
      }
      case 7 -> {
        shapes.add("UTF-16 body");
        return new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
      }
      default -> {
        shapes.add("control characters");
        return new String(json, StandardCharsets.UTF_8)
            .replace("\"", "\"\u0001\u0007")
            .getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  /** A value the schema describes, as far as it says anything. */
  private JsonNode instance(JsonNode schema, int depth) {
    JsonNode resolved = resolve(schema);
    if (depth > 6) {
      return NODES.nullNode();
    }
    if (resolved.has("enum") && resolved.get("enum").size() > 0) {
      JsonNode values = resolved.get("enum");
      return values.get(random.nextInt(values.size())).deepCopy();
    }
    for (String combinator : List.of("anyOf", "oneOf")) {
      JsonNode options = resolved.path(combinator);
      if (options.size() > 0) {
        return instance(options.get(random.nextInt(options.size())), depth + 1);
      }
    }
    if (resolved.path("allOf").size() > 0) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : resolved.get("allOf")) {
        JsonNode one = instance(part, depth + 1);
        if (one.isObject()) {
          merged.setAll((ObjectNode) one);
        }
      }
      return merged;
    }
    String type = type(resolved);
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = resolved.path("properties").fields();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> property = properties.next();
          if (random.nextInt(5) > 0) {
            object.set(property.getKey(), instance(property.getValue(), depth + 1));
          }
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(instance(resolved.path("items"), depth + 1));
        }
        return array;
      }
      case "null" -> {
        return NODES.nullNode();
      }
      default -> {
        return scalar(resolved);
      }
    }
  }

  private JsonNode scalar(JsonNode schema) {
    if (schema.has("enum") && schema.get("enum").size() > 0) {
      return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
    }
    if (schema.has("default") && random.nextBoolean()) {
      return schema.get("default");
    }
    String format = schema.path("format").asText("");
    return switch (type(schema)) {
      case "integer" -> NODES.numberNode(random.nextInt(200) - 20);
      case "number" -> NODES.numberNode(random.nextDouble() * 2 - 0.5);
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      default ->
          switch (format) {
            case "date-time" ->
                NODES.textNode(
                    OffsetDateTime.now().plusMinutes(random.nextInt(240) - 120).toString());
            case "uri", "url" ->
                NODES.textNode(
                    List.of(
                            "https://models.example.invalid/v2/models/m",
                            "http://169.254.169.254/latest/meta-data/",
                            "http://127.0.0.1:1/",
                            "file:///etc/passwd",
                            "gopher://127.0.0.1:6379/_INFO")
                        .get(random.nextInt(5)));
            case "email" -> NODES.textNode("someone@example.invalid");
            case "uuid" -> NODES.textNode(java.util.UUID.randomUUID().toString());
            default ->
                NODES.textNode(random.nextInt(4) == 0 ? nasty() : string(1 + random.nextInt(12)));
          };
    };
  }

  private String type(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asText()));
      types.remove("null");
      return types.isEmpty() ? "null" : types.get(random.nextInt(types.size()));
    }
    if (type.isTextual()) {
      return type.asText();
    }
    return schema.has("properties") ? "object" : "string";
  }

  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
      String ref = current.get("$ref").asText();
      current = document.at(ref.startsWith("#") ? ref.substring(1) : "/missing");
    }
    return current.isMissingNode() ? NODES.objectNode() : current;
  }

  private JsonNode wrongValue() {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(-1);
      case 2 -> NODES.numberNode(Long.MAX_VALUE);
      case 3 -> NODES.numberNode(1e308);
      case 4 -> NODES.booleanNode(true);
      case 5 -> NODES.arrayNode().add(1).add("two").addNull();
      case 6 -> NODES.objectNode().put("nested", nasty());
      case 7 -> NODES.textNode("");
      case 8 -> NODES.textNode(huge());
      case 9 -> hugeArray();
      default -> NODES.textNode(nasty());
    };
  }

  private String huge() {
    int length = random.nextInt(20) == 0 ? 3_000_000 : 10_000 + random.nextInt(200_000);
    return "x".repeat(length);
  }

  private ArrayNode hugeArray() {
    ArrayNode array = NODES.arrayNode();
    int size = random.nextInt(20) == 0 ? 300_000 : 1_000 + random.nextInt(20_000);
    for (int i = 0; i < size; i++) {
      array.add(i);
    }
    return array;
  }

  private String oddContentType() {
    return List.of(
            "text/plain",
            "application/xml",
            "application/json; charset=utf-16",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            "application/cloudevents-batch+json",
            "application/json; charset=nope",
            "*/*",
            "application/json; charset=\"utf-8; x=\"")
        .get(random.nextInt(9));
  }

  private String nasty() {
    return NASTY.get(random.nextInt(NASTY.size()));
  }

  private String string(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode() && into.size() < 200) {
      into.add(node);
      node.elements().forEachRemaining(child -> collectContainers(child, into));
    }
  }

  private static byte[] bytes(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package dev.preflight.probe.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.preflight.contracts.EventSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The contract check is sound: whenever it calls a schema change compatible, every instance the old
 * schema accepts is accepted by the new one — shown on random schemas, random changes to them, and
 * random instances of the old schema, validated by a real JSON Schema validator. And it names the
 * changes that break consumers.
 */
class SchemaCompatibilityTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> NAMES = List.of("amount", "country", "hour", "tags", "meta");

  @Property(tries = 400)
  void whatItCallsCompatibleAcceptsEveryOldInstance(@ForAll long seed) {
    Random random = new Random(seed);
    JsonNode oldSchema = schema(random, 0);
    JsonNode newSchema = mutate(oldSchema, random, 0);
    List<String> problems = SchemaCompatibility.includes(newSchema, oldSchema);
    Statistics.label("verdict").collect(problems.isEmpty() ? "compatible" : "incompatible");
    Schema oldValidator = EventSchemas.compile(oldSchema);
    Schema newValidator = EventSchemas.compile(newSchema);
    for (int i = 0; i < 30; i++) {
      JsonNode instance = instance(oldSchema, random);
      assertThat(EventSchemas.validate(oldValidator, instance))
          .as("generated %s for %s", instance, oldSchema)
          .isEmpty();
      if (problems.isEmpty()) {
        assertThat(EventSchemas.validate(newValidator, instance))
            .as(
                "%s accepted by %s but not by %s, called compatible",
                instance, oldSchema, newSchema)
            .isEmpty();
      }
    }
  }

  @Property(tries = 100)
  void aSchemaIncludesItself(@ForAll long seed) {
    JsonNode schema = schema(new Random(seed), 0);
    assertThat(SchemaCompatibility.includes(schema, schema)).isEmpty();
  }

  @Example
  void inputsNamesEveryChangeThatRejectsOldInputs() throws Exception {
    JsonNode old =
        MAPPER.readTree(
            """
            {"type": "object", "required": ["amount"],
             "properties": {"amount": {"type": "number", "minimum": 0},
                            "country": {"type": "string", "enum": ["DE", "FR", "US"]},
                            "items": {"type": "array", "items": {"type": "string", "maxLength": 20}}}}
            """);
    JsonNode narrower =
        MAPPER.readTree(
            """
            {"type": "object", "required": ["amount", "merchant"], "additionalProperties": false,
             "properties": {"amount": {"type": "integer", "minimum": 1},
                            "country": {"type": "string", "enum": ["DE", "FR"]},
                            "merchant": {"type": "string"},
                            "items": {"type": "array", "items": {"type": "string", "maxLength": 10}}}}
            """);
    assertThat(SchemaCompatibility.inputCompatible(old, narrower))
        .anySatisfy(p -> assertThat(p).startsWith("/merchant: is required now"))
        .anySatisfy(p -> assertThat(p).startsWith("/amount: type [number] is no longer accepted"))
        .anySatisfy(p -> assertThat(p).startsWith("/amount: the lower bound rose to 1.0"))
        .anySatisfy(
            p -> assertThat(p).startsWith("/country: values [\"US\"] are no longer accepted"))
        .anySatisfy(p -> assertThat(p).startsWith("/items/[]: maxLength fell to 10"))
        .anySatisfy(
            p -> assertThat(p).startsWith("/: properties it does not name are no longer accepted"));
    // the same change, read as outputs: the new version produces only what old consumers read
    assertThat(SchemaCompatibility.outputCompatible(old, narrower)).isEmpty();
  }

  @Example
  void outputsNamesEveryChangeOldConsumersCannotRead() throws Exception {
    JsonNode old =
        MAPPER.readTree(
            """
            {"type": "object", "required": ["label", "score"],
             "properties": {"label": {"enum": ["legit", "fraud"]},
                            "score": {"type": "number", "minimum": 0, "maximum": 1}}}
            """);
    JsonNode wider =
        MAPPER.readTree(
            """
            {"type": "object", "required": ["label"],
             "properties": {"label": {"enum": ["legit", "fraud", "review"]},
                            "score": {"type": ["number", "null"], "minimum": 0, "maximum": 100}}}
            """);
    assertThat(SchemaCompatibility.outputCompatible(old, wider))
        .anySatisfy(p -> assertThat(p).startsWith("/score: is required now"))
        .anySatisfy(p -> assertThat(p).startsWith("/label: values [\"review\"]"))
        .anySatisfy(p -> assertThat(p).startsWith("/score: type [null]"))
        .anySatisfy(p -> assertThat(p).startsWith("/score: the upper bound fell to 1.0"));
    assertThat(SchemaCompatibility.inputCompatible(old, wider)).isEmpty();
  }

  // --- random schemas of the subset the check understands, changes to them, and their instances

  static JsonNode schema(Random random, int depth) {
    int kind = random.nextInt(depth >= 2 ? 5 : 7);
    ObjectNode schema = JSON.objectNode();
    switch (kind) {
      case 0 -> {
        schema.put("type", "number");
        bounds(schema, random, false);
      }
      case 1 -> {
        schema.put("type", "integer");
        bounds(schema, random, true);
      }
      case 2 -> {
        schema.put("type", "string");
        if (random.nextBoolean()) {
          schema.put("minLength", random.nextInt(3));
        }
        if (random.nextBoolean()) {
          schema.put("maxLength", 3 + random.nextInt(5));
        }
      }
      case 3 -> {
        ArrayNode values = schema.putArray("enum");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          values.add("v" + i);
        }
      }
      case 4 -> schema.put("type", "boolean");
      case 5 -> {
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          String name = NAMES.get(i);
          properties.set(name, schema(random, depth + 1));
          if (random.nextBoolean()) {
            required.add(name);
          }
        }
        if (random.nextInt(3) == 0) {
          schema.put("additionalProperties", false);
        }
      }
      default -> {
        schema.put("type", "array");
        schema.set("items", schema(random, depth + 1));
        if (random.nextBoolean()) {
          schema.put("maxItems", 2 + random.nextInt(3));
        }
      }
    }
    return schema;
  }

  private static void bounds(ObjectNode schema, Random random, boolean integral) {
    if (random.nextBoolean()) {
      schema.put("minimum", random.nextInt(10));
    }
    if (random.nextBoolean()) {
      schema.put("maximum", 10 + random.nextInt(10));
    }
  }

  /** One random change somewhere in the schema: widening or narrowing. */
  static JsonNode mutate(JsonNode original, Random random, int depth) {
    ObjectNode schema = original.deepCopy();
    if (schema.has("properties") && random.nextInt(3) > 0) {
      List<String> names = new ArrayList<>();
      schema.get("properties").fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      ((ObjectNode) schema.get("properties"))
          .set(name, mutate(schema.get("properties").get(name), random, depth + 1));
      return schema;
    }
    if (schema.has("items") && random.nextBoolean()) {
      schema.set("items", mutate(schema.get("items"), random, depth + 1));
      return schema;
    }
    switch (random.nextInt(9)) {
      case 0 -> schema.put("minimum", random.nextInt(15));
      case 1 -> schema.remove(List.of("minimum", "maximum"));
      case 2 -> schema.put("maximum", 5 + random.nextInt(15));
      case 3 ->
          schema.put(
              "type", List.of("number", "integer", "string", "boolean").get(random.nextInt(4)));
      case 4 -> {
        if (schema.has("enum")) {
          ArrayNode values = (ArrayNode) schema.get("enum");
          if (random.nextBoolean() && values.size() > 1) {
            values.remove(0);
          } else {
            values.add("w" + random.nextInt(3));
          }
        } else {
          schema.put("maxLength", 1 + random.nextInt(6));
        }
      }
      case 5 -> {
        if (schema.has("required")) {
          ArrayNode required = (ArrayNode) schema.get("required");
          if (required.isEmpty() || random.nextBoolean()) {
            required.add(NAMES.get(random.nextInt(NAMES.size())));
          } else {
            required.remove(0);
          }
        }
      }
      case 6 -> schema.put("additionalProperties", random.nextBoolean());
      case 7 -> schema.put("minLength", random.nextInt(4));
      default -> schema.remove("type");
    }
    return schema;
  }

  /** A random instance the schema accepts. */
  static JsonNode instance(JsonNode schema, Random random) {
    if (schema.has("enum")) {
      JsonNode values = schema.get("enum");
      return values.get(random.nextInt(values.size()));
    }
    switch (schema.path("type").asText()) {
      case "number", "integer" -> {
        int low = schema.has("minimum") ? schema.get("minimum").asInt() : -20;
        int high = schema.has("maximum") ? schema.get("maximum").asInt() : 40;
        int value = low + random.nextInt(Math.max(1, high - low + 1));
        return schema.path("type").asText().equals("number") && random.nextBoolean() && value < high
            ? JSON.numberNode(value + 0.5)
            : JSON.numberNode(value);
      }
      case "string" -> {
        int min = schema.path("minLength").asInt(0);
        int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : min + 8;
        int length = min + random.nextInt(Math.max(1, max - min + 1));
        return JSON.textNode("x".repeat(Math.min(length, max)));
      }
      case "boolean" -> {
        return JSON.booleanNode(random.nextBoolean());
      }
      case "object" -> {
        ObjectNode instance = JSON.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        schema
            .path("properties")
            .fields()
            .forEachRemaining(
                e -> {
                  if (required.contains(e.getKey()) || random.nextBoolean()) {
                    instance.set(e.getKey(), instance(e.getValue(), random));
                  }
                });
        if (!schema.path("additionalProperties").isBoolean() && random.nextInt(3) == 0) {
          instance.put("extra" + random.nextInt(3), random.nextInt(100));
        }
        return instance;
      }
      case "array" -> {
        ArrayNode instance = JSON.arrayNode();
        int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : 4;
        int count = random.nextInt(max + 1);
        for (int i = 0; i < count; i++) {
          instance.add(instance(schema.get("items"), random));
        }
        return instance;
      }
      default -> {
        return JSON.textNode("anything");
      }
    }
  }
}

package dev.preflight.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the contract (JSON Schema 2020-12), loaded from the classpath. Schemas refer
 * to each other by their {@code $id} under {@link #BASE_URI}.
 */
public final class EventSchemas {

  /** The {@code $id} prefix of every schema of the contract. */
  public static final String BASE_URI = "https://preflight.dev/schemas/";

  private static final String CLASSPATH_LOCATION = "classpath:dev/preflight/contracts/schemas/";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaIdResolvers(ids -> ids.mapPrefix(BASE_URI, CLASSPATH_LOCATION))
                  // 2020-12 treats "format" as an annotation; the contract means it as a rule.
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private static final Map<EventType, Schema> BY_TYPE = new EnumMap<>(EventType.class);

  private static final Schema META_SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  static {
    for (EventType type : EventType.values()) {
      BY_TYPE.put(type, schema(type.schemaFile()));
    }
  }

  private EventSchemas() {}

  /** The schema of a file of the contract, e.g. {@code inference-record.schema.json}. */
  public static Schema schema(String file) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE_URI + file));
    schema.initializeValidators();
    return schema;
  }

  /**
   * Whether a document is itself a valid JSON Schema (2020-12): one message per violation of the
   * meta-schema, empty when valid. The meta-schema ships with the validator; no network needed.
   */
  public static List<Error> metaSchemaViolations(JsonNode schema) {
    return META_SCHEMA.validate(schema);
  }

  /**
   * A schema a user declared (e.g. a model's input or output schema), as JSON Schema 2020-12 with
   * formats asserted. Only the meta-schemas shipped with the validator resolve; references to other
   * documents do not make it fetch anything.
   */
  public static Schema compile(JsonNode schema) {
    Schema compiled =
        SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder ->
                    builder.schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
            .getSchema(schema);
    compiled.initializeValidators();
    return compiled;
  }

  /** Validates an event's data; the result lists one message per violation, empty when valid. */
  public static List<String> validate(EventType type, JsonNode data) {
    return messages(BY_TYPE.get(type).validate(data));
  }

  /** Validates a document against a schema of the contract. */
  public static List<String> validate(Schema schema, JsonNode document) {
    return messages(schema.validate(document));
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(Error::toString).toList();
  }
}

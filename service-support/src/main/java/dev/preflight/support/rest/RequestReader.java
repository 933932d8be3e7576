package dev.preflight.support.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.preflight.contracts.EventSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads request bodies the way the contract defines them: validated against their JSON Schema
 * first, so that every violation is reported with its field, then bound to the Java type.
 */
@ApplicationScoped
public class RequestReader {

  /** Body of {@code POST /api/v1/models}. */
  public static final String MODEL_REGISTRATION = "model-registration.schema.json";

  /** Body of {@code POST /api/v1/models/{modelId}/versions}. */
  public static final String VERSION_MANIFEST = "version-manifest.schema.json";

  private final ObjectMapper mapper;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  public RequestReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public <T> T read(JsonNode body, String schemaFile, Class<T> type) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      throw new InvalidRequestException("a JSON body is required", List.of());
    }
    Schema schema = schemas.computeIfAbsent(schemaFile, EventSchemas::schema);
    List<Error> errors = schema.validate(body);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(
          "the body breaks its schema ("
              + errors.size()
              + " error"
              + (errors.size() == 1 ? "" : "s")
              + ")",
          errors.stream().map(RequestReader::fieldError).toList());
    }
    try {
      return mapper.treeToValue(body, type);
    } catch (Exception e) {
      throw new InvalidRequestException("the body does not bind: " + e.getMessage(), List.of());
    }
  }

  /**
   * Checks that a field of a body is itself a valid JSON Schema; the violations name the field,
   * e.g. {@code /inputSchema/properties/amount/type}.
   */
  public static List<Problem.FieldError> schemaFieldErrors(String field, JsonNode schema) {
    return EventSchemas.metaSchemaViolations(schema).stream()
        .map(error -> fieldError(error))
        .map(
            e ->
                new Problem.FieldError(
                    field + (e.field().equals("/") ? "" : e.field()), e.message()))
        .toList();
  }

  private static Problem.FieldError fieldError(Error error) {
    String location = error.getInstanceLocation().toString();
    String pointer = location.startsWith("$") ? toPointer(location) : location;
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      pointer = (pointer.equals("/") ? "" : pointer) + "/" + error.getProperty();
    }
    return new Problem.FieldError(pointer.isEmpty() ? "/" : pointer, error.getMessage());
  }

  /** {@code $.artifacts[0].sha256} → {@code /artifacts/0/sha256}. */
  private static String toPointer(String path) {
    String pointer = path.substring(1).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    return pointer.isEmpty() ? "/" : pointer;
  }
}

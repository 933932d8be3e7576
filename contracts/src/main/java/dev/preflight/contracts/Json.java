package dev.preflight.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.ReferenceType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON conventions of the contract, shared by the event codec and the services' REST layer. */
public final class Json {

  private static final ObjectMapper MAPPER = configure(new ObjectMapper());

  private Json() {}

  /** A mapper configured for the contract; thread-safe, do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Applies the contract's conventions: ISO-8601 timestamps, {@code Optional} for absent values
   * (never written as null), missing lists and maps read as empty, unknown properties tolerated so
   * that consumers survive additive changes.
   */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(absentJsonIsEmpty())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
    mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    mapper.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    return mapper;
  }

  /**
   * Jackson reads an absent {@code Optional<JsonNode>} as {@code Optional.of(NullNode)}, which
   * looks present; this makes absent and null JSON an empty {@code Optional}.
   */
  private static Module absentJsonIsEmpty() {
    JsonDeserializer<Optional<JsonNode>> optionalJson =
        new StdDeserializer<>(Optional.class) {
          @Override
          public Optional<JsonNode> deserialize(JsonParser parser, DeserializationContext context)
              throws IOException {
            JsonNode node = parser.readValueAsTree();
            return node == null || node.isNull() || node.isMissingNode()
                ? Optional.empty()
                : Optional.of(node);
          }

          @Override
          public Optional<JsonNode> getNullValue(DeserializationContext context) {
            return Optional.empty();
          }

          @Override
          public Object getAbsentValue(DeserializationContext context) {
            return Optional.empty();
          }
        };
    SimpleModule module = new SimpleModule("preflight-optional-json");
    module.setDeserializers(
        new SimpleDeserializers() {
          @Override
          public JsonDeserializer<?> findReferenceDeserializer(
              ReferenceType type,
              DeserializationConfig config,
              BeanDescription description,
              TypeDeserializer contentTypeDeserializer,
              JsonDeserializer<?> contentDeserializer) {
            return type.hasRawClass(Optional.class)
                    && JsonNode.class.isAssignableFrom(type.getContentType().getRawClass())
                ? optionalJson
                : null;
          }
        });
    return module;
  }
}

package dev.preflight.support.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses JSON text carrying U+0000 as malformed input. JSON allows it ({@code "\u0000"}), but
 * PostgreSQL stores it neither in {@code text} nor in {@code jsonb}: accepted, it would fail at the
 * database as a 500 (found by the REST fuzzer); refused here, it is the caller's 400.
 */
public final class NulCharacters extends SimpleModule {

  public NulCharacters() {
    super("preflight-nul-characters");
    addDeserializer(String.class, new Strings());
    addDeserializer(JsonNode.class, new Trees<>(JsonNode.class));
    addDeserializer(ObjectNode.class, new Trees<>(ObjectNode.class));
    addDeserializer(ArrayNode.class, new Trees<>(ArrayNode.class));
  }

  private static final class Strings extends StdDeserializer<String> {
    Strings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      if (value != null && value.indexOf('\0') >= 0) {
        throw context.weirdStringException(value, String.class, "U+0000 is not accepted");
      }
      return value;
    }
  }

  private static final class Trees<T extends JsonNode> extends StdDeserializer<T> {
    private final Class<T> type;

    Trees(Class<T> type) {
      super(type);
      this.type = type;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonDeserializer<? extends JsonNode> trees = JsonNodeDeserializer.getDeserializer(type);
      JsonNode tree = trees.deserialize(parser, context);
      Deque<JsonNode> pending = new ArrayDeque<>();
      pending.push(tree);
      while (!pending.isEmpty()) {
        JsonNode node = pending.pop();
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
          throw context.weirdStringException(
              node.textValue(), String.class, "U+0000 is not accepted");
        }
        if (node.isObject()) {
          for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().indexOf('\0') >= 0) {
              throw context.weirdStringException(
                  field.getKey(), String.class, "U+0000 is not accepted in a field name");
            }
            pending.push(field.getValue());
          }
        } else if (node.isArray()) {
          node.forEach(pending::push);
        }
      }
      return (T) tree;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getNullValue(DeserializationContext context) {
      try {
        return (T) JsonNodeDeserializer.getDeserializer(type).getNullValue(context);
      } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

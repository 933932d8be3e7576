package dev.preflight.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Found by RestFuzzIT: "\u0000" in a body reached PostgreSQL, which refuses it, as a 500. */
class NulCharactersTest {

  private final ObjectMapper mapper = new ObjectMapper().registerModule(new NulCharacters());

  record Owner(String name) {}

  @Test
  void aNulCharacterAnywhereInTheInputIsMalformedInput() {
    assertThatThrownBy(() -> mapper.readValue("{\"name\": \"a\\u0000\"}", Owner.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("U+0000");
    assertThatThrownBy(() -> mapper.readValue("{\"a\": [1, {\"b\": \"\\u0000\"}]}", JsonNode.class))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"a\\u0000\": 1}", JsonNode.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void everythingElseReadsAsBefore() throws Exception {
    assertThat(mapper.readValue("{\"name\": \"Ada \\u00e9\"}", Owner.class).name())
        .isEqualTo("Ada é");
    assertThat(mapper.readValue("null", JsonNode.class).isNull()).isTrue();
    assertThat(mapper.readValue("{\"a\": [1, \"x\"]}", JsonNode.class).path("a").size())
        .isEqualTo(2);
  }
}

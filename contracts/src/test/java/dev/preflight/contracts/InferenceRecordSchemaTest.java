package dev.preflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;

class InferenceRecordSchemaTest {

  private static final Schema RECORD = EventSchemas.schema("inference-record.schema.json");

  @Test
  void aNativeInferenceRecordIsValid() throws Exception {
    JsonNode record =
        Json.mapper()
            .readTree(
                """
                {"modelId":"fraud-detector","modelVersion":"1.4.0","requestId":"r-1",
                 "timestamp":"2026-11-28T09:30:00Z",
                 "features":{"amount":12.5,"country":"DE","new_customer":true,"referrer":null},
                 "prediction":{"label":"fraud","score":0.91},"latencyMs":12.3,"status":200,
                 "clientId":"checkout","auth":"ok","payloadBytes":512,"segment":{"region":"eu"}}
                """);

    assertThat(EventSchemas.validate(RECORD, record)).isEmpty();
  }

  @Test
  void aRecordWithAnObjectFeatureAndNoStatusIsInvalid() throws Exception {
    JsonNode record =
        Json.mapper()
            .readTree(
                """
                {"modelId":"fraud-detector","modelVersion":"1.4.0","requestId":"r-1",
                 "timestamp":"yesterday","features":{"amount":{"nested":1}},"latencyMs":12.3}
                """);

    assertThat(EventSchemas.validate(RECORD, record))
        .anySatisfy(message -> assertThat(message).contains("status"))
        .anySatisfy(message -> assertThat(message).contains("amount"))
        .anySatisfy(message -> assertThat(message).contains("timestamp"));
  }

  @Test
  void aDocumentThatIsNotAJsonSchemaBreaksTheMetaSchema() throws Exception {
    assertThat(
            EventSchemas.metaSchemaViolations(
                Json.mapper().readTree("{\"type\": \"object\", \"required\": [\"a\"]}")))
        .isEmpty();
    assertThat(EventSchemas.metaSchemaViolations(Json.mapper().readTree("{\"type\": \"objekt\"}")))
        .isNotEmpty();
  }
}

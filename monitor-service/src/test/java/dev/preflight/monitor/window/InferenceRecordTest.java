package dev.preflight.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InferenceRecordTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void theFastTimestampPathAgreesWithTheFullParser() {
    for (String text :
        new String[] {
          "2026-11-28T09:30:00Z", "2026-11-28T09:30:00.1Z", "2026-11-28T09:30:00.12Z",
          "2026-11-28T09:30:00.123Z", "2026-11-28T09:30:00.123456789Z", "2024-02-29T23:59:59.999Z",
          "1970-01-01T00:00:00Z"
        }) {
      assertThat(InferenceRecord.utc(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }
  }

  @Test
  void anythingElseIsLeftToTheFullParser() {
    for (String text :
        new String[] {
          "2026-11-28T09:30:00+02:00",
          "2026-02-30T09:30:00Z",
          "2026-11-28 09:30:00Z",
          "2026-11-28T24:00:00Z",
          "2026-11-28T09:30:00.Z",
          "yesterday",
          "2026-11-28T09:30:0xZ"
        }) {
      assertThat(InferenceRecord.utc(text)).as(text).isEqualTo(InferenceRecord.INVALID_TIME);
    }
  }

  @Test
  void aRecordIsReadIntoPrimitives() {
    InferenceRecord record = new InferenceRecord();

    String problem =
        record.parse(
            bytes(
                """
                {"modelId":"fraud","modelVersion":"1.4.0","requestId":"r-1",
                 "timestamp":"2026-11-28T09:30:00.250+01:00",
                 "features":{"amount":12.5,"country":"DE","new":true,"age":null,"amount":13},
                 "prediction":{"label":1,"score":0.93},"latencyMs":12,"status":200,
                 "clientId":"checkout","auth":"denied","payloadBytes":512,
                 "segment":{"region":"eu"},"extra":[1,{"a":2}]}
                """));

    assertThat(problem).isNull();
    assertThat(record.modelId()).isEqualTo("fraud");
    assertThat(record.modelVersion()).isEqualTo("1.4.0");
    assertThat(record.requestId()).isEqualTo("r-1");
    assertThat(record.timestamp())
        .isEqualTo(
            OffsetDateTime.parse("2026-11-28T09:30:00.250+01:00").toInstant().toEpochMilli());
    assertThat(record.features).as("a name given twice keeps its last value").isEqualTo(4);
    assertThat(record.names[0]).isEqualTo("amount");
    assertThat(record.numbers[0]).isEqualTo(13.0);
    assertThat(record.kinds[1]).isEqualTo(InferenceRecord.STRING);
    assertThat(record.texts[1]).isEqualTo("DE");
    assertThat(record.kinds[2]).isEqualTo(InferenceRecord.TRUE);
    assertThat(record.kinds[3]).isEqualTo(InferenceRecord.NULL);
    assertThat(record.predictedLabel().isIntegralNumber()).isTrue();
    assertThat(record.score).isEqualTo(0.93);
    assertThat(record.auth).isEqualTo(InferenceRecord.AUTH_DENIED);
    assertThat(record.payloadBytes).isEqualTo(512);
  }

  @Test
  void eachOffContractShapeHasItsReason() {
    String valid =
        """
        {"modelId":"fraud","modelVersion":"1.4.0","requestId":"r-1",
         "timestamp":"2026-11-28T09:30:00Z","features":{},"latencyMs":1,"status":200}\
        """;
    InferenceRecord record = new InferenceRecord();
    assertThat(record.parse(bytes(valid))).isNull();
    String[][] cases = {
      {"[1,2]", "not a JSON object"},
      {"{\"modelId\":", "not JSON"},
      {valid + " {}", "not JSON"},
      {valid.replace("\"fraud\"", "\"Fraud/x\""), "modelId is required"},
      {valid.replace("\"fraud\"", "7"), "modelId is required and must be a model id (got 7)"},
      {valid.replace("\"modelId\":\"fraud\",", ""), "modelId is required"},
      {valid.replace("\"1.4.0\"", "{}"), "modelVersion is required"},
      {valid.replace("\"r-1\"", "\"  \""), "requestId is required"},
      {valid.replace("2026-11-28T09:30:00Z", "yesterday"), "timestamp 'yesterday' is not"},
      {valid.replace("{}", "{\"a\":[1]}"), "feature values must be numbers"},
      {valid.replace("{}", "[]"), "features is required and must be an object"},
      {valid.replace("\"latencyMs\":1", "\"latencyMs\":-1"), "latencyMs is required"},
      {valid.replace("\"latencyMs\":1", "\"latencyMs\":\"1\""), "latencyMs is required"},
      {valid.replace("\"status\":200", "\"status\":200.5"), "status is required"},
      {valid.replace("\"status\":200", "\"status\":99"), "status is required"},
      {valid.replace("\"status\":200", "\"status\":2"), "status is required"},
      {valid.replace("\"status\":200", "\"status\":200,\"auth\":\"maybe\""), "auth must be ok"},
      {
        valid.replace("\"status\":200", "\"status\":200,\"prediction\":{\"score\":1}"),
        "prediction as an object needs a label"
      },
      {
        valid.replace("\"status\":200", "\"status\":200,\"prediction\":{\"label\":[1]}"),
        "prediction's label must be"
      },
    };
    for (String[] c : cases) {
      assertThat(record.parse(bytes(c[0]))).as(c[0]).startsWith(c[1]);
    }
  }

  /**
   * The streaming read and the JSON tree say the same of every record: windows aggregated from
   * either are byte for byte the same.
   */
  @Test
  void windowsFromTheStreamingReadEqualThoseFromTheJsonTree() throws Exception {
    Random random = new Random(7);
    Reference reference = Reference.NONE;
    WindowAggregate streamed = new WindowAggregate();
    WindowAggregate fromTree = new WindowAggregate();
    InferenceRecord record = new InferenceRecord();
    String[] countries = {"DE", "FR", "GB"};
    for (int i = 0; i < 5_000; i++) {
      ObjectNode json = MAPPER.createObjectNode();
      json.put("modelId", "fraud").put("modelVersion", "1.0.0").put("requestId", "r-" + i);
      json.put("timestamp", "2026-11-28T09:30:" + String.format("%02d", i % 60) + ".5Z");
      ObjectNode features = json.putObject("features");
      // Fewer distinct values than NumericValues keeps exactly: its sketch beyond is randomised.
      features.put("amount", Math.round(random.nextGaussian() * 100) / 10.0);
      features.put("items", random.nextInt(8));
      if (random.nextInt(10) == 0) {
        features.putNull("items");
      }
      features.put("country", countries[random.nextInt(3)]);
      features.put("returning", random.nextBoolean());
      features.put("code", random.nextInt(3));
      if (random.nextBoolean()) {
        json.putObject("prediction")
            .put("label", random.nextInt(2))
            .put("score", random.nextDouble());
      } else {
        json.put("prediction", random.nextBoolean() ? "yes" : "no");
      }
      json.put("latencyMs", random.nextDouble() * 50)
          .put("status", random.nextInt(10) == 0 ? 503 : 200);
      json.put("clientId", "c-" + random.nextInt(5));
      json.put("auth", new String[] {"ok", "denied", "invalid"}[random.nextInt(3)]);
      json.put("payloadBytes", random.nextInt(2_000_000));

      assertThat(record.parse(MAPPER.writeValueAsBytes(json))).isNull();
      streamed.add(record, reference);
      JsonNode tree = MAPPER.readTree(MAPPER.writeValueAsBytes(json));
      fromTree.add(
          record.timestamp(),
          tree.get("features"),
          tree.get("prediction"),
          tree.get("latencyMs").doubleValue(),
          tree.get("status").intValue(),
          tree.get("clientId").asText(),
          tree.get("auth").asText(),
          tree.get("payloadBytes").longValue(),
          reference);
    }
    assertThat(streamed.count()).isEqualTo(5_000);
    assertThat(streamed.toBytes()).isEqualTo(fromTree.toBytes());
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}

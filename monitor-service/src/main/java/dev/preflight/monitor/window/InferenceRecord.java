package dev.preflight.monitor.window;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * One native inference record (inference-record.schema.json) as primitives: read straight from its
 * bytes by Jackson's streaming parser, its shape checked as it is read, no JSON tree. One instance
 * is reused for every record of a task: {@link #parse} overwrites it.
 *
 * <p>Feature names are the parser's canonical (interned) names, so the same name in every record is
 * the same {@code String} and costs no allocation.
 */
public final class InferenceRecord {

  /** A value's JSON type, as far as aggregating cares. */
  public static final byte NULL = 0;

  public static final byte NUMBER = 1;
  public static final byte STRING = 2;
  public static final byte TRUE = 3;
  public static final byte FALSE = 4;

  public static final byte AUTH_NONE = 0;
  public static final byte AUTH_OK = 1;
  public static final byte AUTH_DENIED = 2;
  public static final byte AUTH_INVALID = 3;

  /** Returned for a timestamp that is not an RFC 3339 date-time. */
  public static final long INVALID_TIME = Long.MIN_VALUE;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** The model id and version as characters: a version's state is found without a String. */
  final char[] modelIdChars = new char[63];

  int modelIdLength;
  final char[] versionChars = new char[64];
  int versionLength;
  private String modelId;
  private String modelVersion;
  String requestId;
  long timestamp;
  double latencyMs;
  int status;
  String clientId;
  byte auth;
  long payloadBytes;

  int features;
  String[] names = new String[16];
  byte[] kinds = new byte[16];
  double[] numbers = new double[16];
  String[] texts = new String[16];

  /** The prediction: absent (NULL kind and no object), a scalar, or {@code {label, score}}. */
  byte predictionKind;

  boolean predictionIntegral;
  double predictionNumber;
  String predictionText;
  boolean hasScore;
  double score;

  /**
   * Reads a record; returns what is wrong with it (the dead-letter reason), or null. On a problem
   * the instance holds whatever was read before it.
   */
  public String parse(byte[] bytes) {
    reset();
    if (bytes == null) {
      return "not a JSON object";
    }
    boolean hasModel = false;
    boolean hasVersion = false;
    boolean hasRequest = false;
    boolean hasTimestamp = false;
    boolean hasFeatures = false;
    boolean hasLatency = false;
    boolean hasStatus = false;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        token = p.nextToken();
        switch (field) {
          case "modelId" -> {
            if (token != JsonToken.VALUE_STRING || !modelId(p)) {
              return "modelId is required and must be a model id (got " + shown(p, token) + ")";
            }
            hasModel = true;
          }
          case "modelVersion" -> {
            if (token != JsonToken.VALUE_STRING || !version(p)) {
              return "modelVersion is required and must be a version (got " + shown(p, token) + ")";
            }
            hasVersion = true;
          }
          case "requestId" -> {
            if (token != JsonToken.VALUE_STRING || p.getText().isBlank()) {
              return "requestId is required";
            }
            requestId = p.getText();
            hasRequest = true;
          }
          case "timestamp" -> {
            if (token != JsonToken.VALUE_STRING) {
              return "timestamp is required (RFC 3339)";
            }
            timestamp = utc(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (timestamp == INVALID_TIME) {
              timestamp = general(p.getText());
            }
            if (timestamp == INVALID_TIME) {
              return "timestamp '" + p.getText() + "' is not an RFC 3339 date-time";
            }
            hasTimestamp = true;
          }
          case "features" -> {
            if (token != JsonToken.START_OBJECT) {
              return "features is required and must be an object";
            }
            String problem = features(p);
            if (problem != null) {
              return problem;
            }
            hasFeatures = true;
          }
          case "latencyMs" -> {
            if (!token.isNumeric() || p.getDoubleValue() < 0) {
              return "latencyMs is required and must be a number >= 0";
            }
            latencyMs = p.getDoubleValue();
            hasLatency = true;
          }
          case "status" -> {
            if (token != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 100
                || p.getLongValue() > 599) {
              return "status is required and must be an HTTP status code";
            }
            status = p.getIntValue();
            hasStatus = true;
          }
          case "clientId" ->
              clientId =
                  token.isScalarValue() && token != JsonToken.VALUE_NULL
                      ? p.getText()
                      : skip(p, token, null);
          case "auth" -> {
            if (token != JsonToken.VALUE_NULL) {
              String value = token == JsonToken.VALUE_STRING ? p.getText() : null;
              if ("ok".equals(value)) {
                auth = AUTH_OK;
              } else if ("denied".equals(value)) {
                auth = AUTH_DENIED;
              } else if ("invalid".equals(value)) {
                auth = AUTH_INVALID;
              } else {
                return "auth must be ok, denied or invalid (got " + shown(p, token) + ")";
              }
            }
          }
          case "payloadBytes" ->
              payloadBytes = token.isNumeric() ? (long) p.getDoubleValue() : skipped(p, token);
          case "prediction" -> {
            String problem = prediction(p, token);
            if (problem != null) {
              return problem;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        return "not a JSON object";
      }
      if (p.nextToken() != null) {
        return "not JSON: more than one value";
      }
    } catch (IOException e) {
      return "not JSON: " + e.getMessage();
    }
    if (!hasModel) {
      return "modelId is required and must be a model id (got null)";
    }
    if (!hasVersion) {
      return "modelVersion is required and must be a version (got null)";
    }
    if (!hasRequest) {
      return "requestId is required";
    }
    if (!hasTimestamp) {
      return "timestamp is required (RFC 3339)";
    }
    if (!hasFeatures) {
      return "features is required and must be an object";
    }
    if (!hasLatency) {
      return "latencyMs is required and must be a number >= 0";
    }
    if (!hasStatus) {
      return "status is required and must be an HTTP status code";
    }
    return null;
  }

  /**
   * Copies the model id's characters, checked as {@code [a-z0-9][a-z0-9._-]{0,62}} (the contract's
   * pattern) without a regular expression or a {@code String}.
   */
  private boolean modelId(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    if (length < 1 || length > modelIdChars.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text[offset + i];
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (i > 0 && (c == '.' || c == '_' || c == '-'));
      if (!valid) {
        return false;
      }
      modelIdChars[i] = c;
    }
    modelIdLength = length;
    return true;
  }

  /** Copies the version's characters, checked as {@code [A-Za-z0-9][A-Za-z0-9._+-]{0,63}}. */
  private boolean version(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    if (length < 1 || length > versionChars.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text[offset + i];
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || (i > 0 && (c == '.' || c == '_' || c == '+' || c == '-'));
      if (!valid) {
        return false;
      }
      versionChars[i] = c;
    }
    versionLength = length;
    return true;
  }

  private String features(JsonParser p) throws IOException {
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      token = p.nextToken();
      int slot = slot(name);
      switch (token) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          kinds[slot] = NUMBER;
          numbers[slot] = p.getDoubleValue();
        }
        case VALUE_STRING -> {
          kinds[slot] = STRING;
          texts[slot] = p.getText();
        }
        case VALUE_TRUE -> kinds[slot] = TRUE;
        case VALUE_FALSE -> kinds[slot] = FALSE;
        case VALUE_NULL -> kinds[slot] = NULL;
        default -> {
          return "feature values must be numbers, strings, booleans or null";
        }
      }
    }
    return null;
  }

  /** The slot of a feature; a name given twice keeps its last value, as a JSON object does. */
  private int slot(String name) {
    for (int i = 0; i < features; i++) {
      if (names[i] == name || names[i].equals(name)) {
        return i;
      }
    }
    if (features == names.length) {
      int grown = features * 2;
      names = Arrays.copyOf(names, grown);
      kinds = Arrays.copyOf(kinds, grown);
      numbers = Arrays.copyOf(numbers, grown);
      texts = Arrays.copyOf(texts, grown);
    }
    names[features] = name;
    texts[features] = null;
    return features++;
  }

  private String prediction(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NULL -> predictionKind = NULL;
      case START_OBJECT -> {
        boolean labelled = false;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          token = p.nextToken();
          if (field.equals("label")) {
            if (!scalarPrediction(p, token) || token == JsonToken.VALUE_NULL) {
              return "prediction's label must be a string, number or boolean";
            }
            labelled = true;
          } else if (field.equals("score")) {
            if (!token.isNumeric()) {
              skip(p, token, null);
              continue;
            }
            hasScore = true;
            score = p.getDoubleValue();
          } else {
            p.skipChildren();
          }
        }
        if (!labelled) {
          return "prediction as an object needs a label";
        }
      }
      case START_ARRAY -> {
        return "prediction must be a number, a string or {label, score}";
      }
      default -> scalarPrediction(p, token);
    }
    return null;
  }

  private boolean scalarPrediction(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        predictionKind = NUMBER;
        predictionIntegral = token == JsonToken.VALUE_NUMBER_INT;
        predictionNumber = p.getDoubleValue();
      }
      case VALUE_STRING -> {
        predictionKind = STRING;
        predictionText = p.getText();
      }
      case VALUE_TRUE -> predictionKind = TRUE;
      case VALUE_FALSE -> predictionKind = FALSE;
      case VALUE_NULL -> predictionKind = NULL;
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String shown(JsonParser p, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> '"' + p.getText() + '"';
      case START_OBJECT -> {
        p.skipChildren();
        yield "an object";
      }
      case START_ARRAY -> {
        p.skipChildren();
        yield "an array";
      }
      default -> p.getText();
    };
  }

  private static String skip(JsonParser p, JsonToken token, String value) throws IOException {
    if (token.isStructStart()) {
      p.skipChildren();
    }
    return value;
  }

  private static long skipped(JsonParser p, JsonToken token) throws IOException {
    skip(p, token, null);
    return -1;
  }

  /** Any RFC 3339 date-time, by the general parser; {@link #INVALID_TIME} if it is none. */
  static long general(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      return INVALID_TIME;
    }
  }

  /** {@link #utc(char[], int, int)} of a string. */
  public static long utc(String text) {
    return utc(text.toCharArray(), 0, text.length());
  }

  /**
   * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without the general parser (a tenth of
   * its cost on the hot path); anything else is {@link #INVALID_TIME} here and goes to the general
   * parser.
   */
  static long utc(char[] t, int offset, int n) {
    if (n < 20
        || t[offset + n - 1] != 'Z'
        || t[offset + 4] != '-'
        || t[offset + 7] != '-'
        || t[offset + 10] != 'T'
        || t[offset + 13] != ':'
        || t[offset + 16] != ':') {
      return INVALID_TIME;
    }
    int year = digits(t, offset, 4);
    int month = digits(t, offset + 5, 2);
    int day = digits(t, offset + 8, 2);
    int hour = digits(t, offset + 11, 2);
    int minute = digits(t, offset + 14, 2);
    int second = digits(t, offset + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return INVALID_TIME;
    }
    int millis = 0;
    if (n > 20) {
      if (t[offset + 19] != '.' || n == 21) {
        return INVALID_TIME;
      }
      for (int i = 20; i < n - 1; i++) {
        char c = t[offset + i];
        if (c < '0' || c > '9') {
          return INVALID_TIME;
        }
        if (i < 23) {
          millis = millis * 10 + (c - '0');
        }
      }
      for (int i = Math.min(n - 1, 23); i < 23; i++) {
        millis *= 10;
      }
    }
    if (day > YearMonth.of(year, month).lengthOfMonth()) {
      return INVALID_TIME;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  private static int digits(char[] t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private void reset() {
    modelId = null;
    modelVersion = null;
    modelIdLength = 0;
    versionLength = 0;
    requestId = null;
    clientId = null;
    timestamp = INVALID_TIME;
    latencyMs = 0;
    status = 0;
    auth = AUTH_NONE;
    payloadBytes = -1;
    features = 0;
    predictionKind = NULL;
    predictionText = null;
    hasScore = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Read by the aggregation and the label join

  public String modelId() {
    if (modelId == null) {
      modelId = new String(modelIdChars, 0, modelIdLength);
    }
    return modelId;
  }

  public String modelVersion() {
    if (modelVersion == null) {
      modelVersion = new String(versionChars, 0, versionLength);
    }
    return modelVersion;
  }

  public String requestId() {
    return requestId;
  }

  /** The record's own time, epoch milliseconds. */
  public long timestamp() {
    return timestamp;
  }

  /** Whether the record carries a prediction (a label, a number or a string). */
  public boolean hasPrediction() {
    return predictionKind != NULL;
  }

  /** The predicted label as JSON, for the label join. */
  public JsonNode predictedLabel() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (predictionKind) {
      case NUMBER ->
          predictionIntegral && Math.abs(predictionNumber) < 0x1p53
              ? nodes.numberNode((long) predictionNumber)
              : nodes.numberNode(predictionNumber);
      case STRING -> nodes.textNode(predictionText);
      case TRUE -> nodes.booleanNode(true);
      case FALSE -> nodes.booleanNode(false);
      default -> nodes.nullNode();
    };
  }

  /**
   * A record assembled from JSON values (the tests' and the KServe pairing's way in): the same
   * fields as {@link #parse} reads, unchecked.
   */
  public static InferenceRecord of(
      long timestamp,
      JsonNode features,
      JsonNode prediction,
      double latencyMs,
      int status,
      String clientId,
      String auth,
      long payloadBytes) {
    InferenceRecord record = new InferenceRecord();
    record.reset();
    record.timestamp = timestamp;
    record.latencyMs = latencyMs;
    record.status = status;
    record.clientId = clientId;
    record.auth =
        auth == null
            ? AUTH_NONE
            : switch (auth) {
              case "denied" -> AUTH_DENIED;
              case "invalid" -> AUTH_INVALID;
              default -> AUTH_OK;
            };
    record.payloadBytes = payloadBytes;
    if (features != null) {
      Iterator<Map.Entry<String, JsonNode>> fields = features.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        int slot = record.slot(field.getKey().intern());
        JsonNode value = field.getValue();
        if (value.isNumber()) {
          record.kinds[slot] = NUMBER;
          record.numbers[slot] = value.doubleValue();
        } else if (value.isBoolean()) {
          record.kinds[slot] = value.booleanValue() ? TRUE : FALSE;
        } else if (value.isNull() || value.isMissingNode()) {
          record.kinds[slot] = NULL;
        } else {
          record.kinds[slot] = STRING;
          record.texts[slot] = value.asText();
        }
      }
    }
    if (prediction != null && !prediction.isNull() && !prediction.isMissingNode()) {
      JsonNode label = prediction.isObject() ? prediction.path("label") : prediction;
      if (label.isNumber()) {
        record.predictionKind = NUMBER;
        record.predictionIntegral = label.isIntegralNumber();
        record.predictionNumber = label.doubleValue();
      } else if (label.isBoolean()) {
        record.predictionKind = label.booleanValue() ? TRUE : FALSE;
      } else if (!label.isNull() && !label.isMissingNode()) {
        record.predictionKind = STRING;
        record.predictionText = label.asText();
      }
      if (prediction.isObject() && prediction.path("score").isNumber()) {
        record.hasScore = true;
        record.score = prediction.path("score").doubleValue();
      }
    }
    return record;
  }
}

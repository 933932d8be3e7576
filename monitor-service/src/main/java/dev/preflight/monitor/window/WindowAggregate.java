package dev.preflight.monitor.window;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.model.Labels;
import dev.preflight.monitor.profile.Bins;
import dev.preflight.monitor.profile.ProfileBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Everything the detectors need from one evaluation window of one version, as mergeable summaries:
 * the values of each numeric feature (exact up to a cap, see {@link NumericValues}) and its PSI bin
 * counts, category counts, a latency HdrHistogram, status, auth and payload counters, per-client
 * counts, and prediction/label outcomes for accuracy. Partial aggregates of the same window (from
 * several partitions) merge exactly.
 */
public final class WindowAggregate {

  /** Distinct categories (and clients) kept per window; the rest count as {@link #OTHER}. */
  public static final int MAX_DISTINCT = 1000;

  public static final String OTHER = "(other)";
  public static final String PREDICTION = "(prediction)";

  /** 2: numeric values exact up to a cap ({@link NumericValues}); 1 (still read): KLL only. */
  private static final byte FORMAT = 2;

  private static final byte FORMAT_SKETCH_ONLY = 1;
  private static final long LATENCY_HIGHEST_MICROS = 3_600_000_000L;
  private static final int MAX_BINS = 10_000;

  long count;
  long errors;
  long authDenied;
  long authInvalid;
  long payloads;
  long oversized;
  long minTimestamp = Long.MAX_VALUE;
  long maxTimestamp = Long.MIN_VALUE;
  IntCountsHistogram latencyMicros = newHistogram();
  final Map<String, NumericAggregate> numeric = new LinkedHashMap<>();
  final Map<String, CategoricalAggregate> categorical = new LinkedHashMap<>();
  final Map<String, long[]> clients = new HashMap<>();
  final Map<String, Long> outcomes = new HashMap<>();
  long regressionCount;
  double absoluteError;
  double squaredError;

  /**
   * Where the last record's features went, by position: records of a version name their features in
   * the same order, so each is found without a map look-up (a cache miss or two per feature when a
   * thousand versions interleave).
   */
  private Reference resolvedFor;

  private String[] resolvedNames = new String[0];
  private Object[] resolvedTargets = new Object[0];
  private Reference.Feature[] resolvedFeatures = new Reference.Feature[0];

  private static IntCountsHistogram newHistogram() {
    IntCountsHistogram histogram = new IntCountsHistogram(2);
    histogram.setAutoResize(true);
    return histogram;
  }

  /** Adds one inference record given as JSON values (the tests' way in). */
  public void add(
      long timestamp,
      JsonNode features,
      JsonNode prediction,
      double latencyMs,
      int status,
      String clientId,
      String auth,
      long payloadBytes,
      Reference reference) {
    add(
        InferenceRecord.of(
            timestamp, features, prediction, latencyMs, status, clientId, auth, payloadBytes),
        reference);
  }

  /** Adds one inference record. */
  public void add(InferenceRecord record, Reference reference) {
    long timestamp = record.timestamp;
    count++;
    minTimestamp = Math.min(minTimestamp, timestamp);
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    if (record.status >= 500) {
      errors++;
    }
    boolean authFailed = false;
    if (record.auth == InferenceRecord.AUTH_DENIED) {
      authDenied++;
      authFailed = true;
    } else if (record.auth == InferenceRecord.AUTH_INVALID) {
      authInvalid++;
      authFailed = true;
    }
    if (record.payloadBytes >= 0) {
      payloads++;
      if (record.payloadBytes > reference.maxPayloadBytes) {
        oversized++;
      }
    }
    latencyMicros.recordValue(
        Math.min(LATENCY_HIGHEST_MICROS, Math.max(0, Math.round(record.latencyMs * 1000))));
    if (record.clientId != null) {
      String clientId = record.clientId;
      String client =
          clients.size() >= MAX_DISTINCT && !clients.containsKey(clientId) ? OTHER : clientId;
      long[] counts = clients.computeIfAbsent(client, c -> new long[2]);
      counts[0]++;
      if (authFailed) {
        counts[1]++;
      }
    }
    if (resolvedFor != reference) {
      resolvedFor = reference;
      resolvedNames = new String[record.features];
      resolvedTargets = new Object[record.features];
      resolvedFeatures = new Reference.Feature[record.features];
    }
    for (int i = 0; i < record.features; i++) {
      String name = record.names[i];
      if (i < resolvedNames.length && resolvedNames[i] == name) {
        // The same feature in the same place as in the version's last record: no look-up.
        if (resolvedTargets[i] instanceof NumericAggregate aggregate) {
          addNumeric(aggregate, record.kinds[i], record.numbers[i], resolvedFeatures[i]);
        } else {
          addCategorical(
              (CategoricalAggregate) resolvedTargets[i],
              record.kinds[i],
              record.numbers[i],
              record.texts[i],
              resolvedFeatures[i]);
        }
        continue;
      }
      Reference.Feature feature = reference.features.get(name);
      Object target = addValue(name, record.kinds[i], record.numbers[i], record.texts[i], feature);
      if (feature != null && i < resolvedNames.length) {
        // Typed by the reference, the feature always goes to the same aggregate.
        resolvedNames[i] = name;
        resolvedTargets[i] = target;
        resolvedFeatures[i] = feature;
      }
    }
    if (record.predictionKind != InferenceRecord.NULL) {
      Reference.Feature predicted = reference.prediction;
      if (predicted != null && predicted.numeric && record.hasScore) {
        addValue(PREDICTION, InferenceRecord.NUMBER, record.score, null, predicted);
      } else {
        addValue(
            PREDICTION,
            record.predictionKind,
            record.predictionNumber,
            record.predictionText,
            predicted);
      }
    }
  }

  /** Adds one value to its feature's aggregate, and returns that aggregate. */
  private Object addValue(
      String name, byte kind, double number, String text, Reference.Feature reference) {
    boolean numericFeature = reference != null ? reference.numeric : kind == InferenceRecord.NUMBER;
    if (numericFeature) {
      NumericAggregate aggregate = numeric.get(name);
      if (aggregate == null) {
        aggregate = new NumericAggregate(reference == null ? 0 : reference.edges.length + 1);
        numeric.put(name, aggregate);
      }
      addNumeric(aggregate, kind, number, reference);
      return aggregate;
    }
    CategoricalAggregate aggregate = categorical.get(name);
    if (aggregate == null) {
      aggregate = new CategoricalAggregate();
      categorical.put(name, aggregate);
    }
    addCategorical(aggregate, kind, number, text, reference);
    return aggregate;
  }

  private static void addNumeric(
      NumericAggregate aggregate, byte kind, double number, Reference.Feature reference) {
    if (kind == InferenceRecord.NUMBER) {
      aggregate.add(number, reference);
    } else if (kind == InferenceRecord.NULL) {
      aggregate.nulls++;
    } else {
      aggregate.invalid++;
    }
  }

  private static void addCategorical(
      CategoricalAggregate aggregate,
      byte kind,
      double number,
      String text,
      Reference.Feature reference) {
    switch (kind) {
      case InferenceRecord.NULL -> aggregate.nulls++;
      case InferenceRecord.NUMBER -> aggregate.add(ProfileBuilder.category(number), reference);
      case InferenceRecord.TRUE -> aggregate.add("true", reference);
      case InferenceRecord.FALSE -> aggregate.add("false", reference);
      default -> aggregate.add(text, reference);
    }
  }

  /** Adds a prediction joined with its label. */
  public void addOutcome(JsonNode truth, JsonNode predicted) {
    if (truth.isNumber() && predicted.isNumber()) {
      double error = predicted.doubleValue() - truth.doubleValue();
      regressionCount++;
      absoluteError += Math.abs(error);
      squaredError += error * error;
    }
    // Classes compare by their canonical labels (Labels: 1, 1.0, "1" and true are one class; a
    // {label, score} prediction is its label); a side without a label is not an outcome.
    Optional<String> truthClass = Labels.canonical(truth);
    Optional<String> predictedClass = Labels.canonical(predicted);
    if (truthClass.isEmpty() || predictedClass.isEmpty()) {
      return;
    }
    String key = truthClass.get() + '\u001f' + predictedClass.get();
    if (outcomes.size() < MAX_DISTINCT || outcomes.containsKey(key)) {
      outcomes.merge(key, 1L, Long::sum);
    }
  }

  /** Adds another partial aggregate of the same window. */
  public void merge(WindowAggregate other) {
    count += other.count;
    errors += other.errors;
    authDenied += other.authDenied;
    authInvalid += other.authInvalid;
    payloads += other.payloads;
    oversized += other.oversized;
    minTimestamp = Math.min(minTimestamp, other.minTimestamp);
    maxTimestamp = Math.max(maxTimestamp, other.maxTimestamp);
    latencyMicros.add(other.latencyMicros);
    other.numeric.forEach(
        (name, theirs) -> {
          NumericAggregate mine = numeric.get(name);
          if (mine == null) {
            numeric.put(name, theirs.copy());
          } else {
            mine.merge(theirs);
          }
        });
    other.categorical.forEach(
        (name, theirs) ->
            categorical.computeIfAbsent(name, n -> new CategoricalAggregate()).merge(theirs));
    other.clients.forEach(
        (client, theirs) -> {
          String key =
              clients.size() >= MAX_DISTINCT && !clients.containsKey(client) ? OTHER : client;
          long[] mine = clients.computeIfAbsent(key, c -> new long[2]);
          mine[0] += theirs[0];
          mine[1] += theirs[1];
        });
    other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
    regressionCount += other.regressionCount;
    absoluteError += other.absoluteError;
    squaredError += other.squaredError;
  }

  public boolean isEmpty() {
    return count == 0 && outcomes.isEmpty();
  }

  public long count() {
    return count;
  }

  /** The event time of the newest record, epoch milliseconds; {@code Long.MIN_VALUE} when empty. */
  public long latestTimestamp() {
    return maxTimestamp;
  }

  /** Predictions joined with their ground truth: the sample accuracy is evaluated on. */
  public long labelled() {
    long labelled = regressionCount;
    for (long n : outcomes.values()) {
      labelled += n;
    }
    return labelled;
  }

  public long errors() {
    return errors;
  }

  public long authFailures() {
    return authDenied + authInvalid;
  }

  public long payloads() {
    return payloads;
  }

  public long oversized() {
    return oversized;
  }

  public IntCountsHistogram latencyMicros() {
    return latencyMicros;
  }

  public Map<String, NumericAggregate> numeric() {
    return numeric;
  }

  public Map<String, CategoricalAggregate> categorical() {
    return categorical;
  }

  /** Client → {requests, authentication failures}. */
  public Map<String, long[]> clients() {
    return clients;
  }

  /** "truth␟predicted" → count. */
  public Map<String, Long> outcomes() {
    return outcomes;
  }

  public long regressionCount() {
    return regressionCount;
  }

  public double absoluteError() {
    return absoluteError;
  }

  public double squaredError() {
    return squaredError;
  }

  /** One numeric feature in a window. */
  public static final class NumericAggregate {
    NumericValues values = new NumericValues();
    long nulls;
    long invalid;
    long outOfRange;
    long[] bins;

    NumericAggregate(int bins) {
      this.bins = new long[bins];
    }

    void add(double value, Reference.Feature reference) {
      if (!Double.isFinite(value)) {
        invalid++;
        return;
      }
      values.add(value);
      if (reference != null) {
        if (value < reference.lower || value > reference.upper) {
          outOfRange++;
        }
        if (bins.length == reference.edges.length + 1) {
          bins[Bins.index(reference.edges, value)]++;
        }
      }
    }

    void merge(NumericAggregate other) {
      values.merge(other.values);
      nulls += other.nulls;
      invalid += other.invalid;
      outOfRange += other.outOfRange;
      if (bins.length == other.bins.length) {
        for (int i = 0; i < bins.length; i++) {
          bins[i] += other.bins[i];
        }
      } else if (bins.length == 0) {
        bins = other.bins.clone();
      }
    }

    NumericAggregate copy() {
      NumericAggregate copy = new NumericAggregate(0);
      copy.merge(this);
      return copy;
    }

    /** The feature's finite values in the window. */
    public NumericValues values() {
      return values;
    }

    public long nulls() {
      return nulls;
    }

    public long invalid() {
      return invalid;
    }

    public long outOfRange() {
      return outOfRange;
    }

    /** Counts per reference bin; empty when no profile was there to bin against. */
    public long[] bins() {
      return bins;
    }
  }

  /** One categorical feature in a window. */
  public static final class CategoricalAggregate {
    /** Counts by category (a mutable count each, no boxing per record). */
    private final Map<String, long[]> counts = new HashMap<>();

    /** Counts of the reference's own categories, by its index: found without a second map. */
    private Reference.Feature knownOf;

    private long[] known;
    long nulls;
    long unseen;

    void add(String category, Reference.Feature reference) {
      if (reference != null) {
        Integer index = reference.categoryIndex.get(category);
        if (index != null) {
          if (knownOf != reference) {
            fold();
            knownOf = reference;
            known = new long[reference.categoryNames.length];
          }
          known[index]++;
          return;
        }
        unseen++;
      }
      count(category, 1, false);
    }

    private void count(String category, long n, boolean keep) {
      long[] count = counts.get(category);
      if (count == null) {
        String key = keep || counts.size() < MAX_DISTINCT ? category : OTHER;
        count = counts.computeIfAbsent(key, k -> new long[1]);
      }
      count[0] += n;
    }

    /** Moves the reference's categories into the counts (they never become "(other)"). */
    private void fold() {
      if (known != null) {
        for (int i = 0; i < known.length; i++) {
          if (known[i] > 0) {
            count(knownOf.categoryNames[i], known[i], true);
          }
        }
        known = null;
        knownOf = null;
      }
    }

    void merge(CategoricalAggregate other) {
      other.fold();
      other.counts.forEach((category, n) -> count(category, n[0], false));
      nulls += other.nulls;
      unseen += other.unseen;
    }

    /** Category → records. */
    public Map<String, Long> counts() {
      fold();
      Map<String, Long> view = new HashMap<>();
      counts.forEach((category, n) -> view.put(category, n[0]));
      return view;
    }

    public long nulls() {
      return nulls;
    }

    public long unseen() {
      return unseen;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Serialised form: written when a partial leaves its partition and when a window is stored.
  // ---------------------------------------------------------------------------------------------

  /** A buffer per thread for {@link #toBytes}: grown once, not on every aggregate written. */
  private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(64 * 1024));

  private static final ThreadLocal<ByteBuffer> HISTOGRAM_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * 1024));

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = BUFFER.get();
    bytes.reset();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(count);
      out.writeLong(errors);
      out.writeLong(authDenied);
      out.writeLong(authInvalid);
      out.writeLong(payloads);
      out.writeLong(oversized);
      out.writeLong(minTimestamp);
      out.writeLong(maxTimestamp);
      ByteBuffer histogram = HISTOGRAM_BUFFER.get();
      if (histogram.capacity() < latencyMicros.getNeededByteBufferCapacity()) {
        histogram = ByteBuffer.allocate(latencyMicros.getNeededByteBufferCapacity());
        HISTOGRAM_BUFFER.set(histogram);
      }
      histogram.clear();
      int length = latencyMicros.encodeIntoByteBuffer(histogram);
      out.writeInt(length);
      out.write(histogram.array(), 0, length);
      out.writeInt(numeric.size());
      for (Map.Entry<String, NumericAggregate> e : numeric.entrySet()) {
        NumericAggregate a = e.getValue();
        out.writeUTF(e.getKey());
        a.values.write(out);
        out.writeLong(a.nulls);
        out.writeLong(a.invalid);
        out.writeLong(a.outOfRange);
        out.writeInt(a.bins.length);
        ByteBuffer bins = ByteBuffer.allocate(a.bins.length * 8);
        bins.asLongBuffer().put(a.bins);
        out.write(bins.array());
      }
      out.writeInt(categorical.size());
      for (Map.Entry<String, CategoricalAggregate> e : categorical.entrySet()) {
        CategoricalAggregate a = e.getValue();
        out.writeUTF(e.getKey());
        out.writeLong(a.nulls);
        out.writeLong(a.unseen);
        writeCounts(out, a.counts());
      }
      out.writeInt(clients.size());
      for (Map.Entry<String, long[]> e : clients.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue()[0]);
        out.writeLong(e.getValue()[1]);
      }
      writeCounts(out, outcomes);
      out.writeLong(regressionCount);
      out.writeDouble(absoluteError);
      out.writeDouble(squaredError);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] written = bytes.toByteArray();
    if (bytes.size() > 1024 * 1024) {
      BUFFER.remove(); // one huge aggregate does not keep its buffer for the thread's life
    }
    return written;
  }

  public static WindowAggregate fromBytes(byte[] bytes) {
    WindowAggregate a = new WindowAggregate();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT && format != FORMAT_SKETCH_ONLY) {
        throw new IllegalArgumentException("unknown window aggregate format " + format);
      }
      a.count = in.readLong();
      a.errors = in.readLong();
      a.authDenied = in.readLong();
      a.authInvalid = in.readLong();
      a.payloads = in.readLong();
      a.oversized = in.readLong();
      a.minTimestamp = in.readLong();
      a.maxTimestamp = in.readLong();
      byte[] histogram = new byte[in.readInt()];
      in.readFully(histogram);
      a.latencyMicros = IntCountsHistogram.decodeFromByteBuffer(ByteBuffer.wrap(histogram), 0);
      a.latencyMicros.setAutoResize(true);
      int numerics = in.readInt();
      for (int i = 0; i < numerics; i++) {
        String name = in.readUTF();
        NumericAggregate n = new NumericAggregate(0);
        n.values =
            format == FORMAT_SKETCH_ONLY
                ? NumericValues.readSketchOnly(in)
                : NumericValues.read(in);
        n.nulls = in.readLong();
        n.invalid = in.readLong();
        n.outOfRange = in.readLong();
        int bins = in.readInt();
        if (bins < 0 || bins > MAX_BINS) {
          throw new IOException("a feature with " + bins + " bins");
        }
        byte[] binBytes = new byte[bins * 8];
        in.readFully(binBytes);
        n.bins = new long[bins];
        ByteBuffer.wrap(binBytes).asLongBuffer().get(n.bins);
        a.numeric.put(name, n);
      }
      int categoricals = in.readInt();
      for (int i = 0; i < categoricals; i++) {
        String name = in.readUTF();
        CategoricalAggregate c = new CategoricalAggregate();
        c.nulls = in.readLong();
        c.unseen = in.readLong();
        Map<String, Long> counts = new HashMap<>();
        readCounts(in, counts);
        counts.forEach((category, n) -> c.count(category, n, true));
        a.categorical.put(name, c);
      }
      int clients = in.readInt();
      for (int i = 0; i < clients; i++) {
        a.clients.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
      }
      readCounts(in, a.outcomes);
      a.regressionCount = in.readLong();
      a.absoluteError = in.readDouble();
      a.squaredError = in.readDouble();
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable window aggregate", e);
    }
    return a;
  }

  private static void writeCounts(DataOutputStream out, Map<String, Long> counts)
      throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  private static void readCounts(DataInputStream in, Map<String, Long> counts) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      counts.put(in.readUTF(), in.readLong());
    }
  }
}

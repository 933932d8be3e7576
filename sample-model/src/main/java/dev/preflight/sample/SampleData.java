package dev.preflight.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates the sample model's data files, deterministically: transactions drawn from fixed
 * distributions, labelled by sampling the model's own probability (so the model is as good on them
 * as a well-calibrated model is), the packaged model as a zip, and the metrics "at the end of
 * training" on the validation set. Run once; the outputs are committed under {@code
 * src/main/resources/sample-model}: {@code java -cp … dev.preflight.sample.SampleData <dir>}.
 */
public final class SampleData {

  private SampleData() {}

  /** One transaction. */
  public record Row(double amount, double distanceKm, int hour, String country) {
    public java.util.Map<String, Object> features() {
      return java.util.Map.of(
          "amount", amount, "distance_km", distanceKm, "hour", hour, "country", country);
    }
  }

  public static List<Row> rows(long seed, int count, List<String> countries) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double amount = Math.round(Math.exp(4.0 + 1.1 * gaussian(random)) * 100) / 100.0;
      double distance = Math.round(Math.abs(40 + 120 * gaussian(random)) * 10) / 10.0;
      int hour = random.nextInt(24);
      String country = countries.get(random.nextInt(countries.size()));
      rows.add(new Row(amount, distance, hour, country));
    }
    return rows;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/sample-model");
    SampleModel model = SampleModel.load();
    SplittableRandom labels = new SplittableRandom(7);

    List<Row> validation = rows(42, 1000, model.countries());
    StringBuilder csv = new StringBuilder("amount,distance_km,hour,country,label\n");
    List<double[]> scored = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    for (Row row : validation) {
      SampleModel.Prediction prediction = model.predict(row.features());
      boolean fraud = labels.nextDouble() < prediction.score();
      csv.append(line(row)).append(',').append(fraud ? "fraud" : "legit").append('\n');
      boolean predicted = prediction.label().equals("fraud");
      if (predicted && fraud) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (fraud) {
        fn++;
      } else {
        tn++;
      }
      scored.add(new double[] {prediction.score(), fraud ? 1 : 0});
    }
    Files.writeString(dir.resolve("validation.csv"), csv);

    StringBuilder reference = new StringBuilder("amount,distance_km,hour,country\n");
    for (Row row : rows(4242, 2000, model.countries())) {
      reference.append(line(row)).append('\n');
    }
    Files.writeString(dir.resolve("reference.csv"), reference);

    double accuracy = (tp + tn) / (double) validation.size();
    double precision = tp / (double) (tp + fp);
    double recall = tp / (double) (tp + fn);
    double f1 = 2 * precision * recall / (precision + recall);
    ObjectNode metrics = new ObjectMapper().createObjectNode();
    metric(metrics, "accuracy", accuracy);
    metric(metrics, "precision", precision);
    metric(metrics, "recall", recall);
    metric(metrics, "f1", f1);
    metric(metrics, "roc_auc", auc(scored));
    Files.writeString(
        dir.resolve("training-metrics.json"),
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics) + "\n");

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      for (String name : List.of("weights.json", "requirements.txt")) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0);
        out.putNextEntry(entry);
        out.write(Files.readAllBytes(dir.resolve(name)));
        out.closeEntry();
      }
    }
    Files.write(dir.resolve("model.zip"), zip.toByteArray());
  }

  private static void metric(ObjectNode metrics, String name, double value) {
    metrics
        .putObject(name)
        .put("value", Math.round(value * 10000) / 10000.0)
        .put("tolerance", 0.02);
  }

  /** The probability that a random positive scores above a random negative (ties count half). */
  private static double auc(List<double[]> scored) {
    List<double[]> sorted = new ArrayList<>(scored);
    sorted.sort(Comparator.comparingDouble(s -> s[0]));
    double rankSum = 0;
    long positives = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i)[1] == 1) {
        rankSum += i + 1;
        positives++;
      }
    }
    long negatives = sorted.size() - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }

  private static String line(Row row) {
    return String.format(
        Locale.ROOT, "%.2f,%.1f,%d,%s", row.amount(), row.distanceKm(), row.hour(), row.country());
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

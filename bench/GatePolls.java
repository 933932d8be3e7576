import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds N concurrent long-polled gate requests (GET …/gate?target=test&wait=PT2M) while the gate is
 * pending, waits until checklist-service reports them all held (preflight_gate_waiting), turns the
 * gate by attesting the blocking items as an approver, and counts how many requests answered
 * "allow".
 *
 * <p>java GatePolls.java BASE_URL MODEL VERSION PIPELINE_TOKEN APPROVER_TOKEN N ITEM[,ITEM…]
 */
public class GatePolls {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String model = args[1];
    String version = args[2];
    String token = args[3];
    String approver = args[4];
    int n = Integer.parseInt(args[5]);
    String[] items = args[6].split(",");
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    URI gate = URI.create(base + "/api/v1/models/" + model + "/versions/" + version + "/gate?target=test&wait=PT2M");
    AtomicInteger allow = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long[] lastDone = {0};
    for (int i = 0; i < n; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(gate).header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(3)).GET().build();
      all.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenAccept(
                  response -> {
                    if (response.statusCode() == 200 && response.body().contains("\"decision\":\"allow\"")) {
                      allow.incrementAndGet();
                    } else {
                      other.incrementAndGet();
                    }
                    synchronized (lastDone) {
                      lastDone[0] = System.nanoTime();
                    }
                  })
              .exceptionally(
                  e -> {
                    other.incrementAndGet();
                    return null;
                  }));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    double held = 0;
    while (System.nanoTime() < deadline && held < n) {
      String metrics =
          client.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      held =
          metrics.lines()
              .filter(l -> l.startsWith("preflight_gate_waiting "))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
              .findFirst()
              .orElse(0);
      if (held < n) {
        Thread.sleep(200);
      }
    }
    System.out.printf("held by the service: %.0f of %d%n", held, n);
    for (String item : items) {
      HttpResponse<String> attested =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/api/v1/models/" + model + "/versions/" + version + "/items/" + item + "/attestations"))
                  .header("Authorization", "Bearer " + approver)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"decision\": \"pass\", \"evidenceUrl\": \"https://bench.example/evidence\","
                              + " \"comment\": \"benchmark\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (attested.statusCode() != 201) {
        throw new IllegalStateException("attestation of " + item + " answered " + attested.statusCode() + ": " + attested.body());
      }
    }
    long turned = System.nanoTime();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    System.out.printf(
        "completed: %d of %d answered allow, %d otherwise; last answer %.0f ms after the gate turned%n",
        allow.get(), n, other.get(), (lastDone[0] - turned) / 1e6);
  }
}

package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.preflight.devstack.PreflightService;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelines name the URLs Preflight fetches — artifacts, datasets, model endpoints — so every one
 * of them is an attempt at server-side request forgery until shown otherwise: cloud metadata and
 * link-local addresses, other schemes, credentials in URLs, and redirects to any of them are
 * refused, and the checklist says why.
 */
class SsrfIT {

  private static final String METADATA = "http://169.254.169.254/latest/meta-data/iam";

  private static PreflightSystem system;
  private static HttpServer redirector;
  private static final AtomicInteger redirected = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    system = PreflightSystem.get();
    redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirector.createContext(
        "/",
        exchange -> {
          redirected.incrementAndGet();
          exchange.getResponseHeaders().add("Location", METADATA);
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    redirector.start();
  }

  @AfterAll
  static void stop() {
    redirector.stop(0);
  }

  /** Manifest URIs at metadata services and link-local addresses, checked side by side. */
  private static final List<String> MANIFEST_BASES =
      List.of(
          "http://169.254.169.254/latest/meta-data",
          "http://[fd00:ec2::254]/latest",
          "http://100.100.100.200/latest",
          "http://169.254.10.1/files",
          "http://metadata.google.internal/computeMetadata/v1");

  /** Deployment endpoints that must not be called; REDIRECT is a local server redirecting. */
  private static final List<String> ENDPOINTS =
      List.of(
          "http://169.254.169.254/",
          "http://user:secret@127.0.0.1:9/",
          "http://[::ffff:169.254.169.254]/",
          "REDIRECT");

  @Test
  void manifestUrisToMetadataAndLinkLocalAddressesAreNeverFetched() {
    // one version at the metadata service, one whose artifacts point at each of the other places
    String base = MANIFEST_BASES.get(0);
    String manifest =
        manifest(base)
            .replace(base + "/files/weights.json", MANIFEST_BASES.get(1) + "/files/weights.json")
            .replace(
                base + "/files/requirements.txt", MANIFEST_BASES.get(2) + "/files/requirements.txt")
            .replace(base + "/files/model.zip", MANIFEST_BASES.get(3) + "/files/model.zip")
            .replace(
                base + "/files/validation.csv", MANIFEST_BASES.get(4) + "/files/validation.csv");
    String model = registered(base);
    String mixed = registeredWith(manifest);
    for (String version : List.of(model, mixed)) {
      JsonPath item = awaitDecided(version, "assets-stored");
      assertThat(item.getString("evidence.summary"))
          .as(version)
          .containsAnyOf("metadata", "link-local", "refused");
    }
  }

  @Test
  void aRedirectToTheMetadataServiceIsNotFollowed() {
    int before = redirected.get();
    String model = registered("http://127.0.0.1:" + redirector.getAddress().getPort() + "/files");
    JsonPath item = awaitDecided(model, "assets-stored");
    assertThat(redirected.get()).as("the redirect was met").isGreaterThan(before);
    assertThat(item.getString("evidence.summary")).containsAnyOf("metadata", "link-local");
  }

  @Test
  void deploymentEndpointsToForbiddenPlacesAreRefused() {
    Map<String, String> reported = new LinkedHashMap<>();
    for (String endpoint : ENDPOINTS) {
      String url =
          endpoint.equals("REDIRECT")
              ? "http://127.0.0.1:" + redirector.getAddress().getPort() + "/v2"
              : endpoint;
      String model = registered("http://127.0.0.1:9/files");
      int status =
          given()
              .auth()
              .oauth2(system.token("pipeline"))
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"environment": "test", "endpointUrl": "%s", "protocol": "oip-v2",
                   "modelName": "fraud-detector", "infrastructure": {"cpu": "2", "memory": "4Gi"}}
                  """
                      .formatted(url))
              .post(
                  system.url(PreflightService.CHECKLIST)
                      + "/api/v1/models/{m}/versions/1.0.0/deployments",
                  model)
              .then()
              .extract()
              .statusCode();
      // refused at the door (400, named in the problem), or accepted and refused by the probe
      assertThat(status).as(endpoint).isIn(201, 400);
      if (status == 201) {
        reported.put(endpoint, model);
      }
    }
    reported.forEach(
        (endpoint, model) -> {
          JsonPath item = awaitDecided(model, "test-uploaded");
          assertThat(item.getString("evidence.summary"))
              .as(endpoint)
              .containsAnyOf("metadata", "link-local", "credentials", "refused")
              .doesNotContain("secret");
        });
  }

  private static String registered(String base) {
    return registeredWith(manifest(base));
  }

  /**
   * The manifest without a reference dataset: with one, monitoring-in-place waits out the monitor's
   * profile (which a refused URL never gives) and every run of the partition behind it.
   */
  private static String manifest(String base) {
    return ProbeSystemIT.manifest(base).replaceAll("\"referenceDataset\": \\{[^}]*},\\s*", "");
  }

  private static String registeredWith(String manifest) {
    String model = "ssrf-" + UUID.randomUUID().toString().substring(0, 8);
    // advisory gates: the versions go to test with their after-training items failed, so that the
    // deployment endpoints meet the probes
    ThinSliceIT.registerAdvisedModel(
        system.token("pipeline"), model, "{\"name\": \"Ada Lovelace\", \"email\": \"a@b.dev\"}");
    given()
        .auth()
        .oauth2(system.token("pipeline"))
        .contentType(ContentType.JSON)
        .body(manifest)
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions", model)
        .then()
        .statusCode(201);
    return model;
  }

  private static JsonPath awaitDecided(String model, String itemId) {
    String path = "phases.flatten().items.flatten().find { it.itemId == '" + itemId + "' }";
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> ThinSliceIT.checklist(model, "1.0.0").getString(path + ".state"),
            state -> Set.of("failed", "error").contains(state));
    JsonPath checklist = ThinSliceIT.checklist(model, "1.0.0");
    return new JsonPath(checklist.prettify()).setRootPath(path);
  }
}

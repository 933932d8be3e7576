package dev.preflight.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for the read-only look-ups probe-service makes in monitor-service and checklist-service
 * in its own tests: the monitor holds a profile of every version except those of models named
 * {@code noprofile-…} and counts a steady 42 records per version; checklist-service's version 1.0.0
 * of every model has the schemas of {@link ProbeFixtures#INPUT_SCHEMA} and {@link
 * ProbeFixtures#OUTPUT_SCHEMA}.
 */
public class ServicesStub implements QuarkusTestResourceLifecycleManager {

  private WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    server.stubFor(
        get(urlPathMatching("/api/v1/profiles/noprofile-[^/]+/.+"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(404)));
    server.stubFor(
        get(urlPathMatching("/api/v1/profiles/[^/]+/.+"))
            .atPriority(2)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"features\": {\"amount\": {}, \"distance_km\": {}, \"hour\": {},"
                            + " \"country\": {}}, \"thresholds\": {}}")));
    // An old version whose logs produced before the cutover keep arriving after it (401, then 645
    // received), and one that still serves (its newest log is produced after the cutover).
    server.stubFor(
        get(urlPathMatching("/api/v1/versions/shutdown-late-[^/]+/.+"))
            .atPriority(1)
            .inScenario("late logs")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("arrived")
            .willReturn(lateLogs(401)));
    server.stubFor(
        get(urlPathMatching("/api/v1/versions/shutdown-late-[^/]+/.+"))
            .atPriority(1)
            .inScenario("late logs")
            .whenScenarioStateIs("arrived")
            .willReturn(lateLogs(645)));
    server.stubFor(
        get(urlPathMatching("/api/v1/versions/shutdown-serving-[^/]+/.+"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"registered\": true, \"records\": 42,"
                            + " \"latestRecordAt\": \"2099-01-01T00:00:00Z\"}")));
    server.stubFor(
        get(urlPathMatching("/api/v1/versions/[^/]+/.+"))
            .atPriority(2)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"registered\": true, \"records\": 42}")));
    server.stubFor(
        get(urlPathMatching("/api/v1/models/[^/]+/versions/1.0.0"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"version\": \"1.0.0\", \"manifest\": {\"version\": \"1.0.0\","
                            + " \"inputSchema\": "
                            + ProbeFixtures.INPUT_SCHEMA
                            + ", \"outputSchema\": "
                            + ProbeFixtures.OUTPUT_SCHEMA
                            + "}}")));
    return Map.of(
        "quarkus.rest-client.monitor.url", server.baseUrl(),
        "quarkus.rest-client.checklist.url", server.baseUrl());
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder lateLogs(
      int records) {
    return aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"registered\": true, \"records\": "
                + records
                + ", \"latestRecordAt\": \"2020-01-01T00:00:00Z\"}");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}

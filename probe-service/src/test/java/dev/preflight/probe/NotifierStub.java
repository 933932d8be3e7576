package dev.preflight.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for notifier-service's route look-up in probe-service's own tests (the system tests use
 * the real notifier): team {@code fraud} has a webhook, team {@code orphans} has no route, team
 * {@code broken} gets a 503.
 */
public class NotifierStub implements QuarkusTestResourceLifecycleManager {

  private static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    server.stubFor(
        get(urlPathEqualTo("/api/v1/routes/resolve"))
            .withQueryParam("team", equalTo("fraud"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"receivers": [{"name": "team-fraud-webhook", "type": "webhook",
                                        "target": "https://hooks.acme.dev/fraud"}]}
                        """)));
    server.stubFor(
        get(urlPathEqualTo("/api/v1/routes/resolve"))
            .withQueryParam("team", equalTo("orphans"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"receivers\": []}")));
    server.stubFor(
        get(urlPathEqualTo("/api/v1/routes/resolve"))
            .withQueryParam("team", equalTo("broken"))
            .willReturn(aResponse().withStatus(503)));
    return Map.of("quarkus.rest-client.notifier.url", server.baseUrl());
  }

  static WireMockServer server() {
    return server;
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}

package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.devstack.PreflightService;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every page of the console passes axe-core's check (WCAG 2.1 A and AA: labels, contrast, names;
 * and its best practices: landmarks, headings) in a real Chromium, for the roles that see it
 * differently, and is photographed under {@code target/console-screenshots}.
 */
class ConsoleAccessibilityIT {

  private static final PreflightSystem system = PreflightSystem.get();

  @Test
  void everyPagePassesAnAccessibilityCheckOfItsLandmarksLabelsAndContrast() throws Exception {
    // A model whose owner has no contact: creator-logged fails and an alert fires for it.
    String model = ConsoleIT.registeredVersion();
    String fingerprint =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> ConsoleIT.alertOf(model, "creator-logged").path("fingerprint").asText(),
                f -> !f.isEmpty());
    String silence =
        given()
            .auth()
            .oauth2(system.token("engineer"))
            .contentType(ContentType.JSON)
            .body(
                """
                {"matchers": ["model=\\"%s\\"", "check=\\"creator-logged\\""], "endsAt": "%s",
                 "comment": "accessibility check"}
                """
                    .formatted(model, OffsetDateTime.now().plusHours(2)))
            .post(system.url(PreflightService.NOTIFIER) + "/api/v1/silences")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");
    String version = "/models/" + model + "/versions/1.0.0";
    ConsoleIT.driftingTraffic(model);

    Map<String, String> engineerPages = new LinkedHashMap<>();
    engineerPages.put("models", "/models");
    engineerPages.put("models-search-empty", "/models?q=no-such-model");
    engineerPages.put("version", version);
    engineerPages.put("fleet", "/fleet?q=" + model);
    engineerPages.put("monitoring", version + "/monitoring");
    engineerPages.put("alerts", "/alerts?team=fraud&state=all");
    engineerPages.put("alert", "/alerts/" + fingerprint);
    engineerPages.put("silences", "/silences");
    engineerPages.put("silence-new", "/silences/new?alert=" + fingerprint);
    engineerPages.put("silence-edit", "/silences/" + silence + "/edit");
    engineerPages.put("not-found", "/models/no-such-model/versions/1.0.0");
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models");
      browser.signIn("engineer", "engineer");
      check(browser, engineerPages, violations);
    }
    try (Browser browser = Browser.open()) {
      browser.get(console() + version);
      browser.signIn("approver", "approver");
      check(browser, Map.of("version-approver", version), violations);
    }
    violations.forEach(System.out::println);
    assertThat(violations).isEmpty();
  }

  private static void check(Browser browser, Map<String, String> pages, List<String> violations) {
    for (Map.Entry<String, String> page : pages.entrySet()) {
      browser.get(console() + page.getValue());
      browser.find("main");
      browser.screenshot("a11y-" + page.getKey());
      for (String violation : browser.accessibilityViolations()) {
        violations.add(page.getValue() + ": " + violation);
      }
    }
  }

  private static String console() {
    return system.url(PreflightService.CONSOLE).toString();
  }
}

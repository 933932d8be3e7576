package dev.preflight.notifier.alerting;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a notification sends the person who reads it. With the console's URL configured, to the
 * console's page of the alert and of its version (a person signs in there); without it, to the
 * version's checklist resource in checklist-service, which a pipeline with a token reads. The
 * {@code checklist} annotation always names the REST resource: receivers that are programs use it.
 *
 * @param externalUrl the notifier's own URL, the {@code externalURL} of webhook payloads
 * @param checklistUrl checklist-service's public URL
 * @param console the console's URL, e.g. {@code https://preflight.acme.dev}
 */
public record Links(String externalUrl, String checklistUrl, Optional<String> console) {

  public Links {
    checklistUrl = trimmed(checklistUrl);
    console = console.map(Links::trimmed).filter(c -> !c.isBlank());
  }

  /**
   * An alert's annotations that link to its version: {@code checklist} (the REST resource) and,
   * with a console, {@code console} (its page).
   */
  public SortedMap<String, String> annotations(String modelId, String version) {
    SortedMap<String, String> links = new TreeMap<>();
    links.put(
        "checklist",
        checklistUrl + "/api/v1/models/" + modelId + "/versions/" + version + "/checklist");
    version(modelId, version).ifPresent(page -> links.put("console", page));
    return links;
  }

  /** The console's page of one version, as an alert's {@code console} annotation carries it. */
  public Optional<String> version(String modelId, String version) {
    return console.map(c -> c + "/models/" + modelId + "/versions/" + version);
  }

  /**
   * The page of one alert: the console's, else the version's checklist resource, else the notifier.
   */
  public String alert(Alert alert) {
    return console
        .map(c -> c + "/alerts/" + alert.fingerprint())
        .orElseGet(() -> alert.annotations().getOrDefault("checklist", externalUrl));
  }

  /** Where the alert's version is shown to a person: the console's page, else the checklist. */
  public Optional<String> versionOf(Alert alert) {
    return Optional.ofNullable(alert.annotations().get("console"))
        .or(() -> Optional.ofNullable(alert.annotations().get("checklist")));
  }

  /** The page people start from: the console's alerts, else the notifier. */
  public String home() {
    return console.map(c -> c + "/alerts").orElse(externalUrl);
  }

  private static String trimmed(String url) {
    String trimmed = url.strip();
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}

package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code production-format}: the package is declared; a zip or script is reachable and its SHA-256
 * matches the declared digest; an OCI image reference names a digest that its registry serves (OCI
 * distribution API, anonymous bearer tokens where the registry asks for them).
 */
@ApplicationScoped
public class ProductionFormatCheck implements Check {

  /** {@code registry[:port]/repository[:tag][@sha256:hex]}. */
  private static final Pattern IMAGE =
      Pattern.compile(
          "^([^/]+\\.[^/]+|[^/]+:[0-9]+|localhost)/([^@:]+(?:/[^@:]+)*)(?::([^@]+))?(?:@(sha256:[0-9a-fA-F]{64}))?$");

  private static final Pattern CHALLENGE = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  private final ProbeHttp http;
  private final ProbeConfig config;

  public ProductionFormatCheck(ProbeHttp http, ProbeConfig config) {
    this.http = http;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.PRODUCTION_FORMAT;
  }

  @Override
  public String description() {
    return "The production package (OCI image with digest, zip or script) is declared, reachable"
        + " and its digest verified.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    Optional<VersionManifest.Packaging> packaging = phase.manifest().packaging();
    if (packaging.isEmpty()) {
      return findings.fail("the manifest declares no production package").result("");
    }
    VersionManifest.Packaging pkg = packaging.get();
    findings.measured.put("format", pkg.format()).put("reference", pkg.reference());
    findings.expected.put("digest", pkg.digest().orElse("declared"));
    try {
      if (pkg.format().equals("oci-image")) {
        image(pkg, findings);
      } else {
        file(pkg, findings);
      }
    } catch (EgressDenied e) {
      findings.fail("the package may not be fetched: " + e.getMessage());
    } catch (Unreachable e) {
      findings.error("the package is unreachable: " + e.getMessage());
    }
    return findings.result(
        pkg.format() + " " + pkg.reference() + " is stored with the declared digest");
  }

  private void file(VersionManifest.Packaging pkg, Findings findings)
      throws EgressDenied, Unreachable {
    if (pkg.digest().isEmpty()) {
      findings.fail("the " + pkg.format() + " package declares no digest");
      return;
    }
    URI uri;
    try {
      uri = URI.create(pkg.reference());
    } catch (IllegalArgumentException e) {
      findings.fail("the package reference is not a URI: " + pkg.reference());
      return;
    }
    ProbeHttp.Download download = http.digest(uri, "artifacts", config.http().maxDownloadBytes());
    findings.measured.put("status", download.status());
    if (download.status() >= 400) {
      findings.unusable(download.status(), pkg.reference() + " answered " + download.status());
      return;
    }
    String declared = pkg.digest().get().replaceFirst("^sha256:", "");
    findings.measured.put("sha256", download.sha256()).put("bytes", download.bytes());
    if (!declared.equalsIgnoreCase(download.sha256())) {
      findings.fail(
          pkg.reference() + " has SHA-256 " + download.sha256() + ", declared " + declared);
    } else {
      findings.observe(pkg.reference() + ": " + download.bytes() + " bytes, digest matches");
    }
  }

  private void image(VersionManifest.Packaging pkg, Findings findings)
      throws EgressDenied, Unreachable {
    Matcher matcher = IMAGE.matcher(pkg.reference());
    if (!matcher.matches()) {
      findings.fail("'" + pkg.reference() + "' is not an image reference with a registry host");
      return;
    }
    Optional<String> digest = Optional.ofNullable(matcher.group(4)).or(pkg::digest);
    if (digest.isEmpty()) {
      findings.fail("the image is not pinned by digest (a tag can move)");
      return;
    }
    if (pkg.digest().isPresent()
        && matcher.group(4) != null
        && !pkg.digest().get().equalsIgnoreCase(matcher.group(4))) {
      findings.fail(
          "the reference pins "
              + matcher.group(4)
              + ", the digest field says "
              + pkg.digest().get());
      return;
    }
    String registry = matcher.group(1);
    boolean local = registry.startsWith("localhost") || registry.startsWith("127.0.0.1");
    URI manifest =
        URI.create(
            (local ? "http://" : "https://")
                + registry
                + "/v2/"
                + matcher.group(2)
                + "/manifests/"
                + digest.get());
    ProbeHttp.Call head =
        new ProbeHttp.Call(
            "HEAD",
            manifest,
            Optional.empty(),
            ProbeHttp.Credential.NONE,
            Map.of("Accept", ACCEPT));
    ProbeHttp.Answer answer = http.send(head, "artifacts");
    if (answer.status() == 401) {
      Optional<String> token = anonymousToken(answer, findings);
      if (token.isPresent()) {
        answer = http.send(head.withToken(token.get()), "artifacts");
      }
    }
    findings.measured.put("status", answer.status());
    if (answer.status() == 404) {
      findings.fail("the registry does not hold " + digest.get() + " of " + matcher.group(2));
      return;
    }
    if (!answer.ok()) {
      findings.error("the registry answered " + answer.status() + " for " + manifest);
      return;
    }
    String served =
        answer
            .headers()
            .getOrDefault("docker-content-digest", java.util.List.of(digest.get()))
            .get(0);
    findings.measured.put("digest", served);
    if (!served.equalsIgnoreCase(digest.get())) {
      findings.fail("the registry serves " + served + " for " + digest.get());
    } else {
      findings.observe(registry + " serves " + matcher.group(2) + "@" + digest.get());
    }
  }

  /** The anonymous token a registry's {@code WWW-Authenticate: Bearer realm=…} challenge offers. */
  private Optional<String> anonymousToken(ProbeHttp.Answer challenge, Findings findings)
      throws EgressDenied, Unreachable {
    String header =
        challenge.headers().getOrDefault("www-authenticate", java.util.List.of("")).get(0);
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    Map<String, String> parameters = new java.util.HashMap<>();
    Matcher m = CHALLENGE.matcher(header);
    while (m.find()) {
      parameters.put(m.group(1), m.group(2));
    }
    if (!parameters.containsKey("realm")) {
      return Optional.empty();
    }
    StringBuilder url = new StringBuilder(parameters.get("realm")).append('?');
    for (String key : java.util.List.of("service", "scope")) {
      if (parameters.containsKey(key)) {
        url.append(key)
            .append('=')
            .append(
                java.net.URLEncoder.encode(
                    parameters.get(key), java.nio.charset.StandardCharsets.UTF_8))
            .append('&');
      }
    }
    ProbeHttp.Answer token = http.send(ProbeHttp.Call.get(URI.create(url.toString())), "artifacts");
    if (!token.ok()) {
      findings.observe("the registry's token service answered " + token.status());
      return Optional.empty();
    }
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(token.body());
      return Optional.ofNullable(
          json.has("token") ? json.get("token").asText() : json.path("access_token").asText(null));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}

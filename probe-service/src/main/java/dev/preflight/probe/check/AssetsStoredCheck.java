package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code assets-stored}: every declared asset is reachable and its SHA-256 matches the declared
 * digest (streamed, capped), and a dependency list is among the assets.
 */
@ApplicationScoped
public class AssetsStoredCheck implements Check {

  private final ProbeHttp http;
  private final ProbeConfig config;

  public AssetsStoredCheck(ProbeHttp http, ProbeConfig config) {
    this.http = http;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.ASSETS_STORED;
  }

  @Override
  public String description() {
    return "Every declared asset (weights, code, dependency list) is reachable and its SHA-256"
        + " matches; a dependency list is among them.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    var artifacts = phase.manifest().artifacts();
    findings.expected.put("assets", "reachable, digest as declared").put("dependencyList", true);
    if (artifacts.isEmpty()) {
      return findings.fail("the manifest declares no assets").result("");
    }
    if (artifacts.stream().noneMatch(a -> a.kind().equals("dependencies"))) {
      findings.fail("no dependency list among the assets");
    }
    var measured = findings.measured.putArray("assets");
    for (VersionManifest.Artifact artifact : artifacts) {
      var entry =
          measured.addObject().put("kind", artifact.kind()).put("uri", artifact.uri().toString());
      try {
        ProbeHttp.Download download =
            http.digest(artifact.uri(), "artifacts", config.http().maxDownloadBytes());
        entry.put("status", download.status());
        if (download.status() >= 400) {
          findings.unusable(
              download.status(),
              artifact.kind() + " " + artifact.uri() + " answered " + download.status());
          continue;
        }
        entry.put("sha256", download.sha256()).put("bytes", download.bytes());
        if (!download.sha256().equalsIgnoreCase(artifact.sha256())) {
          findings.fail(
              artifact.kind()
                  + " "
                  + artifact.uri()
                  + " has SHA-256 "
                  + download.sha256()
                  + ", declared "
                  + artifact.sha256());
        } else {
          findings.observe(
              artifact.kind()
                  + " "
                  + artifact.uri()
                  + ": "
                  + download.bytes()
                  + " bytes, digest matches");
        }
      } catch (EgressDenied e) {
        findings.fail(artifact.kind() + " may not be fetched: " + e.getMessage());
      } catch (Unreachable e) {
        findings.error(
            artifact.kind() + " " + artifact.uri() + " is unreachable: " + e.getMessage());
      }
    }
    return findings.result(artifacts.size() + " assets stored with matching digests");
  }
}

package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Kustomize overlay builds, and every service in it is probed on Quarkus' health endpoints.
 */
class DeploymentManifestsTest {

  private static final Path ROOT =
      Path.of(System.getProperty("preflight.repository.root", "..")).toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/production"})
  void theOverlayBuildsWithProbesOnTheHealthEndpoints(String overlay) throws Exception {
    assumeTrue(kubectlAvailable(), "kubectl is not installed");

    Process process =
        new ProcessBuilder("kubectl", "kustomize", ROOT.resolve(overlay).toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String manifests = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isZero();
    for (String service :
        new String[] {
          "checklist-service", "probe-service", "monitor-service", "notifier-service", "console"
        }) {
      assertThat(manifests).contains("name: " + service);
    }
    assertThat(manifests.split("path: /q/health/live", -1)).hasSize(6);
    assertThat(manifests.split("path: /q/health/ready", -1)).hasSize(6);
  }

  private static boolean kubectlAvailable() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client")
              .start()
              .waitFor(30, TimeUnit.SECONDS)
          && Files.isDirectory(ROOT.resolve("k8s"));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}

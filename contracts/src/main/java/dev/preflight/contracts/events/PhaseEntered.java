package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.VersionManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version entered a phase: everything the probes need to verify the phase's items.
 *
 * @param deployment the deployment that started the phase; absent for after-training
 * @param previousDeployment the deployment of the version this one replaces, where known
 * @param testDeployment for production: the version's deployment to test, to compare with
 */
public record PhaseEntered(
    ModelRef model,
    String version,
    Phase phase,
    VersionManifest manifest,
    List<PhaseItem> items,
    Optional<Deployment> deployment,
    Optional<Deployment> previousDeployment,
    Optional<Deployment> testDeployment) {

  /**
   * One item of the phase.
   *
   * @param automated whether a machine verifies it (else only attestation)
   * @param parameters the template's parameters for the check, e.g. tolerances
   */
  public record PhaseItem(
      String itemId,
      String text,
      boolean automated,
      boolean required,
      Map<String, Object> parameters) {}
}

package dev.preflight.probe;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.VersionManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Phases entered by versions, as checklist-service announces them. */
public final class Phases {
  private Phases() {}

  /** Version 1.0.0 of a model entering after-training, its {@code creator-logged} item listed. */
  public static PhaseEntered afterTraining(String modelId, String team, Owner owner) {
    VersionManifest manifest = VersionManifest.of("1.0.0");
    return new PhaseEntered(
        new ModelRef(modelId, "Fraud detector", team, owner),
        "1.0.0",
        Phase.AFTER_TRAINING,
        manifest,
        List.of(
            new PhaseEntered.PhaseItem("creator-logged", "creator logged", true, true, Map.of())),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}

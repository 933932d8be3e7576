package dev.preflight.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.events.PhaseCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.PipelineEventAccepted;
import dev.preflight.contracts.events.PipelineEventRejected;
import dev.preflight.contracts.events.PipelineRetirementReported;
import dev.preflight.contracts.events.ProbeRunCompleted;
import dev.preflight.contracts.events.ProbeRunStarted;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.Resources;
import dev.preflight.contracts.model.VersionManifest;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A realistic instance of every event type of the contract. */
final class Examples {
  static final String MODEL = "fraud-detector";
  static final String VERSION = "1.4.0";
  static final String TEAM = "fraud";
  static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 28, 9, 30, 0, 0, ZoneOffset.UTC);

  static final ModelRef MODEL_REF =
      new ModelRef(
          MODEL, "Fraud detector", TEAM, new Owner("Ada Lovelace", Optional.of("ada@example.com")));

  static final Resources PROD_RESOURCES = new Resources("4", "8Gi", Optional.of("1x nvidia-t4"));

  static final VersionManifest MANIFEST =
      new VersionManifest(
          VERSION,
          Optional.of("Retrained on October data"),
          Optional.of("1.3.2"),
          List.of(
              new VersionManifest.Artifact(
                  "weights",
                  URI.create("s3://models/fraud/1.4.0/model.onnx"),
                  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
              new VersionManifest.Artifact(
                  "dependencies",
                  URI.create("s3://models/fraud/1.4.0/requirements.txt"),
                  "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")),
          Optional.of(
              new VersionManifest.Packaging(
                  "oci-image",
                  "registry.example.com/fraud@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                  Optional.of(
                      "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"))),
          Optional.of(
              new VersionManifest.TrainingData(
                  URI.create("s3://data/fraud/2026-10/"), Optional.of("October transactions"))),
          List.of(
              new VersionManifest.Feature("amount", "numeric"),
              new VersionManifest.Feature("country", "categorical")),
          Optional.of(object("type", "object")),
          Optional.of(object("type", "object")),
          Map.of("accuracy", new VersionManifest.MetricTarget(0.93, 0.01)),
          Optional.of(
              new VersionManifest.Dataset(
                  URI.create("https://data.example.com/fraud/validation.csv"),
                  "csv",
                  Optional.of("label"))),
          Optional.of(
              new VersionManifest.Dataset(
                  URI.create("https://data.example.com/fraud/reference.jsonl"),
                  "jsonl",
                  Optional.empty())),
          Optional.empty(),
          Optional.of(
              new VersionManifest.Infrastructure(
                  Optional.of(PROD_RESOURCES), Optional.of(PROD_RESOURCES))),
          Optional.of(
              new VersionManifest.Slos(
                  Optional.empty(),
                  Optional.of(120.0),
                  Optional.of(250.0),
                  Optional.of(0.01),
                  Optional.of(8))));

  static final Deployment DEPLOYMENT =
      new Deployment(
          "prod",
          URI.create("http://fraud-v140.models.svc:8080"),
          "oip-v2",
          "fraud-detector",
          Optional.of(PROD_RESOURCES),
          Optional.of(URI.create("https://api.example.com/fraud")),
          Optional.of(0.1));

  private Examples() {}

  static Object dataOf(EventType type) {
    return switch (type) {
      case PIPELINE_VERSION_SUBMITTED -> MANIFEST;
      case PIPELINE_DEPLOYMENT_REPORTED -> DEPLOYMENT;
      case PIPELINE_RETIREMENT_REPORTED ->
          new PipelineRetirementReported(Optional.of("superseded by 1.5.0"));
      case MODEL_REGISTERED ->
          new ModelRegistered(
              MODEL, "Fraud detector", TEAM, MODEL_REF.owner(), Optional.of("Card fraud"));
      case VERSION_REGISTERED ->
          new VersionRegistered(MODEL_REF, VERSION, MANIFEST, false, "default", 1);
      case PHASE_ENTERED ->
          new PhaseEntered(
              MODEL_REF,
              VERSION,
              Phase.PROD_DEPLOYMENT,
              MANIFEST,
              List.of(
                  new PhaseEntered.PhaseItem(
                      ItemIds.PROD_AUTH_REQUIRED,
                      "Access requires authentication",
                      true,
                      true,
                      Map.of())),
              Optional.of(DEPLOYMENT),
              Optional.empty(),
              Optional.empty());
      case ITEM_UPDATED ->
          new ItemUpdated(
              MODEL,
              VERSION,
              TEAM,
              Phase.AFTER_TRAINING,
              ItemIds.CREATOR_LOGGED,
              ItemState.PASSED,
              ItemState.PENDING,
              Optional.of(
                  new Evidence(
                      "probe-service",
                      Optional.of("run-1"),
                      Optional.of(object("owner", "Ada Lovelace")),
                      Optional.empty(),
                      "owner and contact present",
                      List.of("owner name: Ada Lovelace"),
                      Optional.empty())),
              "probe-service");
      case PHASE_COMPLETED -> new PhaseCompleted(MODEL, VERSION, TEAM, Phase.AFTER_TRAINING);
      case VERSION_PROMOTED ->
          new VersionPromoted(MODEL, VERSION, TEAM, "prod", Optional.of("1.3.2"));
      case VERSION_RETIRED -> new VersionRetired(MODEL, VERSION, TEAM, Optional.empty());
      case PIPELINE_EVENT_ACCEPTED ->
          new PipelineEventAccepted(
              "evt-1",
              "https://ci.example.com/fraud/pipelines/7",
              "dev.preflight.pipeline.version.submitted",
              201,
              false,
              Optional.of("/api/v1/models/fraud-detector/versions/1.4.0"));
      case PIPELINE_EVENT_REJECTED ->
          new PipelineEventRejected(
              "evt-2",
              "https://ci.example.com/fraud/pipelines/7",
              "dev.preflight.pipeline.deployment.reported",
              404,
              URI.create("https://preflight.dev/problems/not-found"),
              List.of("model 'fraud-detector' not found"));
      case PROBE_RUN_STARTED ->
          new ProbeRunStarted(
              "run-1", MODEL, VERSION, Phase.AFTER_TRAINING, List.of(ItemIds.CREATOR_LOGGED));
      case CHECK_COMPLETED ->
          new CheckCompleted(
              "run-1",
              MODEL,
              VERSION,
              TEAM,
              Phase.AFTER_TRAINING,
              ItemIds.CREATOR_LOGGED,
              CheckStatus.FAILED,
              object("contact", "none"),
              object("contact", "a deliverable address"),
              "no deliverable contact",
              List.of("owner email is absent"),
              NOW,
              NOW.plusSeconds(1));
      case PROBE_RUN_COMPLETED ->
          new ProbeRunCompleted("run-1", MODEL, VERSION, Phase.AFTER_TRAINING, 0, 1, 0);
      case SIGNAL_FIRING ->
          new SignalFiring(
              "sig-1",
              MODEL,
              VERSION,
              TEAM,
              "drift",
              "feature-drift",
              Optional.of("amount"),
              Optional.of("wasserstein"),
              "warning",
              0.27,
              0.1,
              NOW,
              NOW.plusMinutes(1),
              1500,
              "amount drifted");
      case SIGNAL_RESOLVED ->
          new SignalResolved(
              "sig-1",
              MODEL,
              VERSION,
              TEAM,
              "drift",
              "feature-drift",
              Optional.of("amount"),
              Optional.of("wasserstein"),
              0.04,
              0.1,
              NOW,
              NOW.plusMinutes(1),
              1500,
              "amount back in range");
      case COVERAGE_UPDATED ->
          new CoverageUpdated(
              MODEL,
              VERSION,
              TEAM,
              true,
              List.of("drift", "latency", "errors"),
              Optional.of(
                  new CoverageUpdated.ObservedWindow(
                      OffsetDateTime.parse("2026-03-01T10:00:00Z"),
                      OffsetDateTime.parse("2026-03-01T10:01:00Z"),
                      240,
                      0)));
      case SYNTHETIC_PROBED ->
          new dev.preflight.contracts.events.SyntheticProbed(
              MODEL,
              VERSION,
              TEAM,
              URI.create("https://fraud.prod.acme.dev"),
              true,
              OffsetDateTime.parse("2026-03-01T10:00:05Z"),
              "PT15S");
    };
  }

  static Event<Object> eventOf(EventType type) {
    return Event.of(type, URI.create("/preflight/test"), MODEL, VERSION, "corr-1", dataOf(type));
  }

  static JsonNode object(String field, String value) {
    return JsonNodeFactory.instance.objectNode().put(field, value);
  }
}

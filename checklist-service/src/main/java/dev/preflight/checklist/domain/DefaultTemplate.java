package dev.preflight.checklist.domain;

import static dev.preflight.contracts.model.Phase.AFTER_TRAINING;
import static dev.preflight.contracts.model.Phase.IN_PRODUCTION;
import static dev.preflight.contracts.model.Phase.PROD_DEPLOYMENT;
import static dev.preflight.contracts.model.Phase.TEST_DEPLOYMENT;

import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ML model deployment checklist (Modzy's seed checklist), item for item and in its wording: the
 * template every checklist starts from unless an admin derives another.
 */
public final class DefaultTemplate {

  public static final String ID = "default";
  public static final int VERSION = 1;

  public static final ChecklistTemplate TEMPLATE =
      new ChecklistTemplate(
          ID,
          VERSION,
          "ML Model Deployment Checklist",
          GateMode.ENFORCE,
          List.of(
              item(
                  ItemIds.ASSETS_STORED,
                  AFTER_TRAINING,
                  "Model assets are stored in communal location (e.g. weights files, processing"
                      + " code, list of dependencies)"),
              item(
                  ItemIds.PARTICULARS_STORED,
                  AFTER_TRAINING,
                  "Model particulars are stored in communal location (e.g. training data, features"
                      + " used, input/output formats)"),
              item(
                  ItemIds.CREATOR_LOGGED,
                  AFTER_TRAINING,
                  "Model creator's name and contact information is logged with model assets"),
              item(ItemIds.MONITORING_IN_PLACE, AFTER_TRAINING, "Model monitoring is in place"),
              item(
                  ItemIds.PRODUCTION_FORMAT,
                  AFTER_TRAINING,
                  "Model assets are assembled into final production format (e.g. container, zip"
                      + " file, script)"),
              newVersionItem(
                  ItemIds.IO_CONTRACT_COMPATIBLE,
                  AFTER_TRAINING,
                  "New model version conforms to same input/output contract as previous model"
                      + " version -or- other production systems have been changed to accept a new"
                      + " contract"),
              item(
                  ItemIds.TEST_UPLOADED,
                  TEST_DEPLOYMENT,
                  "Model is uploaded or otherwise pushed to `test` environment"),
              item(
                  ItemIds.TEST_VERSION_MATCHES,
                  TEST_DEPLOYMENT,
                  "Model version in test environment matches model version from training"),
              item(
                  ItemIds.TEST_INFRA_MATCHES_PROD,
                  TEST_DEPLOYMENT,
                  "Model successfully runs on same infrastructure that will be used in production"
                      + " (e.g. same CPU, GPU, RAM settings)"),
              item(
                  ItemIds.TEST_METRICS_MATCH,
                  TEST_DEPLOYMENT,
                  "Model validation metrics in test environment match validation metrics that were"
                      + " run at the end of training"),
              item(
                  ItemIds.TEST_LATENCY_OK,
                  TEST_DEPLOYMENT,
                  "Model response times are within an acceptable range when tested with"
                      + " representative sample of production data"),
              item(
                  ItemIds.PROD_UPLOADED,
                  PROD_DEPLOYMENT,
                  "Model is uploaded or otherwise pushed to production environment"),
              item(
                  ItemIds.PROD_VERSION_MATCHES_TEST,
                  PROD_DEPLOYMENT,
                  "Model version in production matches model version in test"),
              item(
                  ItemIds.PROD_AUTH_REQUIRED,
                  PROD_DEPLOYMENT,
                  "Access to the model is secured and requires authentication"),
              item(
                  ItemIds.PROD_REACHABLE,
                  PROD_DEPLOYMENT,
                  "Other production systems can communicate with the model"),
              item(ItemIds.PROD_RETURNS_RESULTS, PROD_DEPLOYMENT, "Model returns results"),
              newVersionItem(
                  ItemIds.PROD_TRAFFIC_REROUTED,
                  PROD_DEPLOYMENT,
                  "Production traffic is rerouted to new model version"),
              newVersionItem(
                  ItemIds.PROD_OLD_VERSION_SHUTDOWN,
                  PROD_DEPLOYMENT,
                  "Old model version is shutdown"),
              item(
                  ItemIds.MONITOR_ACCURACY,
                  IN_PRODUCTION,
                  "Monitoring is in place to estimate and track model accuracy (aka model drift)"),
              item(
                  ItemIds.MONITOR_PERFORMANCE,
                  IN_PRODUCTION,
                  "Monitoring is in place to track model speed, latency, and throughput"),
              item(
                  ItemIds.MONITOR_ERRORS,
                  IN_PRODUCTION,
                  "Monitoring is in place to track and log model errors including downtime"),
              item(
                  ItemIds.MONITOR_SECURITY,
                  IN_PRODUCTION,
                  "Monitoring is in place to detect cybersecurity attacks")),
          Optional.empty());

  private DefaultTemplate() {}

  private static TemplateItem item(String id, Phase phase, String text) {
    return new TemplateItem(id, phase, text, false, false, true, Map.of());
  }

  private static TemplateItem newVersionItem(String id, Phase phase, String text) {
    return new TemplateItem(id, phase, text, true, false, true, Map.of());
  }
}

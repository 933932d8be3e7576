package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code prod-traffic-rerouted}: N requests through the consumer-facing URL; the share answered by
 * the new version ({@code model_version}) must be consistent with the declared share — the declared
 * share lies within the 99% Wilson score interval of the observed one.
 */
@ApplicationScoped
public class ProdTrafficReroutedCheck implements Check {

  /** z for a two-sided 99% interval. */
  static final double Z = 2.576;

  private final OipClient oip;
  private final Samples samples;
  private final ProbeConfig config;

  public ProdTrafficReroutedCheck(OipClient oip, Samples samples, ProbeConfig config) {
    this.oip = oip;
    this.samples = samples;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_TRAFFIC_REROUTED;
  }

  @Override
  public String description() {
    return "Requests through the consumer-facing URL are answered by the new version at the"
        + " declared share (99% confidence interval).";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    Deployment deployment = phase.deployment().get();
    if (deployment.consumerUrl().isEmpty()) {
      return findings.fail("the production deployment declares no consumer-facing URL").result("");
    }
    double declared = deployment.trafficShare().orElse(1.0);
    URI url = inferUrl(deployment.consumerUrl().get(), deployment.modelName());
    int requests = config.replay().trafficRequests();
    findings.expected.put("share", declared).put("version", phase.version());
    OipEndpoint endpoint = OipEndpoint.of(deployment, phase.version());
    int answered = 0;
    int byNew = 0;
    int failed = 0;
    try {
      List<Map<String, Object>> rows = samples.inputs(phase.manifest(), 1);
      for (int i = 0; i < requests; i++) {
        InferenceResult result = oip.infer(endpoint, url, rows);
        if (!result.ok()) {
          failed++;
          continue;
        }
        answered++;
        if (result.modelVersion().map(phase.version()::equals).orElse(false)) {
          byNew++;
        }
      }
    } catch (EgressDenied e) {
      return findings.fail("the consumer URL may not be probed: " + e.getMessage()).result("");
    } catch (Unreachable e) {
      return findings.error("the consumer URL does not answer: " + e.getMessage()).result("");
    } catch (Samples.Unavailable e) {
      return findings.error(e.getMessage()).result("");
    }
    findings.measured.put("requests", requests).put("answered", answered).put("failed", failed);
    if (answered == 0) {
      return findings.error("no request through " + url + " was answered").result("");
    }
    double share = byNew / (double) answered;
    double[] interval = wilson(byNew, answered);
    findings.measured.put("share", share).put("lower", interval[0]).put("upper", interval[1]);
    findings.observe(
        String.format(
            Locale.ROOT,
            "%d of %d answers from %s (%.3f; 99%% interval %.3f–%.3f), declared %.3f",
            byNew,
            answered,
            phase.version(),
            share,
            interval[0],
            interval[1],
            declared));
    if (declared < interval[0] - 1e-9 || declared > interval[1] + 1e-9) {
      findings.fail(
          String.format(
              Locale.ROOT,
              "%.1f%% of traffic reaches %s, declared %.1f%%",
              share * 100,
              phase.version(),
              declared * 100));
    }
    return findings.result(
        String.format(
            Locale.ROOT, "%.1f%% of traffic reaches %s as declared", share * 100, phase.version()));
  }

  /** The Wilson score interval of a proportion at {@link #Z}. */
  static double[] wilson(int successes, int trials) {
    double p = successes / (double) trials;
    double z2 = Z * Z;
    double centre = (p + z2 / (2.0 * trials)) / (1 + z2 / trials);
    double half =
        Z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / (1 + z2 / trials);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** The consumer URL itself when it names an infer path, else the model's unversioned infer. */
  static URI inferUrl(URI consumerUrl, String modelName) {
    if (consumerUrl.getPath() != null && consumerUrl.getPath().endsWith("/infer")) {
      return consumerUrl;
    }
    String root = consumerUrl.toString().endsWith("/") ? consumerUrl.toString() : consumerUrl + "/";
    return URI.create(root).resolve("v2/models/" + modelName + "/infer");
  }
}

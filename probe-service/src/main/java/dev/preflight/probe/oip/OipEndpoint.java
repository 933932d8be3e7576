package dev.preflight.probe.oip;

import dev.preflight.contracts.model.Deployment;
import dev.preflight.probe.http.ProbeHttp;
import java.net.URI;

/**
 * One model on an Open Inference Protocol V2 server, at a version, as a deployment declares it.
 *
 * @param scope the egress scope: {@code test} or {@code prod}
 */
public record OipEndpoint(
    URI base, String modelName, String version, String scope, ProbeHttp.Credential credential) {

  public static OipEndpoint of(Deployment deployment, String version) {
    return new OipEndpoint(
        deployment.endpointUrl(),
        deployment.modelName(),
        version,
        deployment.environment(),
        ProbeHttp.Credential.PROBE);
  }

  public OipEndpoint with(ProbeHttp.Credential other) {
    return new OipEndpoint(base, modelName, version, scope, other);
  }

  /** A path under the base URL, e.g. {@code v2/health/ready}. */
  public URI resolve(String path) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    return URI.create(root).resolve(path);
  }

  public URI modelPath(String suffix) {
    return resolve("v2/models/" + modelName + "/versions/" + version + suffix);
  }
}

package dev.preflight.contracts.model;

import java.net.URI;
import java.util.Optional;

/**
 * A deployment of a version to an environment, as the pipeline reports it.
 *
 * @param environment {@code test} or {@code prod}
 * @param endpointUrl base URL of the model server (Open Inference Protocol V2)
 * @param protocol {@code oip-v2}
 * @param modelName the model's name on the server
 * @param infrastructure what the deployment runs on
 * @param consumerUrl the URL other production systems call; absent for test
 * @param trafficShare the share of consumer traffic routed to this version, 0..1
 */
public record Deployment(
    String environment,
    URI endpointUrl,
    String protocol,
    String modelName,
    Optional<Resources> infrastructure,
    Optional<URI> consumerUrl,
    Optional<Double> trafficShare) {}

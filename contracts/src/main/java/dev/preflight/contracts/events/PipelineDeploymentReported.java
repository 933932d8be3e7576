package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Deployment;

/** A pipeline reports a deployment (the body of {@code POST …/deployments}). */
public record PipelineDeploymentReported(String modelId, String version, Deployment deployment) {}

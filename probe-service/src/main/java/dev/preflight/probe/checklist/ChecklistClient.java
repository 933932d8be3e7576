package dev.preflight.probe.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** checklist-service's read side: the previous version's manifest, for the contract check. */
@RegisterRestClient(configKey = "checklist")
@OidcClientFilter
@Path("/api/v1/models")
public interface ChecklistClient {

  @GET
  @Path("/{modelId}/versions/{version}")
  JsonNode version(@PathParam("modelId") String modelId, @PathParam("version") String version);
}

package dev.preflight.probe.check;

import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.oip.OipClient;
import jakarta.inject.Singleton;

/** {@code prod-uploaded}: the production endpoint is live and the model ready. */
@Singleton
public class ProdUploadedCheck extends EndpointUploadedCheck {
  public ProdUploadedCheck(OipClient oip) {
    super(oip);
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_UPLOADED;
  }
}

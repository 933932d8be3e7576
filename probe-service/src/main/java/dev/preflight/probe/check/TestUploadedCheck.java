package dev.preflight.probe.check;

import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.oip.OipClient;
import jakarta.inject.Singleton;

/** {@code test-uploaded}: the test endpoint is live and the model ready. */
@Singleton
public class TestUploadedCheck extends EndpointUploadedCheck {
  public TestUploadedCheck(OipClient oip) {
    super(oip);
  }

  @Override
  public String itemId() {
    return ItemIds.TEST_UPLOADED;
  }
}

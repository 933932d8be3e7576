package dev.preflight.probe.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"ada@acme.dev", "ada.lovelace+models@fraud.bank.co.uk", "o'brien@acme.io"})
  void deliverableAddresses(String address) {
    assertThat(EmailAddresses.undeliverableReason(address)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ada", "ada@", "@acme.dev", "ada@acme", "ada lovelace@acme.dev", "ada@-acme.dev"})
  void malformedAddresses(String address) {
    assertThat(EmailAddresses.undeliverableReason(address))
        .hasValueSatisfying(r -> assertThat(r).contains("not an e-mail"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com",
        "ada@mail.example.org",
        "ada@models.test",
        "ada@host.invalid",
        "a@x.localhost"
      })
  void reservedDomainsReceiveNoMail(String address) {
    assertThat(EmailAddresses.undeliverableReason(address))
        .hasValueSatisfying(r -> assertThat(r).contains("reserved"));
  }
}

package dev.preflight.checklist.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateDerivationTest {

  private static final ChecklistTemplate BASE = DefaultTemplate.TEMPLATE;

  @Test
  void theDefaultTemplateIsTheSeedChecklistItemForItem() {
    assertThat(BASE.items()).hasSize(22);
    assertThat(BASE.itemsOf(Phase.AFTER_TRAINING)).hasSize(6);
    assertThat(BASE.itemsOf(Phase.TEST_DEPLOYMENT)).hasSize(5);
    assertThat(BASE.itemsOf(Phase.PROD_DEPLOYMENT)).hasSize(7);
    assertThat(BASE.itemsOf(Phase.IN_PRODUCTION)).hasSize(4);
    assertThat(BASE.items().stream().filter(TemplateItem::newVersionsOnly).map(TemplateItem::id))
        .containsExactly(
            ItemIds.IO_CONTRACT_COMPATIBLE,
            ItemIds.PROD_TRAFFIC_REROUTED,
            ItemIds.PROD_OLD_VERSION_SHUTDOWN);
    assertThat(BASE.item(ItemIds.PROD_OLD_VERSION_SHUTDOWN).orElseThrow().text())
        .isEqualTo("Old model version is shutdown");
    assertThat(BASE.gateMode()).isEqualTo(GateMode.ENFORCE);
  }

  @Test
  void itemsAreAddedRemovedAndChangedAndTheBaseStaysAsItWas() {
    TemplateDerivation derivation =
        new TemplateDerivation(
            "strict",
            Optional.of(BASE.ref()),
            Optional.of("Strict checklist"),
            Optional.of(GateMode.ADVISE),
            List.of(
                new TemplateItem(
                    "bias-reviewed",
                    Phase.AFTER_TRAINING,
                    "Bias is reviewed",
                    false,
                    true,
                    true,
                    Map.of())),
            List.of(ItemIds.PROD_TRAFFIC_REROUTED),
            List.of(
                new TemplateDerivation.ItemChange(
                    ItemIds.TEST_LATENCY_OK,
                    Optional.empty(),
                    Optional.of(false),
                    Optional.of(true),
                    Optional.of(Map.of("concurrency", 16)))));

    ChecklistTemplate derived = derivation.applyTo(BASE, 1);

    assertThat(derived.ref()).isEqualTo(new TemplateRef("strict", 1));
    assertThat(derived.derivedFrom()).contains(BASE.ref());
    assertThat(derived.gateMode()).isEqualTo(GateMode.ADVISE);
    assertThat(derived.items()).hasSize(22);
    assertThat(derived.item(ItemIds.PROD_TRAFFIC_REROUTED)).isEmpty();
    // added items go to the end of their phase, before the next phase's
    assertThat(derived.itemsOf(Phase.AFTER_TRAINING).get(6).id()).isEqualTo("bias-reviewed");
    assertThat(derived.items().indexOf(derived.item("bias-reviewed").orElseThrow()))
        .isLessThan(derived.items().indexOf(derived.item(ItemIds.TEST_UPLOADED).orElseThrow()));
    TemplateItem latency = derived.item(ItemIds.TEST_LATENCY_OK).orElseThrow();
    assertThat(latency.manualOnly()).isTrue();
    assertThat(latency.required()).isFalse();
    assertThat(latency.parameters()).containsEntry("concurrency", 16);
    assertThat(latency.text()).isEqualTo(BASE.item(ItemIds.TEST_LATENCY_OK).orElseThrow().text());
    assertThat(BASE.item(ItemIds.TEST_LATENCY_OK).orElseThrow().manualOnly()).isFalse();
  }

  @Test
  void aDerivationThatDoesNotFitItsBaseIsRefusedWithEveryReason() {
    TemplateDerivation derivation =
        new TemplateDerivation(
            "strict",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(
                new TemplateItem(
                    ItemIds.CREATOR_LOGGED,
                    Phase.AFTER_TRAINING,
                    "again",
                    false,
                    false,
                    true,
                    Map.of()),
                new TemplateItem(
                    "Bad Id", Phase.AFTER_TRAINING, "x", false, false, true, Map.of())),
            List.of("no-such-item"),
            List.of(
                new TemplateDerivation.ItemChange(
                    "nothing-here",
                    Optional.of("x"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())));

    assertThatThrownBy(() -> derivation.applyTo(BASE, 2))
        .isInstanceOfSatisfying(
            TemplateDerivation.InvalidTemplateException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).contains("no-such-item"))
                    .anySatisfy(p -> assertThat(p).contains("nothing-here"))
                    .anySatisfy(p -> assertThat(p).contains("has an item 'creator-logged'"))
                    .anySatisfy(p -> assertThat(p).contains("'Bad Id' is not an item id")));
  }
}

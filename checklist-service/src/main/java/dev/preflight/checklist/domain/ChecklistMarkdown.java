package dev.preflight.checklist.domain;

import dev.preflight.checklist.domain.ChecklistDocument.Entry;
import dev.preflight.checklist.domain.ChecklistDocument.Proof;
import dev.preflight.checklist.domain.ChecklistDocument.Section;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filled checklist as Markdown, laid out like the seed checklist: the model header, the four
 * phase sections with the seed's headings, a tick per item in the seed's words, the "For new model
 * versions" sub-lists, and under each item one line of evidence.
 */
public final class ChecklistMarkdown {

  private static final Map<Phase, String> HEADINGS =
      Map.of(
          Phase.AFTER_TRAINING, "💻 AFTER MODEL TRAINING",
          Phase.TEST_DEPLOYMENT, "🧪 DURING DEPLOYMENT TO `TEST` ENVIRONMENT",
          Phase.PROD_DEPLOYMENT, "🏛️ DURING DEPLOYMENT TO `PROD` ENVIRONMENT",
          Phase.IN_PRODUCTION, "🔬 WHILE MODEL IS DEPLOYED TO `PROD` ENVIRONMENT");

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

  private ChecklistMarkdown() {}

  public static String render(ChecklistDocument document) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(document.title()).append("\n\n");
    md.append("MODEL NAME: ").append(document.modelName()).append(" </br>\n");
    md.append("MODEL ID: ").append(document.modelId()).append(" </br>\n");
    md.append("MODEL VERSION: ").append(document.version()).append("\n\n");
    md.append("_Template ")
        .append(document.template().id())
        .append(" version ")
        .append(document.template().version())
        .append(" · phase ")
        .append(document.phase().id())
        .append(" · exported by Preflight on ")
        .append(when(document.exportedAt().withOffsetSameInstant(ZoneOffset.UTC)))
        .append("_\n");
    for (Section section : document.sections()) {
      md.append("\n### ").append(HEADINGS.get(section.phase())).append("\n");
      md.append("_Readiness: ")
          .append(points(section.score().points()))
          .append(" of ")
          .append(section.score().maxPoints())
          .append(" points_\n\n");
      List<Entry> always = section.entries().stream().filter(e -> !e.newVersionsOnly()).toList();
      List<Entry> newVersions = section.entries().stream().filter(Entry::newVersionsOnly).toList();
      always.forEach(entry -> entry(md, entry));
      if (!newVersions.isEmpty()) {
        md.append("  #### For new model versions\n");
        newVersions.forEach(entry -> entry(md, entry));
      }
    }
    return md.toString();
  }

  private static void entry(StringBuilder md, Entry entry) {
    boolean ticked = entry.state().isSatisfied();
    String text =
        entry.state() == ItemState.NOT_APPLICABLE ? "~~" + entry.text() + "~~" : entry.text();
    md.append("- [").append(ticked ? "x" : " ").append("] ").append(text).append("\n");
    md.append("  - ").append(evidence(entry)).append("\n");
  }

  private static String evidence(Entry entry) {
    if (entry.state() == ItemState.NOT_APPLICABLE) {
      return "not applicable: the first version of a model replaces none";
    }
    if (entry.proof().isEmpty()) {
      return entry.state().id() + ": not verified yet";
    }
    Proof proof = entry.proof().get();
    StringBuilder line = new StringBuilder();
    line.append(entry.state().id());
    if (entry.state() == ItemState.WAIVED) {
      line.append(" by ");
    } else if (entry.attested()) {
      line.append(", attested by ");
    } else if (entry.state() == ItemState.PASSED || entry.state() == ItemState.FAILED) {
      line.append(", verified by ");
    } else {
      line.append(", last checked by ");
    }
    line.append(proof.by())
        .append(" on ")
        .append(when(proof.at()))
        .append(": ")
        .append(proof.summary());
    if (proof.measured().isPresent() || proof.expected().isPresent()) {
      line.append(" (measured ")
          .append(proof.measured().orElse("-"))
          .append(" vs expected ")
          .append(proof.expected().orElse("-"))
          .append(")");
    }
    proof.link().ifPresent(link -> line.append(" [evidence](").append(link).append(")"));
    return line.toString();
  }

  private static String when(java.time.OffsetDateTime at) {
    return WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }

  private static String points(double points) {
    return points == Math.rint(points) ? String.valueOf((long) points) : String.valueOf(points);
  }
}

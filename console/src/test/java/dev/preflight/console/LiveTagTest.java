package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTagTest {

  @Test
  void theTagChangesWithAnythingTheRegionIsRenderedFrom() {
    Gates.Gate deny = new Gates.Gate("test", "deny", "1 item failed", List.of());
    String failed = LiveTag.of(List.of(deny), true);
    Gates.Gate same = new Gates.Gate("test", "deny", "1 item failed", List.of());
    assertThat(LiveTag.of(List.of(same), true)).isEqualTo(failed);
    assertThat(LiveTag.of(List.of(new Gates.Gate("test", "allow", "", List.of())), true))
        .isNotEqualTo(failed);
    // what the viewer may do is part of the region (its forms)
    assertThat(LiveTag.of(List.of(deny), false)).isNotEqualTo(failed);
    // parts are kept apart: ("ab", "c") is not ("a", "bc")
    assertThat(LiveTag.of("ab", "c")).isNotEqualTo(LiveTag.of("a", "bc"));
  }

  @Test
  void anUnchangedRegionIsAnswered304WithoutBeingRenderedAndAChangedOneWithItsNewTag() {
    String tag = LiveTag.of("state", "failed");
    Response unchanged =
        LiveTag.respond(
            "\"" + tag + "\"",
            tag,
            () -> {
              throw new AssertionError("rendered although unchanged");
            });
    assertThat(unchanged.getStatus()).isEqualTo(304);
    assertThat(unchanged.getEntityTag().getValue()).isEqualTo(tag);

    Response changed =
        LiveTag.respond("\"" + LiveTag.of("state", "waived") + "\"", tag, () -> "html");
    assertThat(changed.getStatus()).isEqualTo(200);
    assertThat(changed.getEntity()).isEqualTo("html");
    assertThat(changed.getEntityTag().getValue()).isEqualTo(tag);

    assertThat(LiveTag.respond("", tag, () -> "html").getStatus()).isEqualTo(200);
  }

  @Test
  void ifNoneMatchNamesTheTagWeakStrongOrInAList() {
    assertThat(LiveTag.matches("\"abc\"", "abc")).isTrue();
    assertThat(LiveTag.matches("W/\"abc\"", "abc")).isTrue();
    assertThat(LiveTag.matches("\"x\", \"abc\"", "abc")).isTrue();
    assertThat(LiveTag.matches("abc", "abc")).isFalse();
    assertThat(LiveTag.matches(null, "abc")).isFalse();
    assertThat(LiveTag.matches("\"abcd\"", "abc")).isFalse();
  }
}

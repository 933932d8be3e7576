package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Json2Test {

  /** The shown time as java.time writes it: the definition the fast path must agree with. */
  private static String parsed(String text) {
    try {
      return OffsetDateTime.parse(text)
              .withOffsetSameInstant(ZoneOffset.UTC)
              .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
          + " UTC";
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  @Test
  void utcInstantsAreShownAsJavaTimeShowsThem() {
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      Instant at =
          Instant.ofEpochSecond(
              random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
      String text = at.toString(); // 0, 3, 6 or 9 fraction digits, as the services write them
      assertThat(Json2.time(text)).as(text).isEqualTo(parsed(text));
    }
  }

  @Test
  void anythingElseIsParsedOrShownAsIs() {
    for (String text :
        List.of(
            "2026-12-03T14:07:03Z",
            "2026-12-03t14:07:03.5z",
            "2026-12-03T14:07:03+02:00",
            "2026-12-03T14:07:03.123-05:30",
            "2026-02-29T10:00:00Z",
            "2028-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T23:60:00Z",
            "2026-12-03T23:59:60Z",
            "2026-12-03T14:07:03.Z",
            "2026-12-03T14:07:03.12aZ",
            "2026-12-03 14:07:03Z",
            "2026-12-03T14:07Z",
            "yesterday")) {
      assertThat(Json2.time(text)).as(text).isEqualTo(parsed(text));
    }
    assertThat(Json2.time("")).isEmpty();
    assertThat(Json2.time(null)).isEmpty();
  }
}

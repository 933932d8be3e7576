package dev.preflight.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class InferenceRecordsTest {

  @Test
  void theFastTimestampPathAgreesWithTheFullParser() {
    for (String text :
        new String[] {
          "2026-11-28T09:30:00Z", "2026-11-28T09:30:00.1Z", "2026-11-28T09:30:00.12Z",
          "2026-11-28T09:30:00.123Z", "2026-11-28T09:30:00.123456789Z", "2024-02-29T23:59:59.999Z",
          "1970-01-01T00:00:00Z"
        }) {
      assertThat(InferenceRecords.utc(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }
  }

  @Test
  void anythingElseIsLeftToTheFullParser() {
    for (String text :
        new String[] {
          "2026-11-28T09:30:00+02:00",
          "2026-02-30T09:30:00Z",
          "2026-11-28 09:30:00Z",
          "2026-11-28T24:00:00Z",
          "2026-11-28T09:30:00.Z",
          "yesterday",
          "2026-11-28T09:30:0xZ"
        }) {
      assertThat(InferenceRecords.utc(text)).as(text).isEqualTo(InferenceRecords.INVALID);
    }
  }
}

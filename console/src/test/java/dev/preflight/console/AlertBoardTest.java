package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.console.AlertBoard.Board;
import dev.preflight.console.AlertBoard.Filters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertBoardTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GROUPS =
      """
      [{"id":"g1","receiver":"owner","team":"fraud","groupLabels":{"model":"fraud","version":"1.0"},
        "lastNotifiedAt":"2026-12-02T10:00:00Z","fingerprints":["a1","a2"]},
       {"id":"g2","receiver":"pager","team":"fraud","groupLabels":{},"fingerprints":["a2"]}]
      """;
  private static final String ALERTS =
      """
      [{"fingerprint":"a1","status":"firing","startsAt":"2026-12-02T09:00:00Z",
        "labels":{"alertname":"PreflightCheckFailed","model":"fraud","version":"1.0","team":"fraud",
                  "severity":"warning","check":"creator-logged"},
        "annotations":{"summary":"creator-logged failed"}},
       {"fingerprint":"a2","status":"firing","startsAt":"2026-12-02T09:30:00Z",
        "labels":{"alertname":"PreflightSignal","model":"fraud","version":"1.0","team":"fraud",
                  "severity":"critical","check":"downtime"},
        "annotations":{"summary":"fraud is down"},
        "acknowledged":{"by":"engineer","at":"2026-12-02T09:40:00Z","comment":"on it"}},
       {"fingerprint":"a3","status":"firing","startsAt":"2026-12-02T09:50:00Z",
        "labels":{"alertname":"PreflightSignal","model":"fraud","version":"1.0","team":"fraud",
                  "severity":"error","check":"latency"},
        "annotations":{"summary":"slow"}}]
      """;
  private static final String NOTIFICATIONS =
      """
      [{"receiver":"owner","receiverType":"webhook","kind":"group","groupId":"g1","status":"sent",
        "attempts":1,"lastStatusCode":200,"createdAt":"2026-12-02T10:00:00Z"},
       {"receiver":"pager","receiverType":"pagerduty","kind":"group","fingerprint":"a2",
        "groupId":"g2","status":"failed","attempts":3,"lastStatusCode":503}]
      """;

  @Test
  void groupsHoldTheirAlertsMostSevereFirstWithTheDeliveriesOfEach() throws Exception {
    Board board = board(Filters.of(null, null, null, null));

    assertThat(board.groups())
        .extracting(AlertBoard.Group::receiver)
        .containsExactly("owner", "pager", "");
    AlertBoard.Group owner = board.groups().get(0);
    assertThat(owner.title()).isEqualTo("model=fraud, version=1.0");
    assertThat(owner.alerts())
        .extracting(AlertBoard.Alert::fingerprint)
        .containsExactly("a2", "a1");
    AlertBoard.Alert down = owner.alerts().get(0);
    assertThat(down.acknowledged())
        .get()
        .extracting(AlertBoard.Acknowledged::comment)
        .isEqualTo("on it");
    assertThat(down.deliveries())
        .extracting(AlertBoard.Delivery::receiver)
        .containsExactly("owner", "pager");
    assertThat(owner.alerts().get(1).deliveries())
        .extracting(AlertBoard.Delivery::receiver)
        .containsExactly("owner");
    assertThat(board.groups().get(2).alerts())
        .extracting(AlertBoard.Alert::fingerprint)
        .containsExactly("a3");
    assertThat(board.firing()).isEqualTo(3);
    assertThat(board.receivers()).containsExactly("owner", "pager");
  }

  @Test
  void filtersNarrowBySeverityAndReceiverAndDropEmptyGroups() throws Exception {
    Board critical = board(Filters.of(null, null, "critical", "firing"));
    assertThat(critical.groups())
        .extracting(AlertBoard.Group::receiver)
        .containsExactly("owner", "pager");
    assertThat(critical.groups().get(0).alerts())
        .extracting(AlertBoard.Alert::fingerprint)
        .containsExactly("a2");

    Board pager = board(Filters.of("pager", "", "", "all"));
    assertThat(pager.groups()).extracting(AlertBoard.Group::receiver).containsExactly("pager");
    assertThat(Filters.of("pager", "fraud", "", "bogus").query())
        .isEqualTo("state=firing&receiver=pager&team=fraud");
  }

  @Test
  void silenceDurationsAreReadAsAlertmanagerWritesThem() {
    assertThat(SilencePages.duration("2h")).contains(Duration.ofHours(2));
    assertThat(SilencePages.duration("1d12h")).contains(Duration.ofHours(36));
    assertThat(SilencePages.duration("1w30m")).contains(Duration.ofDays(7).plusMinutes(30));
    assertThat(SilencePages.duration("0m")).isEmpty();
    assertThat(SilencePages.duration("soon")).isEmpty();
    assertThat(SilencePages.duration("")).isEmpty();
  }

  private static Board board(Filters filters) throws Exception {
    JsonNode groups = JSON.readTree(GROUPS);
    return AlertBoard.of(groups, JSON.readTree(ALERTS), JSON.readTree(NOTIFICATIONS), filters);
  }
}

-- Pipeline actions that arrived as CloudEvents (HTTP or Kafka) and were applied. An event is
-- identified by its source and id (CloudEvents 1.0); the same event again answers with the outcome
-- recorded here and applies nothing. Rejections are not recorded: a rejected event may be sent again
-- once its cause is fixed.

CREATE TABLE pipeline_event (
    source        varchar(200)  NOT NULL,
    event_id      varchar(200)  NOT NULL,
    event_type    varchar(200)  NOT NULL,
    model_id      varchar(63)   NOT NULL,
    model_version varchar(64),
    -- SHA-256 of type, model, version and data: the same id with other content is refused.
    fingerprint   char(64)      NOT NULL,
    channel       varchar(16)   NOT NULL,
    actor         varchar(200)  NOT NULL,
    status        integer,
    resource      text,
    received_at   timestamptz   NOT NULL,
    PRIMARY KEY (source, event_id)
);
CREATE INDEX pipeline_event_model_idx ON pipeline_event (model_id, received_at);

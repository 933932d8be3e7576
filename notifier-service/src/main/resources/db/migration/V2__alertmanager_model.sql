-- Alertmanager's model: aggregation groups per route, silences, acknowledgements, escalation,
-- the routing document, and a delivery log that knows groups and several receiver types.

ALTER TABLE alert
    ADD COLUMN acknowledged_by varchar(200),
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN ack_comment     text;
CREATE INDEX alert_firing_idx ON alert (fingerprint) WHERE status = 'firing';

-- Every firing and resolution of every alert: the alert history.
CREATE TABLE alert_transition (
    id          bigserial    PRIMARY KEY,
    fingerprint varchar(16)  NOT NULL REFERENCES alert,
    status      varchar(16)  NOT NULL,
    at          timestamptz  NOT NULL,
    summary     text
);
CREATE INDEX alert_transition_fp_idx ON alert_transition (fingerprint, id);

-- One aggregation group per route and group labels; its timers and what it last notified.
CREATE TABLE alert_group (
    id                 varchar(64)   PRIMARY KEY,
    group_key          text          NOT NULL,
    route_id           text          NOT NULL,
    receiver           varchar(200)  NOT NULL,
    group_labels       jsonb         NOT NULL,
    team               varchar(63),
    model_id           varchar(63),
    group_wait_ms      bigint        NOT NULL,
    group_interval_ms  bigint        NOT NULL,
    repeat_interval_ms bigint        NOT NULL,
    escalation         varchar(200),
    created_at         timestamptz   NOT NULL,
    next_flush_at      timestamptz   NOT NULL,
    first_notified_at  timestamptz,
    last_notified_at   timestamptz,
    notified_firing    jsonb         NOT NULL DEFAULT '[]',
    notified_resolved  jsonb         NOT NULL DEFAULT '[]',
    escalation_level   integer       NOT NULL DEFAULT 0,
    next_escalation_at timestamptz
);
CREATE INDEX alert_group_flush_idx ON alert_group (next_flush_at);
CREATE INDEX alert_group_escalation_idx ON alert_group (next_escalation_at)
    WHERE next_escalation_at IS NOT NULL;

CREATE TABLE group_member (
    group_id    varchar(64) NOT NULL REFERENCES alert_group ON DELETE CASCADE,
    fingerprint varchar(16) NOT NULL REFERENCES alert,
    PRIMARY KEY (group_id, fingerprint)
);
CREATE INDEX group_member_fp_idx ON group_member (fingerprint);

CREATE TABLE silence (
    id         uuid         PRIMARY KEY,
    matchers   jsonb        NOT NULL,
    starts_at  timestamptz  NOT NULL,
    ends_at    timestamptz  NOT NULL,
    created_by varchar(200) NOT NULL,
    comment    text         NOT NULL,
    team       varchar(63),
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL
);
CREATE INDEX silence_ends_idx ON silence (ends_at);

CREATE TABLE acknowledgement (
    id              bigserial    PRIMARY KEY,
    fingerprint     varchar(16)  NOT NULL REFERENCES alert,
    acknowledged_by varchar(200) NOT NULL,
    comment         text,
    team            varchar(63)  NOT NULL,
    model_id        varchar(63)  NOT NULL,
    version         varchar(64),
    created_at      timestamptz  NOT NULL
);
CREATE INDEX acknowledgement_model_idx ON acknowledgement (model_id);

-- The routing document in force (one row): from the YAML file, REST, or the built-in default.
CREATE TABLE routing_document (
    id         integer      PRIMARY KEY CHECK (id = 1),
    document   text         NOT NULL,
    source     varchar(16)  NOT NULL,
    file_hash  varchar(64),
    revision   bigint       NOT NULL,
    updated_by varchar(200) NOT NULL,
    updated_at timestamptz  NOT NULL
);

ALTER TABLE notification
    ADD COLUMN group_id  varchar(64),
    ADD COLUMN kind      varchar(16)  NOT NULL DEFAULT 'group',
    ADD COLUMN order_key varchar(400);
ALTER TABLE notification ALTER COLUMN fingerprint DROP NOT NULL;
ALTER TABLE notification ALTER COLUMN alert_status DROP NOT NULL;
ALTER TABLE notification ALTER COLUMN team DROP NOT NULL;
ALTER TABLE notification ALTER COLUMN model_id DROP NOT NULL;
UPDATE notification SET status = 'sent' WHERE status = 'delivered';
UPDATE notification SET status = 'dead' WHERE status = 'failed';
UPDATE notification SET order_key = receiver || '|' || fingerprint;
ALTER TABLE notification ALTER COLUMN order_key SET NOT NULL;
DROP INDEX notification_due_idx;
CREATE INDEX notification_due_idx ON notification (next_attempt_at)
    WHERE status IN ('pending', 'sending', 'failed');
CREATE INDEX notification_order_idx ON notification (order_key, id)
    WHERE status IN ('pending', 'sending', 'failed');
CREATE INDEX notification_fp_idx ON notification (fingerprint);

-- Owners and teams of models, alerts, the delivery log, and the consumers' processed-event log.

CREATE TABLE model_contact (
    model_id    varchar(63)  PRIMARY KEY,
    team        varchar(63)  NOT NULL,
    name        varchar(200) NOT NULL,
    owner_name  varchar(200) NOT NULL,
    owner_email varchar(320),
    updated_at  timestamptz  NOT NULL
);

CREATE TABLE alert (
    fingerprint varchar(16)  PRIMARY KEY,
    labels      jsonb        NOT NULL,
    annotations jsonb        NOT NULL,
    status      varchar(16)  NOT NULL,
    team        varchar(63)  NOT NULL,
    model_id    varchar(63)  NOT NULL,
    version     varchar(64),
    starts_at   timestamptz  NOT NULL,
    ends_at     timestamptz,
    updated_at  timestamptz  NOT NULL
);
CREATE INDEX alert_model_idx ON alert (model_id, version);
CREATE INDEX alert_team_idx ON alert (team, status);

-- Every notification to every receiver, with its delivery state: the persistent delivery log.
CREATE TABLE notification (
    id               bigserial    PRIMARY KEY,
    receiver         varchar(200) NOT NULL,
    receiver_type    varchar(32)  NOT NULL,
    target           varchar(2000) NOT NULL,
    fingerprint      varchar(16)  NOT NULL,
    alert_status     varchar(16)  NOT NULL,
    team             varchar(63)  NOT NULL,
    model_id         varchar(63)  NOT NULL,
    payload          jsonb        NOT NULL,
    status           varchar(16)  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    claimed_until    timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz  NOT NULL,
    delivered_at     timestamptz
);
CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notification_model_idx ON notification (model_id);

CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     varchar(200) NOT NULL,
    processed_at timestamptz  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

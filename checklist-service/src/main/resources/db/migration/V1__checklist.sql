-- Models, versions and their checklists; the transactional outbox; the consumers' processed-event log.

CREATE TABLE model (
    id          varchar(63)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    team        varchar(63)  NOT NULL,
    owner_name  varchar(200) NOT NULL,
    owner_email varchar(320),
    description text,
    created_at  timestamptz  NOT NULL,
    created_by  varchar(200) NOT NULL
);
CREATE INDEX model_team_idx ON model (team);

CREATE TABLE model_version (
    id               bigserial    PRIMARY KEY,
    model_id         varchar(63)  NOT NULL REFERENCES model (id),
    version          varchar(64)  NOT NULL,
    manifest         jsonb        NOT NULL,
    phase            varchar(32)  NOT NULL,
    first_version    boolean      NOT NULL,
    template_id      varchar(63)  NOT NULL,
    template_version integer      NOT NULL,
    registered_at    timestamptz  NOT NULL,
    registered_by    varchar(200) NOT NULL,
    CONSTRAINT model_version_unique UNIQUE (model_id, version)
);

CREATE TABLE checklist_item (
    id                bigserial    PRIMARY KEY,
    version_id        bigint       NOT NULL REFERENCES model_version (id) ON DELETE CASCADE,
    item_id           varchar(63)  NOT NULL,
    phase             varchar(32)  NOT NULL,
    position          integer      NOT NULL,
    text              text         NOT NULL,
    new_versions_only boolean      NOT NULL,
    automated         boolean      NOT NULL,
    required          boolean      NOT NULL,
    state             varchar(32)  NOT NULL,
    evidence          jsonb,
    updated_at        timestamptz  NOT NULL,
    updated_by        varchar(200) NOT NULL,
    CONSTRAINT checklist_item_unique UNIQUE (version_id, item_id)
);

CREATE TABLE checklist_item_change (
    id         bigserial    PRIMARY KEY,
    item_id    bigint       NOT NULL REFERENCES checklist_item (id) ON DELETE CASCADE,
    from_state varchar(32)  NOT NULL,
    to_state   varchar(32)  NOT NULL,
    evidence   jsonb,
    actor      varchar(200) NOT NULL,
    cause      varchar(200),
    changed_at timestamptz  NOT NULL
);
CREATE INDEX checklist_item_change_item_idx ON checklist_item_change (item_id);

CREATE TABLE outbox_event (
    seq            bigserial    PRIMARY KEY,
    event_id       varchar(64)  NOT NULL UNIQUE,
    topic          varchar(249) NOT NULL,
    record_key     varchar(255) NOT NULL,
    event_type     varchar(200) NOT NULL,
    source         varchar(500) NOT NULL,
    subject        varchar(300) NOT NULL,
    event_time     timestamptz  NOT NULL,
    model_id       varchar(63)  NOT NULL,
    model_version  varchar(64),
    correlation_id varchar(200) NOT NULL,
    data           jsonb        NOT NULL,
    published_at   timestamptz
);
CREATE INDEX outbox_event_unpublished_idx ON outbox_event (seq) WHERE published_at IS NULL;

CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     varchar(200) NOT NULL,
    processed_at timestamptz  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- The append-only audit log: every change to a model, version or item, automated or human.
CREATE TABLE audit_entry (
    id         bigserial    PRIMARY KEY,
    at         timestamptz  NOT NULL,
    actor      varchar(200) NOT NULL,
    action     varchar(40)  NOT NULL,
    team       varchar(63),
    model_id   varchar(63),
    version    varchar(64),
    item_id    varchar(63),
    from_state varchar(32),
    to_state   varchar(32),
    evidence   jsonb,
    detail     text,
    cause      varchar(200)
);
CREATE INDEX audit_entry_model_idx ON audit_entry (model_id, id);
CREATE INDEX audit_entry_item_idx ON audit_entry (model_id, version, item_id);

-- Item histories so far become audit entries; the history of an item is read from the log.
INSERT INTO audit_entry (at, actor, action, team, model_id, version, item_id, from_state, to_state, evidence, cause)
SELECT c.changed_at, c.actor, 'item-changed', m.team, m.id, v.version, i.item_id, c.from_state, c.to_state, c.evidence, c.cause
  FROM checklist_item_change c
  JOIN checklist_item i ON i.id = c.item_id
  JOIN model_version v ON v.id = i.version_id
  JOIN model m ON m.id = v.model_id
 ORDER BY c.id;
DROP TABLE checklist_item_change;

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

-- The latest deployment of a version per environment.
CREATE TABLE deployment (
    id          bigserial    PRIMARY KEY,
    version_id  bigint       NOT NULL REFERENCES model_version (id) ON DELETE CASCADE,
    environment varchar(8)   NOT NULL,
    deployment  jsonb        NOT NULL,
    reported_at timestamptz  NOT NULL,
    reported_by varchar(200) NOT NULL,
    CONSTRAINT deployment_unique UNIQUE (version_id, environment)
);

-- When the result the item shows was observed: older results never overwrite newer ones.
ALTER TABLE checklist_item ADD COLUMN result_at timestamptz;
-- Whether a person, not a probe, passed or waived it (counts half in the readiness score).
ALTER TABLE checklist_item ADD COLUMN attested boolean NOT NULL DEFAULT false;
-- The monitor's signals firing against the item: it stays failed until all have resolved.
ALTER TABLE checklist_item ADD COLUMN firing_signals jsonb NOT NULL DEFAULT '{}';

-- People's attestations of items.
CREATE TABLE attestation (
    id           bigserial     PRIMARY KEY,
    item_id      bigint        NOT NULL REFERENCES checklist_item (id) ON DELETE CASCADE,
    decision     varchar(8)    NOT NULL,
    evidence_url varchar(2000),
    comment      text          NOT NULL,
    actor        varchar(200)  NOT NULL,
    at           timestamptz   NOT NULL
);

-- The readiness score of each phase after every change.
CREATE TABLE readiness_score (
    id         bigserial     PRIMARY KEY,
    version_id bigint        NOT NULL REFERENCES model_version (id) ON DELETE CASCADE,
    phase      varchar(32)   NOT NULL,
    points     numeric(6, 1) NOT NULL,
    max_points integer       NOT NULL,
    at         timestamptz   NOT NULL
);
CREATE INDEX readiness_score_version_idx ON readiness_score (version_id, id);

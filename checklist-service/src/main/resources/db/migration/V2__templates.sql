-- Versioned checklist templates: every version is immutable; a checklist keeps the version it came from.
CREATE TABLE checklist_template (
    id                   bigserial    PRIMARY KEY,
    template_id          varchar(63)  NOT NULL,
    version              integer      NOT NULL,
    title                varchar(200) NOT NULL,
    gate_mode            varchar(16)  NOT NULL,
    items                jsonb        NOT NULL,
    derived_from_id      varchar(63),
    derived_from_version integer,
    created_at           timestamptz  NOT NULL,
    created_by           varchar(200) NOT NULL,
    CONSTRAINT checklist_template_unique UNIQUE (template_id, version)
);

-- The template a model's versions get their checklists from.
ALTER TABLE model ADD COLUMN template_id varchar(63) NOT NULL DEFAULT 'default';

-- The template's settings of each item's check.
ALTER TABLE checklist_item ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}';

-- What the monitor and the synthetic probes have observed of a version, so that the in-production
-- items pass on coverage observed (a window of live traffic evaluated, a health probe run), not on
-- detectors declared at registration. Facts arrive in any order; the items are judged on all of them.

ALTER TABLE model_version
    ADD COLUMN monitor_profile     boolean,
    -- the detectors the monitor has active, latest report (JSON array); null before the first
    ADD COLUMN monitor_detectors   jsonb,
    -- the latest window with records the monitor evaluated while the version was live (JSON)
    ADD COLUMN monitor_observed    jsonb,
    ADD COLUMN synthetic_probed_at timestamptz;

-- Where a version's previous version comes from: 'manifest', or 'in-production' when the manifest
-- named none and the version in production then was taken; null when there is none.
ALTER TABLE model_version ADD COLUMN previous_version_source varchar(16);

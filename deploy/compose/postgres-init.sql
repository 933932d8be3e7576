-- The services' databases; each service migrates its own schema with Flyway at start-up.
CREATE DATABASE preflight_checklist;
CREATE DATABASE preflight_notifier;

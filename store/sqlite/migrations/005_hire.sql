-- Remote-hire risk (package hire, clearance.HireStore): people as posted,
-- the running aggregate of each one's events (the events themselves are
-- not kept), their last assessment, clusters, and an index of the
-- normalised identifiers people hold, so that links are found without
-- reading any history again. JSON is kept as text.
CREATE TABLE hire_people (
	id TEXT PRIMARY KEY,
	record TEXT NOT NULL,
	aggregate TEXT NOT NULL DEFAULT '',
	result TEXT NOT NULL DEFAULT '',
	risk REAL NOT NULL DEFAULT 0,
	flagged BOOLEAN NOT NULL DEFAULT FALSE,
	cluster TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);

CREATE TABLE hire_identifiers (
	kind TEXT NOT NULL,
	value TEXT NOT NULL,
	person TEXT NOT NULL,
	PRIMARY KEY (kind, value, person)
);
CREATE INDEX hire_identifiers_person ON hire_identifiers (person);

CREATE TABLE hire_clusters (
	id TEXT PRIMARY KEY,
	members TEXT NOT NULL,
	body TEXT NOT NULL
);

-- The population's version, counted up by every write: a service holds
-- the population in memory and writes only if nobody wrote since it read
-- (another instance on the same database), else it reloads.
CREATE TABLE hire_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO hire_state (id, version) VALUES (1, 0);

-- Alerts of a second kind: '' for a screening alert (as before), 'hire'
-- for a person newly flagged, whose ID person_id holds. One open alert per
-- person, as per subject and entity.
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN person_id TEXT NOT NULL DEFAULT '';
DROP INDEX alerts_one_open;
CREATE UNIQUE INDEX alerts_one_open ON alerts (kind, subject_id, entity_id, person_id) WHERE status = 'open';

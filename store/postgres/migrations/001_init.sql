-- Times are Unix microseconds; JSON is kept as text, byte for byte, because
-- the audit hash covers it.
CREATE TABLE subjects (
	id TEXT PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	query TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE screenings (
	id TEXT PRIMARY KEY,
	subject_id TEXT NOT NULL DEFAULT '',
	query TEXT NOT NULL,
	matches TEXT NOT NULL,
	threshold DOUBLE PRECISION NOT NULL,
	list_version TEXT NOT NULL DEFAULT '',
	entity_versions TEXT NOT NULL DEFAULT '{}',
	created_at BIGINT NOT NULL,
	by_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX screenings_subject ON screenings (subject_id, id);

CREATE TABLE alerts (
	id TEXT PRIMARY KEY,
	subject_id TEXT NOT NULL,
	screening_id TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	entity_version TEXT NOT NULL DEFAULT '',
	score DOUBLE PRECISION NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'true_match', 'false_positive')),
	created_at BIGINT NOT NULL,
	decided_at BIGINT,
	decided_by TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT ''
);
-- At most one open alert per subject and entity, whatever SaveScreening does.
CREATE UNIQUE INDEX alerts_one_open ON alerts (subject_id, entity_id) WHERE status = 'open';
CREATE INDEX alerts_subject_entity ON alerts (subject_id, entity_id, entity_version, status);
CREATE INDEX alerts_status ON alerts (status, id);

CREATE TABLE audit (
	seq BIGINT PRIMARY KEY,
	time BIGINT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	data TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
-- The chain head: the last record's seq and hash. Every audited write
-- reads (and in PostgreSQL locks) this row first.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE api_keys (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('screen', 'analyst', 'admin')),
	hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);

CREATE TABLE webhooks (
	id TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	payload TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt BIGINT NOT NULL,
	delivered_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_due ON webhooks (next_attempt) WHERE delivered_at IS NULL;

-- Four-eyes review and case work (see clearance.ReviewStore). The alerts
-- table is left as it is: an alert whose decision waits for review stays
-- 'open' there (so no second alert is opened on the target meanwhile, and
-- the one-open-alert index still holds) and its proposed decision is kept
-- here; the API shows it as "pending_review".
CREATE TABLE alert_cases (
	alert_id TEXT PRIMARY KEY,
	assignee TEXT NOT NULL DEFAULT '',
	escalated INTEGER NOT NULL DEFAULT 0,
	escalation TEXT NOT NULL DEFAULT '',
	pending_status TEXT NOT NULL DEFAULT '' CHECK (pending_status IN ('', 'true_match', 'false_positive')),
	pending_reason TEXT NOT NULL DEFAULT '',
	pending_by TEXT NOT NULL DEFAULT '',
	pending_at INTEGER,
	reviewed_by TEXT NOT NULL DEFAULT '',
	reviewed_at INTEGER,
	case_updated_at INTEGER NOT NULL
);
CREATE INDEX alert_cases_assignee ON alert_cases (assignee) WHERE assignee <> '';
CREATE INDEX alert_cases_pending ON alert_cases (alert_id) WHERE pending_status <> '';

CREATE TABLE alert_comments (
	id TEXT PRIMARY KEY,
	alert_id TEXT NOT NULL,
	author TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX alert_comments_alert ON alert_comments (alert_id, id);

-- The audit page filters by person, action and object, newest first.
CREATE INDEX audit_actor ON audit (actor, seq);
CREATE INDEX audit_action ON audit (action, seq);
CREATE INDEX audit_object ON audit (object, seq);
CREATE INDEX alerts_queue ON alerts (status, score, created_at);

-- API keys may have the reviewer role. SQLite cannot alter a CHECK
-- constraint; loosening one by rewriting the table's stored SQL is the
-- procedure SQLite documents for it (every existing row still passes),
-- and unlike rebuilding the table it keeps columns other migrations add.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'role IN (''screen'', ''analyst'', ''admin'')', 'role IN (''screen'', ''analyst'', ''reviewer'', ''admin'')')
	WHERE type = 'table' AND name = 'api_keys';
PRAGMA writable_schema = RESET;
-- A schema change bumps the schema cookie, so every connection (not only
-- this one, which RESET made reload) reads the table's new SQL.
CREATE TABLE schema_reload (x INTEGER);
DROP TABLE schema_reload;

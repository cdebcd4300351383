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
	pending_at BIGINT,
	reviewed_by TEXT NOT NULL DEFAULT '',
	reviewed_at BIGINT,
	case_updated_at BIGINT NOT NULL
);
CREATE INDEX alert_cases_assignee ON alert_cases (assignee) WHERE assignee <> '';
CREATE INDEX alert_cases_pending ON alert_cases (alert_id) WHERE pending_status <> '';

CREATE TABLE alert_comments (
	id TEXT PRIMARY KEY,
	alert_id TEXT NOT NULL,
	author TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX alert_comments_alert ON alert_comments (alert_id, id);

-- The audit page filters by person, action and object, newest first.
CREATE INDEX audit_actor ON audit (actor, seq);
CREATE INDEX audit_action ON audit (action, seq);
CREATE INDEX audit_object ON audit (object, seq);
CREATE INDEX alerts_queue ON alerts (status, score, created_at);

-- API keys may have the reviewer role.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('screen', 'analyst', 'reviewer', 'admin'));

-- What the service last loaded: the lists' version and every listed
-- entity's version (a JSON object of entity ID to EntityVersion), so that
-- after a restart it can tell what changed while it was down.
CREATE TABLE list_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version TEXT NOT NULL,
	entities TEXT NOT NULL,
	saved_at BIGINT NOT NULL
);

-- Only subjects' screenings are looked up by subject: ad-hoc screenings
-- (most of them, when every API screening is recorded) need not pay for an
-- index entry each.
DROP INDEX screenings_subject;
CREATE INDEX screenings_subject ON screenings (subject_id, id) WHERE subject_id <> '';

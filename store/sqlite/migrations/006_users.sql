-- Named users (see clearance.User), and API keys that belong to one.
-- disabled_count counts the times a user was disabled: APIKeyRevocations
-- adds it to the revoked keys, so servers caching keys notice a disabled
-- owner as they notice a revoked key. (Numbered 006 to leave 005 to the
-- hire tables; Migrate applies whatever it has not seen, gaps or not.)
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('screen', 'analyst', 'reviewer', 'admin')),
	disabled INTEGER NOT NULL DEFAULT 0,
	disabled_count INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	totp_secret TEXT NOT NULL DEFAULT '',
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	oidc_issuer TEXT,
	oidc_subject TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (oidc_issuer, oidc_subject)
);
CREATE INDEX users_email ON users (lower(email));

-- SQLite cannot change a CHECK constraint in place: the keys table is
-- rebuilt to allow the reviewer role and to gain its owner.
CREATE TABLE api_keys_new (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('screen', 'analyst', 'reviewer', 'admin')),
	hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	owner_id TEXT REFERENCES users (id)
);
INSERT INTO api_keys_new (id, name, role, hash, created_at, revoked_at)
	SELECT id, name, role, hash, created_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
CREATE INDEX api_keys_owner ON api_keys (owner_id);

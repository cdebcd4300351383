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
	disabled_count BIGINT NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	totp_secret TEXT NOT NULL DEFAULT '',
	totp_last_step BIGINT NOT NULL DEFAULT 0,
	oidc_issuer TEXT,
	oidc_subject TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (oidc_issuer, oidc_subject)
);
CREATE INDEX users_email ON users (lower(email));

ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('screen', 'analyst', 'reviewer', 'admin'));
ALTER TABLE api_keys ADD COLUMN owner_id TEXT REFERENCES users (id);
CREATE INDEX api_keys_owner ON api_keys (owner_id);

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/clearance-screening/clearance"
)

const keyCols = "id, name, role, hash, created_at, revoked_at, owner_id"

// keyOwnerCols are keyCols of api_keys k joined with the owner's users u.
const keyOwnerCols = "k.id, k.name, k.role, k.hash, k.created_at, k.revoked_at, k.owner_id, COALESCE(u.username, '')"

const keysWithOwners = " FROM api_keys k LEFT JOIN users u ON u.id = k.owner_id"

func scanKey(r scanner) (clearance.APIKey, error) {
	return scanKeyInto(r)
}

// scanKeyOwner scans keyOwnerCols.
func scanKeyOwner(r scanner) (clearance.APIKey, error) {
	var owner string
	k, err := scanKeyInto(r, &owner)
	k.Owner = owner
	return k, err
}

func scanKeyInto(r scanner, more ...any) (clearance.APIKey, error) {
	var k clearance.APIKey
	var role string
	var created, revoked sql.NullInt64
	var owner sql.NullString
	if err := r.Scan(append([]any{&k.ID, &k.Name, &role, &k.Hash, &created, &revoked, &owner}, more...)...); err != nil {
		return k, err
	}
	k.Role = clearance.Role(role)
	k.CreatedAt, k.RevokedAt = fromMicros(created), fromMicros(revoked)
	k.OwnerID = owner.String
	return k, nil
}

// CreateAPIKey implements clearance.Store.
func (s *Store) CreateAPIKey(ctx context.Context, actor string, k *clearance.APIKey) error {
	if err := checkRole(k.Role); err != nil {
		return s.wrap("create API key", err)
	}
	if k.Hash == "" {
		return s.wrap("create API key", fmt.Errorf("%w: no hash", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		created := *k
		created.ID = newID("key", t.now)
		created.CreatedAt, created.RevokedAt, created.Owner = t.now, time.Time{}, ""
		if created.OwnerID != "" {
			// A key acts for its owner: an enabled user, whose role allows
			// the key's.
			u, err := t.user(created.OwnerID)
			switch {
			case errors.Is(err, clearance.ErrNotFound):
				return fmt.Errorf("%w: owner %s: no such user", clearance.ErrInvalid, created.OwnerID)
			case err != nil:
				return err
			case u.Disabled:
				return fmt.Errorf("%w: owner %s is disabled", clearance.ErrInvalid, u.Username)
			case !u.Role.Allows(created.Role):
				return fmt.Errorf("%w: a %s key for %s, whose role is %s: a key may not do more than its owner", clearance.ErrInvalid, created.Role, u.Username, u.Role)
			}
		}
		if _, err := t.exec("INSERT INTO api_keys ("+keyCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			created.ID, created.Name, string(created.Role), created.Hash, micros(created.CreatedAt), micros(created.RevokedAt), nullString(created.OwnerID)); err != nil {
			return err
		}
		// The record holds the key as its row reads (owner ID, not name),
		// which VerifyAudit compares the row with.
		if err := t.auditData(actor, clearance.ActionKeyCreated, "key:"+created.ID, keyAudit{created, hashDigest(created.Hash)}); err != nil {
			return err
		}
		if created.OwnerID != "" {
			u, _ := t.user(created.OwnerID)
			created.Owner = u.Username
		}
		*k = created
		return nil
	})
	return s.wrap("create API key", err)
}

// APIKeyByHash implements clearance.Store.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (clearance.APIKey, error) {
	k, err := scanKeyOwner(s.db.QueryRowContext(ctx, s.q("SELECT "+keyOwnerCols+keysWithOwners+" WHERE k.hash = ? AND k.revoked_at IS NULL AND (k.owner_id IS NULL OR u.disabled = 0)"), hash))
	return k, s.wrap("API key", notFound(err))
}

// ListAPIKeys implements clearance.Store.
func (s *Store) ListAPIKeys(ctx context.Context) ([]clearance.APIKey, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+keyOwnerCols+keysWithOwners+" ORDER BY k.id")
	if err != nil {
		return nil, s.wrap("list API keys", err)
	}
	defer rows.Close()
	var out []clearance.APIKey
	for rows.Next() {
		k, err := scanKeyOwner(rows)
		if err != nil {
			return nil, s.wrap("list API keys", err)
		}
		out = append(out, k)
	}
	return out, s.wrap("list API keys", rows.Err())
}

// RevokeAPIKey implements clearance.Store.
func (s *Store) RevokeAPIKey(ctx context.Context, actor string, id string) error {
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", micros(t.now), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFound(sql.ErrNoRows)
		}
		return t.auditData(actor, clearance.ActionKeyRevoked, "key:"+id, map[string]string{"id": id})
	})
	return s.wrap("revoke API key "+id, err)
}

// APIKeyRevocations implements clearance.Store.
func (s *Store) APIKeyRevocations(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NOT NULL) + (SELECT CAST(COALESCE(SUM(disabled_count), 0) AS BIGINT) FROM users)").Scan(&n)
	return n, s.wrap("count revoked API keys", err)
}

// Stats implements clearance.Store.
func (s *Store) Stats(ctx context.Context) (clearance.StoreStats, error) {
	st := clearance.StoreStats{Alerts: map[clearance.AlertStatus]int64{}, Writes: s.committed.Load(), Commits: s.commits.Load()}
	for _, c := range []struct {
		query string
		dst   *int64
	}{
		{"SELECT COUNT(*) FROM subjects", &st.Subjects},
		{"SELECT COUNT(*) FROM screenings", &st.Screenings},
		{"SELECT COUNT(*) FROM webhooks WHERE delivered_at IS NULL", &st.OutboxPending},
		{"SELECT seq FROM audit_head WHERE id = 1", &st.AuditRecords},
	} {
		if err := s.db.QueryRowContext(ctx, c.query).Scan(c.dst); err != nil {
			return st, s.wrap("stats", err)
		}
	}
	rows, err := s.db.QueryContext(ctx, "SELECT status, COUNT(*) FROM alerts GROUP BY status")
	if err != nil {
		return st, s.wrap("stats", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return st, s.wrap("stats", err)
		}
		st.Alerts[clearance.AlertStatus(status)] = n
	}
	return st, s.wrap("stats", rows.Err())
}

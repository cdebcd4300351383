package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/clearance-screening/clearance"
)

const keyCols = "id, name, role, hash, created_at, revoked_at"

func scanKey(r scanner) (clearance.APIKey, error) {
	var k clearance.APIKey
	var role string
	var created, revoked sql.NullInt64
	if err := r.Scan(&k.ID, &k.Name, &role, &k.Hash, &created, &revoked); err != nil {
		return k, err
	}
	k.Role = clearance.Role(role)
	k.CreatedAt, k.RevokedAt = fromMicros(created), fromMicros(revoked)
	return k, nil
}

// CreateAPIKey implements clearance.Store.
func (s *Store) CreateAPIKey(ctx context.Context, actor string, k *clearance.APIKey) error {
	switch {
	case !k.Role.Allows(clearance.RoleScreen):
		return s.wrap("create API key", fmt.Errorf("%w: role %q (want screen, analyst, reviewer or admin)", clearance.ErrInvalid, k.Role))
	case k.Hash == "":
		return s.wrap("create API key", fmt.Errorf("%w: no hash", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		created := *k
		created.ID = newID("key", t.now)
		created.CreatedAt, created.RevokedAt = t.now, time.Time{}
		if _, err := t.exec("INSERT INTO api_keys ("+keyCols+") VALUES (?, ?, ?, ?, ?, ?)",
			created.ID, created.Name, string(created.Role), created.Hash, micros(created.CreatedAt), micros(created.RevokedAt)); err != nil {
			return err
		}
		if err := t.auditData(actor, clearance.ActionKeyCreated, "key:"+created.ID, keyAudit{created, hashDigest(created.Hash)}); err != nil {
			return err
		}
		*k = created
		return nil
	})
	return s.wrap("create API key", err)
}

// APIKeyByHash implements clearance.Store.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (clearance.APIKey, error) {
	k, err := scanKey(s.db.QueryRowContext(ctx, s.q("SELECT "+keyCols+" FROM api_keys WHERE hash = ? AND revoked_at IS NULL"), hash))
	return k, s.wrap("API key", notFound(err))
}

// ListAPIKeys implements clearance.Store.
func (s *Store) ListAPIKeys(ctx context.Context) ([]clearance.APIKey, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+keyCols+" FROM api_keys ORDER BY id")
	if err != nil {
		return nil, s.wrap("list API keys", err)
	}
	defer rows.Close()
	var out []clearance.APIKey
	for rows.Next() {
		k, err := scanKey(rows)
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
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NOT NULL").Scan(&n)
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

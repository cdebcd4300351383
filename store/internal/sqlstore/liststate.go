package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/clearance-screening/clearance"
)

// SaveListState implements clearance.Store. The entity versions are kept
// as one JSON object: they are written and read whole, once per list
// change, and one row keeps the write a single statement in both
// databases however many entities the lists hold.
func (s *Store) SaveListState(ctx context.Context, st *clearance.ListState, r *clearance.AuditRecord) error {
	if st.Version == "" {
		return s.wrap("save list state", fmt.Errorf("%w: no version", clearance.ErrInvalid))
	}
	entities := st.Entities
	if entities == nil {
		entities = map[string]string{}
	}
	data := mustJSON(entities) // outside the writer: a few MB for all the lists
	var saved time.Time
	err := s.write(ctx, func(t *tx) error {
		if _, err := t.exec(`INSERT INTO list_state (id, version, entities, saved_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, entities = excluded.entities, saved_at = excluded.saved_at`,
			st.Version, data, micros(t.now)); err != nil {
			return err
		}
		if r != nil {
			rec := *r
			if err := t.audit(&rec); err != nil {
				return err
			}
			*r = rec
		}
		saved = t.now
		return nil
	})
	if err == nil {
		st.SavedAt = saved
	}
	return s.wrap("save list state", err)
}

// LoadListState implements clearance.Store.
func (s *Store) LoadListState(ctx context.Context) (clearance.ListState, error) {
	var st clearance.ListState
	var entities string
	var saved sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT version, entities, saved_at FROM list_state WHERE id = 1").Scan(&st.Version, &entities, &saved)
	if err != nil {
		return st, s.wrap("load list state", notFound(err))
	}
	if err := json.Unmarshal([]byte(entities), &st.Entities); err != nil {
		return st, s.wrap("load list state", fmt.Errorf("entities: %v", err))
	}
	st.SavedAt = fromMicros(saved)
	return st, nil
}

// ListVersion returns the version of the list state last saved (by any
// instance on the database), or ErrNotFound if none was; unlike
// LoadListState it does not read the entities, so instances can poll it.
func (s *Store) ListVersion(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT version FROM list_state WHERE id = 1").Scan(&v)
	if err != nil {
		return "", s.wrap("load list version", notFound(err))
	}
	return v, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/clearance-screening/clearance"
)

var _ clearance.HireStore = (*Store)(nil)

const hirePersonCols = "id, record, aggregate, result, risk, flagged, cluster, updated_at"

func scanHirePerson(r scanner) (clearance.HirePerson, error) {
	var p clearance.HirePerson
	var record, agg, result string
	var updated sql.NullInt64
	if err := r.Scan(&p.ID, &record, &agg, &result, &p.Risk, &p.Flagged, &p.Cluster, &updated); err != nil {
		return p, err
	}
	p.Record = json.RawMessage(record)
	if agg != "" {
		p.Aggregate = json.RawMessage(agg)
	}
	if result != "" {
		p.Result = json.RawMessage(result)
	}
	p.UpdatedAt = fromMicros(updated)
	return p, nil
}

// SaveHire implements clearance.HireStore.
func (s *Store) SaveHire(ctx context.Context, w *clearance.HireWrite) ([]clearance.Alert, error) {
	for i, p := range w.People {
		if p.ID == "" || len(p.Record) == 0 {
			return nil, s.wrap("save hire", fmt.Errorf("%w: person %d has no id or no record", clearance.ErrInvalid, i))
		}
	}
	persons := make([]string, 0, len(w.Identifiers))
	for id := range w.Identifiers {
		persons = append(persons, id)
	}
	sort.Strings(persons)
	var opened []clearance.Alert
	var version int64
	err := s.write(ctx, func(t *tx) error {
		opened = nil
		res, err := t.exec("UPDATE hire_state SET version = version + 1 WHERE id = 1 AND version = ?", w.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("%w: the hire population changed since version %d was read", clearance.ErrConflict, w.Version)
		}
		version = w.Version + 1
		for _, p := range w.People {
			if _, err := t.exec(`INSERT INTO hire_people (`+hirePersonCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET record = excluded.record, aggregate = excluded.aggregate, result = excluded.result,
risk = excluded.risk, flagged = excluded.flagged, cluster = excluded.cluster, updated_at = excluded.updated_at`,
				p.ID, string(p.Record), string(p.Aggregate), string(p.Result), p.Risk, p.Flagged, p.Cluster, micros(t.now)); err != nil {
				return fmt.Errorf("person %s: %v", p.ID, err)
			}
		}
		for _, id := range persons {
			if _, err := t.exec("DELETE FROM hire_identifiers WHERE person = ?", id); err != nil {
				return err
			}
			seen := map[[2]string]bool{}
			for _, ident := range w.Identifiers[id] {
				k := [2]string{ident.Kind, ident.Value}
				if ident.Kind == "" || ident.Value == "" || seen[k] {
					continue
				}
				seen[k] = true
				if _, err := t.exec("INSERT INTO hire_identifiers (kind, value, person) VALUES (?, ?, ?)", ident.Kind, ident.Value, id); err != nil {
					return fmt.Errorf("identifier of %s: %v", id, err)
				}
			}
		}
		for _, id := range w.DeleteClusters {
			if _, err := t.exec("DELETE FROM hire_clusters WHERE id = ?", id); err != nil {
				return err
			}
		}
		for _, c := range w.Clusters {
			if _, err := t.exec(`INSERT INTO hire_clusters (id, members, body) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET members = excluded.members, body = excluded.body`, c.ID, mustJSON(c.Members), string(c.Body)); err != nil {
				return fmt.Errorf("cluster %s: %v", c.ID, err)
			}
		}
		for _, f := range w.Flagged {
			a, err := t.openHireAlert(w.Actor, f, w.Notify)
			if err != nil {
				return err
			}
			if a != nil {
				opened = append(opened, *a)
			}
		}
		return nil
	})
	if err == nil {
		w.Version = version
	}
	return opened, s.wrap("save hire", err)
}

// HireVersion implements clearance.HireStore.
func (s *Store) HireVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, s.q("SELECT version FROM hire_state WHERE id = 1")).Scan(&v)
	return v, s.wrap("hire version", err)
}

// openHireAlert opens an alert on a newly flagged person unless one is
// open already: one open alert per person, however often they are
// assessed again.
func (t *tx) openHireAlert(actor string, f clearance.HireFlag, notify []string) (*clearance.Alert, error) {
	var n int
	if err := t.queryRow("SELECT COUNT(*) FROM alerts WHERE kind = ? AND person_id = ? AND status = 'open'", clearance.AlertKindHire, f.Person).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	a := clearance.Alert{ID: newID("alt", t.now), Kind: clearance.AlertKindHire, PersonID: f.Person, Score: f.Risk,
		Status: clearance.AlertOpen, CreatedAt: t.now}
	if err := t.recordOpened(actor, &a, notify); err != nil {
		return nil, err
	}
	return &a, nil
}

// GetHirePerson implements clearance.HireStore.
func (s *Store) GetHirePerson(ctx context.Context, id string) (clearance.HirePerson, error) {
	p, err := scanHirePerson(s.db.QueryRowContext(ctx, s.q("SELECT "+hirePersonCols+" FROM hire_people WHERE id = ?"), id))
	return p, s.wrap("hire person "+id, notFound(err))
}

// EachHirePerson implements clearance.HireStore.
func (s *Store) EachHirePerson(ctx context.Context, fn func(clearance.HirePerson) error) error {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+hirePersonCols+" FROM hire_people ORDER BY id"))
	if err != nil {
		return s.wrap("hire people", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanHirePerson(rows)
		if err != nil {
			return s.wrap("hire people", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return s.wrap("hire people", rows.Err())
}

// HireIdentifiersOf implements clearance.HireStore.
func (s *Store) HireIdentifiersOf(ctx context.Context, person string) ([]clearance.HireIdentifier, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT kind, value, person FROM hire_identifiers WHERE person = ? ORDER BY kind, value"), person)
	if err != nil {
		return nil, s.wrap("hire identifiers of "+person, err)
	}
	defer rows.Close()
	var out []clearance.HireIdentifier
	for rows.Next() {
		var h clearance.HireIdentifier
		if err := rows.Scan(&h.Kind, &h.Value, &h.Person); err != nil {
			return nil, s.wrap("hire identifiers of "+person, err)
		}
		out = append(out, h)
	}
	return out, s.wrap("hire identifiers of "+person, rows.Err())
}

// HireHolders implements clearance.HireStore.
func (s *Store) HireHolders(ctx context.Context, kind, value string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT person FROM hire_identifiers WHERE kind = ? AND value = ? ORDER BY person"), kind, value)
	if err != nil {
		return nil, s.wrap("hire holders", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, s.wrap("hire holders", err)
		}
		out = append(out, p)
	}
	return out, s.wrap("hire holders", rows.Err())
}

// GetHireCluster implements clearance.HireStore.
func (s *Store) GetHireCluster(ctx context.Context, id string) (clearance.HireCluster, error) {
	var c clearance.HireCluster
	var members, body string
	err := s.db.QueryRowContext(ctx, s.q("SELECT id, members, body FROM hire_clusters WHERE id = ?"), id).Scan(&c.ID, &members, &body)
	if err != nil {
		return c, s.wrap("hire cluster "+id, notFound(err))
	}
	if err := json.Unmarshal([]byte(members), &c.Members); err != nil {
		return c, s.wrap("hire cluster "+id, err)
	}
	c.Body = json.RawMessage(body)
	return c, nil
}

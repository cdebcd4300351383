package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance"
)

const subjectCols = "id, ref, query, created_at, updated_at"

type scanner interface{ Scan(dest ...any) error }

func scanSubject(r scanner) (clearance.Subject, error) {
	var sub clearance.Subject
	var query string
	var created, updated sql.NullInt64
	if err := r.Scan(&sub.ID, &sub.Ref, &query, &created, &updated); err != nil {
		return sub, err
	}
	if err := json.Unmarshal([]byte(query), &sub.Query); err != nil {
		return sub, fmt.Errorf("subject %s: query: %v", sub.ID, err)
	}
	sub.CreatedAt, sub.UpdatedAt = fromMicros(created), fromMicros(updated)
	return sub, nil
}

func checkRef(ref string) error {
	if strings.TrimSpace(ref) == "" {
		return fmt.Errorf("%w: empty ref", clearance.ErrInvalid)
	}
	return nil
}

// CreateSubject implements clearance.Store.
func (s *Store) CreateSubject(ctx context.Context, actor string, sub *clearance.Subject) error {
	if err := checkRef(sub.Ref); err != nil {
		return s.wrap("create subject", err)
	}
	err := s.write(ctx, func(t *tx) error {
		created := *sub
		created.ID = newID("sub", t.now)
		created.CreatedAt, created.UpdatedAt = t.now, t.now
		if _, err := t.exec("INSERT INTO subjects ("+subjectCols+") VALUES (?, ?, ?, ?, ?)",
			created.ID, created.Ref, mustJSON(created.Query), micros(created.CreatedAt), micros(created.UpdatedAt)); err != nil {
			return err
		}
		if err := t.auditData(actor, clearance.ActionSubjectCreated, "subject:"+created.ID, created); err != nil {
			return err
		}
		*sub = created
		return nil
	})
	return s.wrap("create subject "+sub.Ref, err)
}

// GetSubject implements clearance.Store.
func (s *Store) GetSubject(ctx context.Context, id string) (clearance.Subject, error) {
	sub, err := scanSubject(s.db.QueryRowContext(ctx, s.q("SELECT "+subjectCols+" FROM subjects WHERE id = ?"), id))
	return sub, s.wrap("subject "+id, notFound(err))
}

// SubjectByRef implements clearance.Store.
func (s *Store) SubjectByRef(ctx context.Context, ref string) (clearance.Subject, error) {
	sub, err := scanSubject(s.db.QueryRowContext(ctx, s.q("SELECT "+subjectCols+" FROM subjects WHERE ref = ?"), ref))
	return sub, s.wrap("subject ref "+ref, notFound(err))
}

// UpdateSubject implements clearance.Store.
func (s *Store) UpdateSubject(ctx context.Context, actor string, sub *clearance.Subject) error {
	if err := checkRef(sub.Ref); err != nil {
		return s.wrap("update subject "+sub.ID, err)
	}
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE subjects SET ref = ?, query = ?, updated_at = ? WHERE id = ?",
			sub.Ref, mustJSON(sub.Query), micros(t.now), sub.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFound(errors.Join(err, sql.ErrNoRows))
		}
		updated, err := scanSubject(t.queryRow("SELECT "+subjectCols+" FROM subjects WHERE id = ?", sub.ID))
		if err != nil {
			return err
		}
		if err := t.auditData(actor, clearance.ActionSubjectUpdated, "subject:"+sub.ID, updated); err != nil {
			return err
		}
		*sub = updated
		return nil
	})
	return s.wrap("update subject "+sub.ID, err)
}

// DeleteSubject implements clearance.Store.
func (s *Store) DeleteSubject(ctx context.Context, actor string, id string) error {
	err := s.write(ctx, func(t *tx) error {
		var ref string
		if err := t.queryRow("SELECT ref FROM subjects WHERE id = ?", id).Scan(&ref); err != nil {
			return notFound(err)
		}
		if _, err := t.exec("DELETE FROM subjects WHERE id = ?", id); err != nil {
			return err
		}
		return t.auditData(actor, clearance.ActionSubjectDeleted, "subject:"+id, map[string]string{"id": id, "ref": ref})
	})
	return s.wrap("delete subject "+id, err)
}

// ListSubjects implements clearance.Store.
func (s *Store) ListSubjects(ctx context.Context, opts clearance.ListOptions) ([]clearance.Subject, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+subjectCols+" FROM subjects WHERE id > ? ORDER BY id LIMIT ?"), opts.After, limit(opts.Limit))
	if err != nil {
		return nil, s.wrap("list subjects", err)
	}
	defer rows.Close()
	var out []clearance.Subject
	for rows.Next() {
		sub, err := scanSubject(rows)
		if err != nil {
			return nil, s.wrap("list subjects", err)
		}
		out = append(out, sub)
	}
	return out, s.wrap("list subjects", rows.Err())
}

// notFound maps sql.ErrNoRows to clearance.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return clearance.ErrNotFound
	}
	return err
}

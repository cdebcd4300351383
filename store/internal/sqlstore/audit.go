package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"github.com/clearance-screening/clearance"
)

const auditCols = "seq, time, actor, action, object, data, prev_hash, hash"

func scanAudit(r scanner) (clearance.AuditRecord, error) {
	var rec clearance.AuditRecord
	var at sql.NullInt64
	var data string
	if err := r.Scan(&rec.Seq, &at, &rec.Actor, &rec.Action, &rec.Object, &data, &rec.PrevHash, &rec.Hash); err != nil {
		return rec, err
	}
	rec.Time = fromMicros(at)
	if data != "" {
		rec.Data = json.RawMessage(data)
	}
	return rec, nil
}

// AppendAudit implements clearance.Store.
func (s *Store) AppendAudit(ctx context.Context, r *clearance.AuditRecord) error {
	if r.Action == "" {
		return s.wrap("append audit", fmt.Errorf("%w: no action", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		rec := *r
		if err := t.audit(&rec); err != nil {
			return err
		}
		*r = rec
		return nil
	})
	return s.wrap("append audit", err)
}

// ListAudit implements clearance.Store.
func (s *Store) ListAudit(ctx context.Context, afterSeq int64, n int) ([]clearance.AuditRecord, error) {
	var out []clearance.AuditRecord
	err := s.eachAudit(ctx, afterSeq, int64(limit(n)), func(r clearance.AuditRecord) error {
		out = append(out, r)
		return nil
	})
	return out, s.wrap("list audit", err)
}

// eachAudit calls fn for up to n records after afterSeq (all if n < 0).
func (s *Store) eachAudit(ctx context.Context, afterSeq, n int64, fn func(clearance.AuditRecord) error) error {
	query, args := "SELECT "+auditCols+" FROM audit WHERE seq > ? ORDER BY seq", []any{afterSeq}
	if n >= 0 {
		query += " LIMIT ?"
		args = append(args, n)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportAudit implements clearance.Store.
func (s *Store) ExportAudit(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	err := s.eachAudit(ctx, 0, -1, func(r clearance.AuditRecord) error { return enc.Encode(r) })
	if err == nil {
		err = bw.Flush()
	}
	return s.wrap("export audit", err)
}

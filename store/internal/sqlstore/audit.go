package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

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

// VerifyAudit implements clearance.Store. It reads the chain head first and
// checks the records up to it, so it needs no transaction (and blocks no
// writer): records at or below a committed head never change legitimately.
// Besides the chain (see clearance.AuditChecker) it compares each audited
// screening's row with the row hash its record holds, and the trail with
// the store's checkpoint file. It never writes: verifying a trail must not
// seal or checkpoint what it finds.
func (s *Store) VerifyAudit(ctx context.Context) (clearance.AuditVerification, error) {
	var headSeq, keyedFrom int64
	var headHash string
	if err := s.db.QueryRowContext(ctx, "SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash, &keyedFrom); err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit: read head", err)
	}
	cps, haveFile, err := s.readCheckpoints()
	if err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit: checkpoints", err)
	}
	c := clearance.NewAuditChecker(s.audit.Key, cps)
	c.KeyedFromHint(keyedFrom)
	rows := &rowChecker{s: s, c: c}
	err = s.eachAudit(ctx, 0, headSeq, func(r clearance.AuditRecord) error {
		if c.Broken() {
			return errStop
		}
		c.Add(r)
		if r.Action == clearance.ActionScreeningCreated && !c.Broken() {
			return rows.add(ctx, r)
		}
		return nil
	})
	if err == nil || errors.Is(err, errStop) {
		err = rows.flush(ctx)
	}
	if err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit", err)
	}
	v := c.Finish(true, headSeq, headHash)
	if s.audit.CheckpointFile != "" && s.audit.Key != nil && !haveFile && v.Records > 0 {
		v.Notes = append(v.Notes, "the checkpoint file "+s.audit.CheckpointFile+" does not exist")
	}
	if rows.unhashed > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d screenings were audited before records held their row's hash: their rows were not compared", rows.unhashed))
	}
	return v, nil
}

var errStop = errors.New("stop")

// rowChecker compares audited screenings with their rows, a few hundred
// rows a query.
type rowChecker struct {
	s        *Store
	c        *clearance.AuditChecker
	pending  []pendingRow
	unhashed int
}

type pendingRow struct {
	seq          int64
	id, wantHash string
}

const rowBatch = 200

func (rc *rowChecker) add(ctx context.Context, r clearance.AuditRecord) error {
	var rec struct {
		ID      string `json:"id"`
		RowHash string `json:"row_hash"`
	}
	if json.Unmarshal(r.Data, &rec) != nil || rec.ID == "" {
		rc.c.Fail(r.Seq, "the screening record's data does not name a screening")
		return nil
	}
	if rec.RowHash == "" {
		rc.unhashed++
		return nil
	}
	rc.pending = append(rc.pending, pendingRow{r.Seq, rec.ID, rec.RowHash})
	if len(rc.pending) >= rowBatch {
		return rc.flush(ctx)
	}
	return nil
}

func (rc *rowChecker) flush(ctx context.Context) error {
	if len(rc.pending) == 0 {
		return nil
	}
	args := make([]any, len(rc.pending))
	for i, p := range rc.pending {
		args[i] = p.id
	}
	query := "SELECT " + screeningCols + " FROM screenings WHERE id IN (?" + strings.Repeat(", ?", len(args)-1) + ")"
	rows, err := rc.s.db.QueryContext(ctx, rc.s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := make(map[string]string, len(args))
	for rows.Next() {
		var r screeningRow
		var created sql.NullInt64
		if err := rows.Scan(&r.ID, &r.SubjectID, &r.Query, &r.Matches, &r.Threshold, &r.ListVersion, &r.EntityVersions, &created, &r.By); err != nil {
			return err
		}
		got[r.ID] = rowHash(r.ID, created.Int64, r.bodyHash())
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range rc.pending {
		h, ok := got[p.id]
		switch {
		case !ok:
			rc.c.Fail(p.seq, fmt.Sprintf("screening %s is missing from the screenings table", p.id))
		case h != p.wantHash:
			rc.c.Fail(p.seq, fmt.Sprintf("screening %s's row differs from the row this record hashed: the row was changed", p.id))
		}
	}
	rc.pending = rc.pending[:0]
	return nil
}

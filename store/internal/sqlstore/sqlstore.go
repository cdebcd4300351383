// Package sqlstore implements clearance.Store over database/sql for both
// SQLite and PostgreSQL. The two differ only in a few details (placeholder
// syntax, row locks, how a unique violation is reported, whether writers are
// serialised in-process), which a Dialect supplies; everything else — the
// alert rules, the audit chain, the outbox — is written once here so the two
// backends cannot drift apart.
package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clearance-screening/clearance"
)

// Dialect is what differs between the databases.
type Dialect struct {
	Name string
	// Dollar rewrites "?" placeholders as $1, $2, ... (PostgreSQL).
	Dollar bool
	// ForUpdate is appended to the audit-head read that starts every audited
	// write, and SkipLocked to the outbox claim: row locks in PostgreSQL,
	// empty in SQLite where a write transaction already excludes others.
	ForUpdate, SkipLocked string
	// SerializeWrites makes writers in this process take turns before
	// beginning a transaction. SQLite allows one writer; without this,
	// writers would wait in SQLite's busy handler, which sleeps in steps of
	// up to 100 ms.
	SerializeWrites bool
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(err error) bool
}

// Store is a clearance.Store on a database whose schema has been migrated.
type Store struct {
	db      *sql.DB
	d       Dialect
	writeMu sync.Mutex
	queries sync.Map // SQL as written -> SQL for the dialect
	// Now is the clock; tests may replace it before use.
	Now func() time.Time
}

var _ clearance.Store = (*Store)(nil)

// New returns a Store on db. Close closes db.
func New(db *sql.DB, d Dialect) *Store {
	return &Store{db: db, d: d, Now: time.Now}
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// q adapts a statement written with "?" placeholders to the dialect.
func (s *Store) q(query string) string {
	if !s.d.Dollar {
		return query
	}
	if v, ok := s.queries.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	s.queries.Store(query, b.String())
	return b.String()
}

// now is the store's clock at the precision both databases keep.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Times are stored as Unix microseconds in both databases: one encoding,
// exact round trips (the audit hash covers them), NULL for the zero time.
func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMicro(n.Int64).UTC()
}

// lastIDMicros is the time part of the last ID made in this process.
var lastIDMicros atomic.Int64

// newID returns prefix_ followed by a time in hex and random bits, so IDs
// sort by creation time and pages ordered by ID are stable. The time part
// is made strictly increasing within the process, so IDs made in one
// transaction (which share its clock reading) keep their order too.
func newID(prefix string, at time.Time) string {
	us := at.UnixMicro()
	for {
		last := lastIDMicros.Load()
		if us <= last {
			us = last + 1
		}
		if lastIDMicros.CompareAndSwap(last, us) {
			break
		}
		us = at.UnixMicro()
	}
	var r [6]byte
	if _, err := rand.Read(r[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return fmt.Sprintf("%s_%014x%s", prefix, us, hex.EncodeToString(r[:]))
}

func limit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sqlstore: marshal %T: %v", v, err)) // only plain domain types are marshalled
	}
	return string(b)
}

// wrap turns a unique violation into ErrConflict and adds context.
func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, clearance.ErrNotFound) || errors.Is(err, clearance.ErrConflict) || errors.Is(err, clearance.ErrInvalid) {
		return fmt.Errorf("%s: %w", what, err)
	}
	if s.d.IsUnique != nil && s.d.IsUnique(err) {
		return fmt.Errorf("%s: %w: %v", what, clearance.ErrConflict, err)
	}
	return fmt.Errorf("%s: %v", what, err)
}

// tx is a write transaction with the audit chain head locked.
type tx struct {
	s        *Store
	tx       *sql.Tx
	now      time.Time
	seq      int64
	hash     string
	appended bool
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.s.q(query), args...)
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.s.q(query), args...)
}

// write runs fn in a transaction that may append audit records. Reading
// the chain head FOR UPDATE first serialises audited writers in PostgreSQL
// (and across processes sharing the database), so sequence numbers have no
// gaps and every record links to the one committed before it.
func (s *Store) write(ctx context.Context, fn func(t *tx) error) error {
	if s.d.SerializeWrites {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &tx{s: s, tx: sqlTx, now: s.now()}
	defer sqlTx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if err := t.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+s.d.ForUpdate).Scan(&t.seq, &t.hash); err != nil {
		return fmt.Errorf("read audit head: %v", err)
	}
	if err := fn(t); err != nil {
		return err
	}
	if t.appended {
		if _, err := t.exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", t.seq, t.hash); err != nil {
			return fmt.Errorf("update audit head: %v", err)
		}
	}
	return sqlTx.Commit()
}

// audit appends a record to the chain inside the transaction.
func (t *tx) audit(ctx context.Context, r *clearance.AuditRecord) error {
	if len(r.Data) > 0 {
		var b bytes.Buffer
		if err := json.Compact(&b, r.Data); err != nil {
			return fmt.Errorf("audit %s: data: %w: %v", r.Action, clearance.ErrInvalid, err)
		}
		r.Data = json.RawMessage(b.String())
	}
	r.Seq = t.seq + 1
	r.Time = t.now
	r.PrevHash = t.hash
	r.Hash = r.ComputeHash()
	if _, err := t.exec(ctx, `INSERT INTO audit (seq, time, actor, action, object, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, micros(r.Time), r.Actor, r.Action, r.Object, string(r.Data), r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("append audit %s: %v", r.Action, err)
	}
	t.seq, t.hash, t.appended = r.Seq, r.Hash, true
	return nil
}

// auditData is a shorthand for an audit record of a change made in t.
func (t *tx) auditData(ctx context.Context, actor, action, object string, data any) error {
	return t.audit(ctx, &clearance.AuditRecord{Actor: actor, Action: action, Object: object, Data: json.RawMessage(mustJSON(data))})
}

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
	"hash"
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
	// Snapshot begins the read-only transaction VerifyAudit reads in, so
	// the head, the records and the rows it compares are of one moment:
	// "BEGIN" in SQLite (deferred: a WAL reader, blocking no writer), a
	// repeatable-read, read-only transaction in PostgreSQL.
	Snapshot string
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(err error) bool
}

// Store is a clearance.Store on a database whose schema has been migrated.
type Store struct {
	db      *sql.DB
	d       Dialect
	writes  chan *writeReq // to the writer goroutine; see write
	quit    chan struct{}  // closed by Close
	stopped chan struct{}  // closed when the writer has stopped
	queries sync.Map       // SQL as written -> SQL for the dialect
	stmts   sync.Map       // SQL as written -> *sql.Stmt
	// committed and commits count committed writes and their transactions.
	committed, commits atomic.Int64
	// Now is the clock; tests may replace it before use.
	Now func() time.Time

	// audit keys the trail and says where checkpoints go; mac is the
	// writer's HMAC of the chain key (nil without a key), and keyChecked
	// says the writer has checked its key against the trail's last keyed
	// record. Both belong to the writer goroutine.
	audit      clearance.AuditConfig
	mac        hash.Hash
	keyChecked bool
	cp         *checkpointer // nil unless the store writes checkpoints
}

var _ clearance.Store = (*Store)(nil)

// New returns a Store on db whose audit trail is kept as audit says.
// Close closes db.
func New(db *sql.DB, d Dialect, audit clearance.AuditConfig) *Store {
	s := &Store{db: db, d: d, Now: time.Now, writes: make(chan *writeReq), quit: make(chan struct{}), stopped: make(chan struct{}), audit: audit}
	if audit.Key != nil {
		s.mac = audit.Key.NewChainMAC()
		if audit.WriteCheckpoints {
			s.cp = newCheckpointer(audit)
		}
	}
	go s.writer()
	return s
}

// Close closes the database.
func (s *Store) Close() error {
	select {
	case <-s.quit:
		return nil // closed before
	default:
	}
	close(s.quit)
	<-s.stopped
	if s.cp != nil {
		s.cp.close() // the last checkpoint, of what this store committed
	}
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

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

// tx is a write transaction with the audit chain head locked. Its
// statements take no context: once a write has started it runs to the end
// (see write).
type tx struct {
	s        *Store
	tx       *sql.Tx
	ctx      context.Context
	now      time.Time
	seq      int64
	hash     string
	appended bool
	// keyedFrom is the head's keyed_from: the first keyed record, 0 while
	// none is.
	keyedFrom int64
}

// prepared returns the statement prepared on the database, preparing it
// the first time. Writes run the same few statements over and over;
// preparing them once saves SQLite parsing each one again (a sixth of a
// SaveScreening's time when it did).
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, err
	}
	if v, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := t.s.prepared(t.ctx, query)
	if err != nil {
		return nil, err
	}
	return t.tx.StmtContext(t.ctx, st).ExecContext(t.ctx, args...)
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	st, err := t.s.prepared(t.ctx, query)
	if err != nil {
		// Let the error surface from Scan, as QueryRow's do.
		return t.tx.QueryRowContext(t.ctx, t.s.q(query), args...)
	}
	return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
}

// audit appends a record to the chain inside the transaction.
func (t *tx) audit(r *clearance.AuditRecord) error {
	if len(r.Data) > 0 {
		var b bytes.Buffer
		if err := json.Compact(&b, r.Data); err != nil {
			return fmt.Errorf("audit %s: data: %w: %v", r.Action, clearance.ErrInvalid, err)
		}
		r.Data = json.RawMessage(b.String())
	}
	return t.appendAudit(r, marshalled(r.Data))
}

// appendAudit links r to the chain and inserts it. marshalled says r.Data
// is compact json.Marshal output, whose hash auditHash computes cheaply.
func (t *tx) appendAudit(r *clearance.AuditRecord, marshalled bool) error {
	r.Seq = t.seq + 1
	r.Time = t.now
	r.PrevHash = t.hash
	switch {
	case marshalled:
		r.Hash = auditHash(r, t.s.mac)
	case t.s.audit.Key != nil:
		r.Hash = r.ComputeMAC(t.s.audit.Key)
	default:
		r.Hash = r.ComputeHash()
	}
	if _, err := t.exec(`INSERT INTO audit (seq, time, actor, action, object, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, micros(r.Time), r.Actor, r.Action, r.Object, string(r.Data), r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("audit %s: %v", r.Action, err)
	}
	t.seq, t.hash, t.appended = r.Seq, r.Hash, true
	return nil
}

// auditData is a shorthand for an audit record of a change made in t.
func (t *tx) auditData(actor, action, object string, data any) error {
	return t.auditJSON(actor, action, object, []byte(mustJSON(data)))
}

// auditJSON appends a record whose data is json.Marshal output.
func (t *tx) auditJSON(actor, action, object string, data []byte) error {
	r := clearance.AuditRecord{Actor: actor, Action: action, Object: object, Data: data}
	return t.appendAudit(&r, marshalled(data))
}

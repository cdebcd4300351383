package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clearance-screening/clearance"
)

// Every write goes through one goroutine per Store, which commits the
// writes waiting for it together in one transaction. Both databases
// serialise writers anyway (SQLite has one writer; in PostgreSQL every
// audited write locks the chain head), so a transaction per write would pay
// a commit — WAL frames and locks in SQLite, an fsync in PostgreSQL — per
// write, one after another. Grouping pays it once per batch, and a write is
// still acknowledged only after its commit.
//
// A batch first runs every write straight in the transaction. If one
// fails, the transaction is rolled back and the batch runs again with each
// write in a savepoint of its own, so the failing one is undone alone. Write
// functions must therefore be safe to run twice: they set their results
// from what the transaction gives them, not from what an earlier run left.
// Failures are rare on the hot path (a screening insert fails only with the
// database), and the savepoints cost two statements per write — in
// PostgreSQL two round trips — every time.

// maxBatch bounds the writes in one transaction, so a burst does not keep
// the first of them waiting for the rest.
const maxBatch = 256

// The writer waits a little for more writes before committing while it
// is busy, the way PostgreSQL's commit_delay does: a commit costs about the
// same for one write as for thirty, and when writes queue behind each other
// the wait is paid back many times over. It never waits when the previous
// batch was a lone write, so a quiet service answers at once. Waiting also
// leaves the CPU to the requests that are about to write, where committing
// at once would spend it on commits of one or two writes each.
//
// groupWait was chosen with BenchmarkScreenAPI (16 clients, 2 cores):
// 150 µs, 300 µs, 600 µs and 1 ms gave about 6,000, 6,700, 5,900 and
// 5,100 recorded screenings a second; 300 µs also gathers 25 to 40 writes
// a transaction from 64 writers (5 to 8 without waiting).
const groupWait = 300 * time.Microsecond

// ErrClosed is returned by writes to a closed Store.
var ErrClosed = errors.New("store closed")

type writeReq struct {
	ctx  context.Context
	fn   func(t *tx) error
	done chan error
}

// errRetry makes the fast pass over a batch give up for the savepoint pass.
var errRetry = errors.New("retry with savepoints")

// write runs fn in a write transaction with the audit chain head read (and
// in PostgreSQL locked), so audit records get gapless sequence numbers and
// each links to the one committed before it. fn's statements run to the
// end even if ctx is cancelled once fn has started: cancelling a statement
// can abort the whole transaction, and with it other callers' writes. fn
// may run more than once (see above); only the last run is committed.
func (s *Store) write(ctx context.Context, fn func(t *tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.writes <- req:
	case <-s.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.done // not ctx.Done: the caller must learn whether it committed
}

func (s *Store) writer() {
	defer close(s.stopped)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	last := 0
	for {
		var batch []*writeReq
		select {
		case r := <-s.writes:
			batch = append(batch, r)
		case <-s.quit:
			return
		}
		if batch = s.drain(batch); last > 1 {
			timer.Reset(groupWait)
		wait:
			for len(batch) < maxBatch {
				select {
				case r := <-s.writes:
					batch = s.drain(append(batch, r))
				case <-timer.C:
					break wait
				case <-s.quit:
					break wait
				}
			}
			timer.Stop()
		}
		last = len(batch)
		s.commit(batch)
	}
}

// drain adds the writes already waiting to batch, up to maxBatch.
func (s *Store) drain(batch []*writeReq) []*writeReq {
	for len(batch) < maxBatch {
		select {
		case r := <-s.writes:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// commit runs the batch in one transaction and tells each writer how it went.
func (s *Store) commit(batch []*writeReq) {
	errs := make([]error, len(batch))
	err := s.runBatch(batch, errs, false)
	if errors.Is(err, errRetry) {
		clear(errs)
		err = s.runBatch(batch, errs, true)
	}
	for i, r := range batch {
		if errs[i] == nil && err != nil {
			errs[i] = fmt.Errorf("commit: %v", err)
		}
		r.done <- errs[i]
	}
}

// runBatch runs the writes in one transaction, each in a savepoint when
// savepoints is set; without, it returns errRetry as soon as one fails.
func (s *Store) runBatch(batch []*writeReq, errs []error, savepoints bool) error {
	ctx := context.Background()
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback() //nolint:errcheck // after Commit this is a no-op
	t := &tx{s: s, tx: sqlTx, ctx: ctx}
	if err := t.queryRow("SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1"+s.d.ForUpdate).Scan(&t.seq, &t.hash, &t.keyedFrom); err != nil {
		return fmt.Errorf("read audit head: %v", err)
	}
	if err := t.keyChain(); err != nil {
		return err
	}
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		t.now = s.now()
		if !savepoints {
			if errs[i] = r.fn(t); errs[i] != nil {
				return errRetry
			}
			ok++
			continue
		}
		if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
			return err
		}
		seq, hash, appended := t.seq, t.hash, t.appended
		if errs[i] = r.fn(t); errs[i] != nil {
			t.seq, t.hash, t.appended = seq, hash, appended
			if _, err := sqlTx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT write"); err != nil {
				return err
			}
		} else {
			ok++
		}
		if _, err := sqlTx.ExecContext(ctx, "RELEASE SAVEPOINT write"); err != nil {
			return err
		}
	}
	if ok == 0 {
		return nil
	}
	if t.appended {
		if _, err := t.exec("UPDATE audit_head SET seq = ?, hash = ?, keyed_from = ? WHERE id = 1", t.seq, t.hash, t.keyedFrom); err != nil {
			return fmt.Errorf("update audit head: %v", err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	if t.appended && s.cp != nil {
		s.cp.committed(t.seq, t.hash)
	}
	s.committed.Add(int64(ok))
	s.commits.Add(1)
	return nil
}

// keyChain makes the batch's records chain on as the store's key says,
// before any is appended. A store without a key may add unkeyed records
// only to a trail that has no keyed one. A store with a key checks once
// that the trail's last record is keyed with it (a second instance started
// with another key file must not append records no one can verify); on a
// trail of unkeyed records it first appends an ActionAuditKeyed record,
// keyed, which seals them: from then on none of them can change unnoticed.
func (t *tx) keyChain() error {
	s := t.s
	switch {
	case s.audit.Key == nil && t.keyedFrom != 0:
		return fmt.Errorf("the audit trail is keyed from record %d and this store has no audit key: give the key file (--audit-key)", t.keyedFrom)
	case s.audit.Key == nil:
		return nil
	case t.keyedFrom == 0 && t.seq == 0:
		t.keyedFrom = 1
		return nil
	case t.keyedFrom == 0:
		t.keyedFrom = t.seq + 1
		t.now = s.now()
		return t.auditData("clearance", clearance.ActionAuditKeyed, "audit", map[string]any{
			"unkeyed_records": t.seq, "unkeyed_head": t.hash,
		})
	case !s.keyChecked:
		last, err := scanAudit(t.queryRow("SELECT "+auditCols+" FROM audit WHERE seq = ?", t.seq))
		if err != nil {
			return fmt.Errorf("read audit record %d: %v", t.seq, err)
		}
		if last.Hash != last.ComputeMAC(s.audit.Key) {
			return fmt.Errorf("the audit key does not match the trail: record %d, keyed, is not keyed with it (another key file, or the record was changed)", t.seq)
		}
		s.keyChecked = true
	}
	return nil
}

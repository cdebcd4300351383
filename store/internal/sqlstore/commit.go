package sqlstore

import (
	"context"
	"errors"
	"fmt"
)

// Every write goes through one goroutine per Store, which commits the
// writes waiting for it together: one transaction, each write in a
// savepoint of its own so one failing does not undo the others. Both
// databases serialise writers anyway (SQLite has one writer; in PostgreSQL
// every audited write locks the chain head), so a transaction per write
// would pay a commit — WAL frames and locks in SQLite, an fsync in
// PostgreSQL — per write, one after another. Grouping pays it once per
// batch, and a write is still acknowledged only after its commit.

// maxBatch bounds the writes in one transaction, so a burst does not keep
// the first of them waiting for the rest.
const maxBatch = 128

// ErrClosed is returned by writes to a closed Store.
var ErrClosed = errors.New("store closed")

type writeReq struct {
	ctx  context.Context
	fn   func(t *tx) error
	done chan error
}

// write runs fn in a write transaction with the audit chain head read (and
// in PostgreSQL locked), so audit records get gapless sequence numbers and
// each links to the one committed before it. fn's statements run to the
// end even if ctx is cancelled once fn has started: cancelling a statement
// can abort the whole transaction, and with it other callers' writes.
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
	for {
		var batch []*writeReq
		select {
		case r := <-s.writes:
			batch = append(batch, r)
		case <-s.quit:
			return
		}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-s.writes:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.commit(batch)
	}
}

// commit runs the batch in one transaction and tells each writer how it went.
func (s *Store) commit(batch []*writeReq) {
	errs := make([]error, len(batch))
	err := func() error {
		ctx := context.Background()
		sqlTx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer sqlTx.Rollback() //nolint:errcheck // after Commit this is a no-op
		t := &tx{s: s, tx: sqlTx, ctx: ctx}
		if err := t.queryRow("SELECT seq, hash FROM audit_head WHERE id = 1"+s.d.ForUpdate).Scan(&t.seq, &t.hash); err != nil {
			return fmt.Errorf("read audit head: %v", err)
		}
		ok := 0
		for i, r := range batch {
			if err := r.ctx.Err(); err != nil {
				errs[i] = err
				continue
			}
			if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
				return err
			}
			seq, hash, appended := t.seq, t.hash, t.appended
			t.now = s.now()
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
			if _, err := t.exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", t.seq, t.hash); err != nil {
				return fmt.Errorf("update audit head: %v", err)
			}
		}
		return sqlTx.Commit()
	}()
	for i, r := range batch {
		if errs[i] == nil && err != nil {
			errs[i] = fmt.Errorf("commit: %v", err)
		}
		r.done <- errs[i]
	}
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, as store/sqlite opens it

	"github.com/clearance-screening/clearance"
)

// openSQLite opens a Store on a fresh SQLite file with store/sqlite's
// migrations (that package cannot be imported here: it imports this one).
func openSQLite(t *testing.T) *Store {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "t.db")+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	if err := Migrate(context.Background(), db, os.DirFS("../../sqlite"), "migrations", ""); err != nil {
		t.Fatal(err)
	}
	s := New(db, Dialect{Name: "sqlite"}, clearance.AuditConfig{})
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAFailingWriteIsUndoneAloneInItsBatch(t *testing.T) {
	s := openSQLite(t)
	boom := errors.New("boom")
	write := func(object string, fail bool) *writeReq {
		return &writeReq{ctx: context.Background(), done: make(chan error, 1), fn: func(t *tx) error {
			// The failing write has already appended a record (and moved
			// the chain head in memory) when it fails.
			if err := t.auditJSON("test", clearance.ActionListsUpdated, object, []byte(`{}`)); err != nil {
				return err
			}
			if fail {
				return boom
			}
			return nil
		}}
	}
	batch := []*writeReq{write("first", false), write("failing", true), write("third", false)}
	s.commit(batch)
	for i, want := range []error{nil, boom, nil} {
		if err := <-batch[i].done; !errors.Is(err, want) {
			t.Errorf("write %d: got %v, want %v", i, err, want)
		}
	}
	recs, err := s.ListAudit(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Object != "first" || recs[1].Object != "third" || recs[1].Seq != 2 {
		t.Fatalf("audit trail %+v, want the first and third writes only", recs)
	}
	if v, err := s.VerifyAudit(context.Background()); err != nil || v.FirstBroken != 0 {
		t.Fatalf("verify: %+v %v", v, err)
	}
	if st, _ := s.Stats(context.Background()); st.Writes != 2 || st.Commits != 1 {
		t.Errorf("stats count %d writes in %d commits, want 2 in 1", st.Writes, st.Commits)
	}
}

// TestWritesWaitingTogetherCommitTogether holds the writer busy while 64
// writes queue behind it, then lets it go: the queued writes must be
// committed in a few transactions, not one each. The writer is held by a
// write of its own, so the test does not depend on the machine's speed.
func TestWritesWaitingTogetherCommitTogether(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	blocker := make(chan error, 1)
	go func() {
		blocker <- s.write(ctx, func(t *tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	before, _ := s.Stats(ctx)
	const n = 64
	var queued atomic.Int64
	errs := make(chan error, n)
	for i := range n {
		go func() {
			queued.Add(1)
			errs <- s.write(ctx, func(t *tx) error {
				return t.auditJSON("test", clearance.ActionListsUpdated, fmt.Sprint(i), []byte(`{}`))
			})
		}()
	}
	for queued.Load() < n {
		runtime.Gosched()
	}
	close(release)
	if err := <-blocker; err != nil {
		t.Fatal(err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	after, _ := s.Stats(ctx)
	writes, commits := after.Writes-before.Writes, after.Commits-before.Commits
	// The blocker's own write and transaction count too.
	if writes != n+1 || commits-1 > n/8 {
		t.Errorf("%d writes took %d transactions, want %d queued writes in at most %d after the blocker's", writes, commits, n, n/8)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.FirstBroken != 0 {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

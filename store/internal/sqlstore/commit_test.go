package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
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
	s := New(db, Dialect{Name: "sqlite"})
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

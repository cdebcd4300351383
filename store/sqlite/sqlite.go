// Package sqlite stores the screening service's state in one SQLite file
// (pure Go, no cgo): the default store of `clearance serve`.
//
// The file runs in WAL mode so readers never wait for the writer, and every
// transaction begins IMMEDIATE so a writer takes the write lock before it
// reads the audit chain head (a deferred transaction could read, then fail
// to upgrade). synchronous=NORMAL in WAL mode keeps every committed
// transaction through a crash of the process; only a power loss or OS crash
// can lose the last few commits.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a clearance.Store in an SQLite file.
type DB struct {
	*sqlstore.Store
	sql     *sql.DB
	stop    chan struct{} // closed by Close
	stopped chan struct{} // closed when the checkpointer has stopped
}

// checkpointEvery is how often the WAL is copied back into the database
// file in the background.
const checkpointEvery = 50 * time.Millisecond

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. Its audit trail is unkeyed: see OpenWith.
func Open(path string) (*DB, error) {
	return OpenWith(path, clearance.AuditConfig{})
}

// OpenWith is Open with the audit trail keyed and checkpointed as audit
// says.
func OpenWith(path string, audit clearance.AuditConfig) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %v", path, err)
	}
	if err := sqlstore.Migrate(context.Background(), db, migrations, "migrations", ""); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %v", path, err)
	}
	d := &DB{
		Store: sqlstore.New(db, sqlstore.Dialect{Name: "sqlite", IsUnique: isUnique, Snapshot: "BEGIN"}, audit),
		sql:   db, stop: make(chan struct{}), stopped: make(chan struct{}),
	}
	go d.checkpointer()
	return d, nil
}

// checkpointer copies committed pages from the WAL into the database file
// off the writer's path. SQLite would otherwise do it in the committing
// connection (every 1000 pages by default), which holds up the single
// writer, and every write queued behind it, for the copy and two fsyncs.
// The automatic checkpoint stays on as a backstop; with this one keeping
// up, it finds little or nothing left to copy. A passive checkpoint never
// blocks the writer or readers.
func (db *DB) checkpointer() {
	defer close(db.stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			db.sql.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)") //nolint:errcheck // the next tick tries again
		}
	}
}

// Close stops the checkpointer and closes the store and the database.
func (db *DB) Close() error {
	select {
	case <-db.stop:
	default:
		close(db.stop)
		<-db.stopped
	}
	return db.Store.Close()
}

func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

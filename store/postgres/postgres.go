// Package postgres stores the screening service's state in PostgreSQL, for
// teams that run several instances of `clearance serve` on one database.
//
// Audited writers serialise on a row lock on the audit chain head (SELECT
// ... FOR UPDATE), which holds across processes; the webhook outbox is
// claimed with FOR UPDATE SKIP LOCKED so instances share the deliveries.
// A Cluster elects the one instance that refreshes the lists (an advisory
// lock) and tells the others when it records a new list version
// (LISTEN/NOTIFY, from a trigger of migration 004).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is an arbitrary advisory lock key held while migrating, so
// instances starting together do not race to create the schema.
const migrationLock = "SELECT pg_advisory_xact_lock(7463206817)"

// DB is a clearance.Store in a PostgreSQL database.
type DB struct {
	*sqlstore.Store
	sql *sql.DB
}

// Open connects to the database at url (postgres://user:pass@host/db?...;
// a search_path parameter selects the schema) and brings its schema up to
// date. Its audit trail is unkeyed: see OpenWith.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenWith(ctx, url, clearance.AuditConfig{})
}

// OpenWith is Open with the audit trail keyed and checkpointed as audit
// says. Every instance on one database needs the same key.
func OpenWith(ctx context.Context, url string, audit clearance.AuditConfig) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %v", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %v", err)
	}
	if err := sqlstore.Migrate(ctx, db, migrations, "migrations", migrationLock); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %v", err)
	}
	return &DB{
		Store: sqlstore.New(db, sqlstore.Dialect{Name: "postgres", Dollar: true, ForUpdate: " FOR UPDATE", SkipLocked: " FOR UPDATE SKIP LOCKED", IsUnique: isUnique,
			Snapshot: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"}, audit),
		sql: db,
	}, nil
}

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

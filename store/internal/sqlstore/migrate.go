package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrate applies the migrations in dir of fsys that the database has not
// seen, in order, each in its own transaction together with its row in
// schema_version. Files are named NNN_description.sql. lockSQL, if not
// empty, runs first in each transaction to keep several processes from
// migrating at once (PostgreSQL); SQLite's write lock does that already.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, dir, lockSQL string) error {
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"); err != nil {
		return fmt.Errorf("migrate: create schema_version: %v", err)
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return fmt.Errorf("migrate: %v", err)
	}
	type migration struct {
		version int
		name    string
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || n <= 0 {
			return fmt.Errorf("migrate: %s: name must start with a positive version number", base)
		}
		ms = append(ms, migration{n, name})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for _, m := range ms {
		if err := applyMigration(ctx, db, fsys, m.version, m.name, lockSQL); err != nil {
			return fmt.Errorf("migrate %s: %v", path.Base(m.name), err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, fsys fs.FS, version int, name, lockSQL string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if lockSQL != "" {
		if _, err := tx.ExecContext(ctx, lockSQL); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_version WHERE version = "+strconv.Itoa(version)).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	script, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version, applied_at) VALUES ("+strconv.Itoa(version)+", "+strconv.FormatInt(nowMicros(), 10)+")"); err != nil {
		return err
	}
	return tx.Commit()
}

func nowMicros() int64 { return time.Now().UnixMicro() }

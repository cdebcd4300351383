package postgres

import "context"

// ExecRawForTest lets the shared suite tamper with rows behind the store's
// back (storetest.RawExecer). It exists only in this package's tests.
func (db *DB) ExecRawForTest(ctx context.Context, stmt string) error {
	_, err := db.sql.ExecContext(ctx, stmt)
	return err
}

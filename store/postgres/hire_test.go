package postgres_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/postgres"
	"github.com/clearance-screening/clearance/store/storetest"
)

// TestHireStore runs the remote-hire part of the shared suite against
// $CLEARANCE_TEST_POSTGRES, a schema per test as TestStore does.
func TestHireStore(t *testing.T) {
	base := os.Getenv("CLEARANCE_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CLEARANCE_TEST_POSTGRES is not set: CI must start PostgreSQL (.ci/run does)")
		}
		t.Skip("CLEARANCE_TEST_POSTGRES is not set; run store/postgres/ci-setup.sh and export the URL it prints")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	storetest.RunHire(t, func(t *testing.T) func(clearance.AuditConfig) (clearance.Store, error) {
		u := freshSchema(t, admin, base)
		return func(audit clearance.AuditConfig) (clearance.Store, error) {
			return postgres.OpenWith(context.Background(), u, audit)
		}
	})
}

package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/postgres"
	"github.com/clearance-screening/clearance/store/storetest"
)

// TestStore runs the shared suite against the server in
// $CLEARANCE_TEST_POSTGRES (store/postgres/ci-setup.sh prints one). Each
// test gets a schema of its own, dropped afterwards, so runs and tests do
// not see each other's rows.
func TestStore(t *testing.T) {
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
	t.Cleanup(func() { admin.Close() }) // not defer: the suite's tests run in parallel, after TestStore returns
	if err := admin.Ping(); err != nil {
		t.Fatalf("CLEARANCE_TEST_POSTGRES=%s: %v", base, err)
	}
	storetest.Run(t, func(t *testing.T) func(clearance.AuditConfig) (clearance.Store, error) {
		u := freshSchema(t, admin, base)
		return func(audit clearance.AuditConfig) (clearance.Store, error) {
			return postgres.OpenWith(context.Background(), u, audit)
		}
	})
}

func BenchmarkSaveScreening(b *testing.B) {
	base := os.Getenv("CLEARANCE_TEST_POSTGRES")
	if base == "" {
		b.Skip("CLEARANCE_TEST_POSTGRES is not set")
	}
	storetest.Benchmark(b, func(b *testing.B) clearance.Store {
		return openFresh(b, base)
	})
}

// freshSchema creates a schema that is dropped when the test ends and
// returns base with search_path set to it.
func freshSchema(tb testing.TB, admin *sql.DB, base string) string {
	var r [6]byte
	rand.Read(r[:])
	schema := "test_" + hex.EncodeToString(r[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openFresh(b *testing.B, base string) clearance.Store {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admin.Close() })
	// Keyed and checkpointed, as `clearance serve` opens it.
	s, err := postgres.OpenWith(context.Background(), freshSchema(b, admin, base), clearance.AuditConfig{Key: storetest.TestAuditKey(b),
		CheckpointFile: filepath.Join(b.TempDir(), "checkpoints.jsonl"), WriteCheckpoints: true})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

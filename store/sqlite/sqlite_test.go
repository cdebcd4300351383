package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/sqlite"
	"github.com/clearance-screening/clearance/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(clearance.AuditConfig) (clearance.Store, error) {
		path := filepath.Join(t.TempDir(), "clearance.db")
		return func(audit clearance.AuditConfig) (clearance.Store, error) { return sqlite.OpenWith(path, audit) }
	})
}

func BenchmarkSaveScreening(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) clearance.Store {
		// Keyed and checkpointed, as `clearance serve` opens it.
		dir := b.TempDir()
		s, err := sqlite.OpenWith(filepath.Join(dir, "bench.db"), clearance.AuditConfig{Key: storetest.TestAuditKey(b),
			CheckpointFile: filepath.Join(dir, "checkpoints.jsonl"), WriteCheckpoints: true})
		if err != nil {
			b.Fatal(err)
		}
		return s
	})
}

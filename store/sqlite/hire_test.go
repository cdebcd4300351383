package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/sqlite"
	"github.com/clearance-screening/clearance/store/storetest"
)

func TestHireStore(t *testing.T) {
	storetest.RunHire(t, func(t *testing.T) func(clearance.AuditConfig) (clearance.Store, error) {
		path := filepath.Join(t.TempDir(), "clearance.db")
		return func(audit clearance.AuditConfig) (clearance.Store, error) { return sqlite.OpenWith(path, audit) }
	})
}

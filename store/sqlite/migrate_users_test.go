package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/internal/sqlstore"
)

// TestKeysSurviveTheUsersMigration makes a database as it was before
// users (migrations up to 005), with a key in it, then opens it as today:
// 006 rebuilds the keys table (SQLite cannot change a CHECK in place),
// and the key must still be found, without an owner, and reviewer keys
// become possible.
func TestKeysSurviveTheUsersMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	for _, name := range names {
		if strings.Compare(filepath.Base(name), "006") < 0 {
			b, _ := fs.ReadFile(migrations, name)
			old[name] = &fstest.MapFile{Data: b}
		}
	}
	if err := sqlstore.Migrate(ctx, db, old, "migrations", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO api_keys (id, name, role, hash, created_at) VALUES ('key_old', 'old key', 'admin', ?, 1)", clearance.HashAPIKey("old-secret")); err != nil {
		t.Fatal(err)
	}
	db.Close()

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k, err := st.APIKeyByHash(ctx, clearance.HashAPIKey("old-secret"))
	if err != nil || k.ID != "key_old" || k.Role != clearance.RoleAdmin || k.OwnerID != "" || clearance.KeyActor(k) != "key:key_old (no owner)" {
		t.Fatalf("the old key after the migration: %+v, %v", k, err)
	}
	u := clearance.User{Username: "rita", Role: clearance.RoleReviewer}
	if err := st.CreateUser(ctx, "cli", &u); err != nil {
		t.Fatal(err)
	}
	rk := clearance.APIKey{Name: "review", Role: clearance.RoleReviewer, Hash: clearance.HashAPIKey("r"), OwnerID: u.ID}
	if err := st.CreateAPIKey(ctx, "cli", &rk); err != nil {
		t.Fatalf("a reviewer key after the migration: %v", err)
	}
	if err := st.ExecRawForTest(ctx, "UPDATE api_keys SET owner_id = 'usr_none' WHERE id = 'key_old'"); err == nil {
		t.Fatal("the rebuilt table lets a key name no user as owner (foreign key lost)")
	}
}

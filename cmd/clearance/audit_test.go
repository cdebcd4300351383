package main

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // to tamper with the file behind the store's back
)

// TestAuditVerifyUsesTheKeyAndCheckpointsBesideTheDatabase creates keys
// through the CLI (which makes the key file and leaves a checkpoint at
// close), verifies, cuts the end off the trail and moves the head back as
// someone with the database but not the key could, and verifies again.
func TestAuditVerifyUsesTheKeyAndCheckpointsBesideTheDatabase(t *testing.T) {
	env := builtinOnly(t)
	db := filepath.Join(t.TempDir(), "clearance.db")
	for _, role := range []string{"admin", "analyst", "screen"} {
		mustRun(t, env, "", "keys", "create", "--role", role, "--db", db)
	}
	fi, err := os.Stat(db + ".audit-key")
	if err != nil {
		t.Fatalf("keys create made no key file beside the database: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	out, _ := mustRun(t, env, "", "audit", "verify", "--db", db)
	if !strings.Contains(out, "audit trail intact: 3 records, keyed from record 1") {
		t.Fatalf("verify said %q", out)
	}
	mustRun(t, env, "", "audit", "export", "--db", db, "--out", filepath.Join(t.TempDir(), "x.jsonl"))

	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{"DELETE FROM audit WHERE seq = 3", "DELETE FROM api_keys WHERE role = 'screen'", "UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit WHERE seq = 2)"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err = runCLI(t, env, "", "audit", "verify", "--db", db)
	if !errors.Is(err, errAuditBroken) || !strings.Contains(out, "BROKEN at record 3") || !strings.Contains(out, "removed from the end") {
		t.Fatalf("verify after cutting the tail: %v %q", err, out)
	}
	// Without the checkpoints the same cut cannot show; verify says so.
	out, _, err = runCLI(t, env, "", "audit", "verify", "--db", db, "--checkpoints", filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || !strings.Contains(out, "note: no checkpoints compared") {
		t.Fatalf("verify without checkpoints: %v %q", err, out)
	}
	// Without the key nothing keyed is proven.
	if err := os.Rename(db+".audit-key", db+".moved"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, env, "", "audit", "verify", "--db", db)
	if !errors.Is(err, errAuditUnproven) || !strings.Contains(out, "NOT PROVEN") {
		t.Fatalf("verify without the key: %v %q", err, out)
	}
}

func TestAuditKeyFilesOthersCanReadAreRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "k")
	if err := os.WriteFile(path, []byte(strings.Repeat("ab", 32)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadAuditKey(path, false); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable key: %v", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadAuditKey(path, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("abcd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadAuditKey(path, false); err == nil {
		t.Fatal("a 2-byte key was accepted")
	}
	_, _, err := runCLI(t, nil, "", "keys", "list", "--db", "postgres://u@127.0.0.1:1/db")
	if err == nil || !strings.Contains(err.Error(), "--audit-key") {
		t.Fatalf("keys on PostgreSQL without a key file: %v", err)
	}
}

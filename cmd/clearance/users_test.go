package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pquerna/otp"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/sqlite"
)

func TestUsersCommand(t *testing.T) {
	env := builtinOnly(t)
	db := filepath.Join(t.TempDir(), "clearance.db")
	out, errOut := mustRun(t, env, "correct horse battery\n", "users", "create", "--username", "alice", "--role", "analyst", "--display-name", "Alice A", "--email", "alice@example.com", "--password-stdin", "--totp", "--db", db)
	k, err := otp.NewKeyFromURL(strings.TrimSpace(out))
	if err != nil || k.AccountName() != "alice" || k.Secret() == "" {
		t.Fatalf("create printed %q (%v), want the otpauth URI", out, err)
	}
	if !strings.Contains(errOut, "created analyst user alice") || !strings.Contains(errOut, "password and TOTP") {
		t.Fatalf("create said %q", errOut)
	}
	mustRun(t, env, "", "users", "create", "--username", "bob", "--role", "reviewer", "--db", db)

	for _, bad := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"create", "--username", "alice", "--role", "analyst"}, "conflict"},
		{"", []string{"create", "--username", "carol", "--role", "boss"}, `--role "boss"`},
		{"", []string{"create", "--username", "carol x", "--role", "analyst"}, "--username"},
		{"", []string{"create", "--role", "analyst"}, "--username and --role"},
		{"short\n", []string{"create", "--username", "carol", "--role", "analyst", "--password-stdin"}, "at least 12"},
		{"\n", []string{"create", "--username", "carol", "--role", "analyst", "--password-stdin"}, "empty"},
		{"", []string{"disable", "nobody"}, `no user "nobody"`},
		{"", []string{"disable"}, "want one username"},
	} {
		_, _, err := runCLI(t, env, bad.stdin, append(append([]string{"users"}, bad.args...), "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("users %v: %v, want an error naming %q", bad.args, err, bad.want)
		}
	}

	out, _ = mustRun(t, env, "", "--json", "users", "list", "--db", db)
	var list []clearance.User
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 2 || list[0].Username != "alice" || !list[0].TOTP || list[1].Role != clearance.RoleReviewer {
		t.Fatalf("users list --json: %v %s", err, out)
	}
	if strings.Contains(out, "argon2") || strings.Contains(out, k.Secret()) {
		t.Fatalf("users list shows a secret: %s", out)
	}
	out, _ = mustRun(t, env, "", "users", "list", "--db", db)
	if !strings.Contains(out, "password+totp") || !strings.Contains(out, "enabled") {
		t.Fatalf("users list: %s", out)
	}

	keyOut, keyErr := mustRun(t, env, "", "keys", "create", "--role", "analyst", "--owner", "alice", "--db", db)
	if !strings.Contains(keyErr, "for alice") {
		t.Fatalf("keys create --owner said %q", keyErr)
	}
	if _, _, err := runCLI(t, env, "", "keys", "create", "--role", "admin", "--owner", "bob", "--db", db); err == nil || !strings.Contains(err.Error(), "may not do more than its owner") {
		t.Fatalf("an admin key for a reviewer: %v", err)
	}
	mustRun(t, env, "", "users", "disable", "alice", "--db", db)
	out, _ = mustRun(t, env, "", "users", "list", "--db", db)
	if !strings.Contains(out, "disabled") {
		t.Fatalf("after disable: %s", out)
	}
	out, _ = mustRun(t, env, "", "keys", "list", "--db", db)
	if !strings.Contains(out, "alice") {
		t.Fatalf("keys list does not name the owner: %s", out)
	}

	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.APIKeyByHash(t.Context(), clearance.HashAPIKey(strings.TrimSpace(keyOut))); err == nil {
		t.Fatal("the key of a user disabled with the CLI is still found")
	}
	recs, err := st.ListAudit(t.Context(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range recs {
		actions = append(actions, r.Actor+" "+r.Action)
	}
	if got := strings.Join(actions, ", "); got != "cli user.created, cli user.created, cli key.created, cli user.disabled" {
		t.Fatalf("audit: %s", got)
	}
	if _, _, err := runCLI(t, env, "", "serve", "--db", db, "--addr", "127.0.0.1:0", "--oidc-issuer", "http://127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "--oidc-client-id") {
		t.Fatalf("serve with an incomplete OIDC client: %v", err)
	}
}

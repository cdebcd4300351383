package server

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// keyID returns the ID of the fixture's key with the role.
func (f *fixture) keyID(role clearance.Role) string {
	f.t.Helper()
	k, err := f.store.APIKeyByHash(context.Background(), clearance.HashAPIKey(f.keys[role]))
	if err != nil {
		f.t.Fatal(err)
	}
	return k.ID
}

// fakeClock is a settable clock for Config.now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestARevokedKeyIsRefusedAtOnceByTheServerThatRevokedIt(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	f := newFixture(t, Config{now: clock.now})
	screen := func() int {
		status, _ := f.do("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Kim Sang Man"}`)
		return status
	}
	if got := screen(); got != http.StatusOK {
		t.Fatalf("screening with the key before revoking it: %d", got)
	}
	// The clock stands still: nothing but the revocation may end the key.
	f.call("DELETE", "/v1/keys/"+f.keyID(clearance.RoleScreen), clearance.RoleAdmin, nil, http.StatusNoContent, nil)
	if got := screen(); got != http.StatusUnauthorized {
		t.Fatalf("screening with the key just revoked: %d, want 401", got)
	}
	f.call("DELETE", "/v1/keys/"+f.keyID(clearance.RoleAnalyst), clearance.RoleAnalyst, nil, http.StatusForbidden, nil)
	status, data := f.do("DELETE", "/v1/keys/key_nope", clearance.RoleAdmin, nil)
	if status != http.StatusNotFound || errorCode(t, data) != "not_found" {
		t.Errorf("revoking an unknown key: %d %s", status, data)
	}
}

func TestAKeyRevokedByAnotherProcessIsRefusedWithinTheRecheck(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	f := newFixture(t, Config{now: clock.now})
	screen := func() int {
		status, _ := f.do("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Kim Sang Man"}`)
		return status
	}
	if got := screen(); got != http.StatusOK {
		t.Fatalf("screening with the key: %d", got)
	}
	// As `clearance keys revoke` does: straight in the database.
	if err := f.store.RevokeAPIKey(context.Background(), "cli", f.keyID(clearance.RoleScreen)); err != nil {
		t.Fatal(err)
	}
	clock.advance(keyRecheck)
	if got := screen(); got != http.StatusUnauthorized {
		t.Fatalf("screening %v after another process revoked the key: %d, want 401", keyRecheck, got)
	}
}

func TestAdminsCreateAndListKeys(t *testing.T) {
	f := newFixture(t, Config{})
	var created keyCreated
	f.call("POST", "/v1/keys", clearance.RoleAdmin, `{"name":"payouts","role":"analyst"}`, http.StatusCreated, &created)
	if created.Key.Role != clearance.RoleAnalyst || created.Key.Name != "payouts" || created.Secret == "" {
		t.Fatalf("created %+v", created)
	}
	f.keys["new"] = created.Secret
	f.call("GET", "/v1/alerts", "new", nil, http.StatusOK, nil)
	f.call("POST", "/v1/keys", clearance.RoleAdmin, `{"role":"root"}`, http.StatusBadRequest, nil)
	f.call("POST", "/v1/keys", clearance.RoleAnalyst, `{"role":"admin"}`, http.StatusForbidden, nil)
	var keys []clearance.APIKey
	f.call("GET", "/v1/keys", clearance.RoleAdmin, nil, http.StatusOK, &keys)
	if len(keys) != 4 || keys[3].ID != created.Key.ID {
		t.Fatalf("listed %+v", keys)
	}
}

package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/clearance-screening/clearance"
)

// keyPrefix marks clearance API keys, so that secret scanners and people
// recognise one in a log or a repository.
const keyPrefix = "clk_"

// CreateKey makes a new random API key with the role, stores its hash and
// returns the secret, which is shown once and never stored.
func CreateKey(ctx context.Context, st clearance.Store, actor, name string, role clearance.Role) (string, clearance.APIKey, error) {
	if !role.Allows(clearance.RoleScreen) {
		return "", clearance.APIKey{}, fmt.Errorf("role %q: want admin, analyst or screen", role)
	}
	var b [32]byte
	rand.Read(b[:])
	secret := keyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	k := clearance.APIKey{Name: name, Role: role, Hash: clearance.HashAPIKey(secret)}
	if err := st.CreateAPIKey(ctx, actor, &k); err != nil {
		return "", k, err
	}
	return secret, k, nil
}

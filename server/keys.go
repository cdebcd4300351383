package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/clearance-screening/clearance"
)

// keyPrefix marks clearance API keys, so that secret scanners and people
// recognise one in a log or a repository.
const keyPrefix = "clk_"

// CreateKey makes a new random API key with the role, stores its hash and
// returns the secret, which is shown once and never stored.
func CreateKey(ctx context.Context, st clearance.Store, actor, name string, role clearance.Role) (string, clearance.APIKey, error) {
	return CreateOwnedKey(ctx, st, actor, name, role, "")
}

// RevokeKey revokes the key with the ID and makes this server refuse it
// from now on; other servers on the same database refuse it within
// keyRecheck (a second).
func (s *Server) RevokeKey(ctx context.Context, actor, id string) error {
	err := s.store.RevokeAPIKey(ctx, actor, id)
	if err == nil {
		s.forgetKeys()
	}
	return err
}

// keyCreated is the answer to POST /v1/keys: the only time the secret is shown.
type keyCreated struct {
	Key    clearance.APIKey `json:"key"`
	Secret string           `json:"secret"`
	// Warnings name what of the request was not used (unknown fields).
	Warnings []string `json:"warnings,omitempty"`
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name string         `json:"name"`
		Role clearance.Role `json:"role"`
		// Owner is the username the key belongs to; default the owner of
		// the key that asks (see users.go).
		Owner string `json:"owner"`
	}
	warnings, ok := s.decodeBodyFields(w, r, &in)
	if !ok {
		return
	}
	if !in.Role.Allows(clearance.RoleScreen) {
		writeError(w, http.StatusBadRequest, "invalid", fmt.Sprintf("role %q: want admin, reviewer, analyst or screen", in.Role))
		return
	}
	if in.Name == "" {
		in.Name = string(in.Role) + " key created by " + actor(r.Context())
	}
	owner, err := s.keyOwner(r.Context(), in.Owner)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	secret, k, err := CreateOwnedKey(r.Context(), s.store, actor(r.Context()), in.Name, in.Role, owner)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, keyCreated{Key: k, Secret: secret, Warnings: warnings})
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := s.store.ListAPIKeys(r.Context())
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if keys == nil {
		keys = []clearance.APIKey{}
	}
	writeJSON(w, http.StatusOK, keys)
}

func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request) {
	if err := s.RevokeKey(r.Context(), actor(r.Context()), r.PathValue("id")); err != nil {
		s.storeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

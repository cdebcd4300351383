package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

func userStore(t *testing.T, s clearance.Store) clearance.UserStore {
	t.Helper()
	us, ok := s.(clearance.UserStore)
	if !ok {
		t.Fatalf("%T does not implement clearance.UserStore", s)
	}
	return us
}

func testUsers(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	s := openStore(t, newDB)
	us := userStore(t, s)
	alice := clearance.User{Username: "alice", DisplayName: "Alice Analyst", Email: "Alice@Example.com", Role: clearance.RoleAnalyst, PasswordHash: "$argon2id$x", TOTPSecret: "JBSWY3DPEHPK3PXP"}
	must(t, us.CreateUser(ctx, "cli", &alice))
	if !strings.HasPrefix(alice.ID, "usr_") || alice.CreatedAt.IsZero() || !alice.TOTP {
		t.Fatalf("created user %+v", alice)
	}
	bob := clearance.User{Username: "bob", Email: "bob@example.com", Role: clearance.RoleReviewer, OIDCIssuer: "https://idp.example", OIDCSubject: "sub-bob"}
	must(t, us.CreateUser(ctx, "user:alice", &bob))
	wantErr(t, us.CreateUser(ctx, "cli", &clearance.User{Username: "alice", Role: clearance.RoleScreen}), clearance.ErrConflict, "a second alice")
	wantErr(t, us.CreateUser(ctx, "cli", &clearance.User{Username: "carol", Role: clearance.RoleScreen, OIDCIssuer: "https://idp.example", OIDCSubject: "sub-bob"}), clearance.ErrConflict, "a second user of bob's OIDC identity")
	wantErr(t, us.CreateUser(ctx, "cli", &clearance.User{Username: "root", Role: "root"}), clearance.ErrInvalid, "an unknown role")
	wantErr(t, us.CreateUser(ctx, "cli", &clearance.User{Username: "a b", Role: clearance.RoleScreen}), clearance.ErrInvalid, "a username with a space")
	wantErr(t, us.CreateUser(ctx, "cli", &clearance.User{Username: "dave", Role: clearance.RoleScreen, OIDCIssuer: "https://idp.example"}), clearance.ErrInvalid, "an issuer without a subject")

	got, err := us.UserByUsername(ctx, "alice")
	must(t, err)
	if got.ID != alice.ID || got.PasswordHash != "$argon2id$x" || got.TOTPSecret != "JBSWY3DPEHPK3PXP" || got.Role != clearance.RoleAnalyst || got.Email != "Alice@Example.com" {
		t.Fatalf("alice read back as %+v", got)
	}
	_, err = us.UserByUsername(ctx, "mallory")
	wantErr(t, err, clearance.ErrNotFound, "an unknown username")
	got, err = us.UserByOIDC(ctx, "https://idp.example", "sub-bob")
	must(t, err)
	if got.ID != bob.ID {
		t.Fatalf("bob's OIDC identity found %+v", got)
	}
	_, err = us.UserByOIDC(ctx, "https://other.example", "sub-bob")
	wantErr(t, err, clearance.ErrNotFound, "the subject at another issuer")
	byMail, err := us.UsersByEmail(ctx, "alice@EXAMPLE.com")
	must(t, err)
	if len(byMail) != 1 || byMail[0].ID != alice.ID {
		t.Fatalf("users by e-mail (any case): %+v", byMail)
	}
	if none, err := us.UsersByEmail(ctx, ""); err != nil || len(none) != 0 {
		t.Fatalf("users with no e-mail: %+v, %v", none, err)
	}

	must(t, us.LinkUserOIDC(ctx, "cli", alice.ID, "https://idp.example", "sub-alice"))
	wantErr(t, us.LinkUserOIDC(ctx, "cli", alice.ID, "https://idp.example", "sub-bob"), clearance.ErrConflict, "linking alice to bob's identity")
	if got, err := us.UserByOIDC(ctx, "https://idp.example", "sub-alice"); err != nil || got.ID != alice.ID {
		t.Fatalf("alice by her linked identity: %+v, %v", got, err)
	}

	// A TOTP code's time step is accepted once, and no earlier one after it.
	must(t, us.UseTOTPStep(ctx, alice.ID, 1000))
	wantErr(t, us.UseTOTPStep(ctx, alice.ID, 1000), clearance.ErrConflict, "the same TOTP step twice")
	wantErr(t, us.UseTOTPStep(ctx, alice.ID, 999), clearance.ErrConflict, "an earlier TOTP step")
	must(t, us.UseTOTPStep(ctx, alice.ID, 1001))
	wantErr(t, us.UseTOTPStep(ctx, "usr_none", 5), clearance.ErrNotFound, "a step of no user")
	// A new secret starts afresh.
	must(t, us.SetUserTOTP(ctx, "cli", alice.ID, "KRSXG5CTMVRXEZLU"))
	must(t, us.UseTOTPStep(ctx, alice.ID, 1000))
	must(t, us.SetUserPassword(ctx, "cli", alice.ID, "$argon2id$y"))
	if got, _ := us.GetUser(ctx, alice.ID); got.PasswordHash != "$argon2id$y" || got.TOTPSecret != "KRSXG5CTMVRXEZLU" {
		t.Fatalf("after changes alice is %+v", got)
	}

	d, err := us.SetUserDisabled(ctx, "user:bob", alice.ID, true)
	must(t, err)
	if !d.Disabled {
		t.Fatalf("disabled user reads %+v", d)
	}
	_, err = us.SetUserDisabled(ctx, "user:bob", alice.ID, true)
	wantErr(t, err, clearance.ErrConflict, "disabling twice")
	_, err = us.SetUserDisabled(ctx, "cli", "usr_none", true)
	wantErr(t, err, clearance.ErrNotFound, "disabling no user")
	if got, _ := us.GetUser(ctx, alice.ID); !got.Disabled {
		t.Fatalf("alice after disabling: %+v", got)
	}
	_, err = us.SetUserDisabled(ctx, "user:bob", alice.ID, false)
	must(t, err)
	must(t, us.AuditUser(ctx, "user:alice", clearance.ActionUserSignedIn, alice.ID, map[string]string{"method": "password"}))

	list, err := us.ListUsers(ctx)
	must(t, err)
	if len(list) != 2 || list[0].ID != alice.ID || list[1].ID != bob.ID {
		t.Fatalf("listed users %+v", list)
	}

	recs, err := s.ListAudit(ctx, 0, 0)
	must(t, err)
	var actions []string
	for _, r := range recs {
		actions = append(actions, r.Actor+" "+r.Action+" "+strings.SplitN(r.Object, "_", 2)[0])
		for _, secret := range []string{"$argon2id$", "JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU"} {
			if strings.Contains(string(r.Data), secret) {
				t.Fatalf("audit record %d holds a secret: %s", r.Seq, r.Data)
			}
		}
	}
	want := "cli user.created user:usr|user:alice user.created user:usr|cli user.updated user:usr|cli user.updated user:usr|cli user.updated user:usr|user:bob user.disabled user:usr|user:bob user.enabled user:usr|user:alice user.signed_in user:usr"
	if got := strings.Join(actions, "|"); got != want {
		t.Fatalf("audit records:\n got %s\nwant %s", got, want)
	}
	verifyOK(t, s)

	// Rows changed behind the store's back show in the verification.
	raw, ok := s.(RawExecer)
	if !ok {
		t.Fatalf("%T does not provide the ExecRawForTest hook", s)
	}
	for _, tc := range []struct{ what, set, undo string }{
		{"bob made admin", "role = 'admin'", "role = 'reviewer'"},
		{"bob's password hash swapped", "password_hash = '$argon2id$chosen'", "password_hash = ''"},
		{"bob disabled", "disabled = 1", "disabled = 0"},
	} {
		must(t, raw.ExecRawForTest(ctx, "UPDATE users SET "+tc.set+" WHERE username = 'bob'"))
		v, err := s.VerifyAudit(ctx)
		must(t, err)
		if v.FirstBroken == 0 || !strings.Contains(v.Problem, "user:"+bob.ID) {
			t.Errorf("%s: verification %+v, want the row named", tc.what, v)
		}
		must(t, raw.ExecRawForTest(ctx, "UPDATE users SET "+tc.undo+" WHERE username = 'bob'"))
	}
	verifyOK(t, s)
}

func testKeyOwners(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	s := openStore(t, newDB)
	us := userStore(t, s)
	alice := clearance.User{Username: "alice", Role: clearance.RoleReviewer}
	must(t, us.CreateUser(ctx, "cli", &alice))

	owned := clearance.APIKey{Name: "alice's script", Role: clearance.RoleReviewer, Hash: clearance.HashAPIKey("owned"), OwnerID: alice.ID}
	must(t, s.CreateAPIKey(ctx, "user:alice", &owned))
	if owned.Owner != "alice" || owned.OwnerID != alice.ID {
		t.Fatalf("created key %+v", owned)
	}
	ownerless := clearance.APIKey{Name: "old", Role: clearance.RoleAdmin, Hash: clearance.HashAPIKey("ownerless")}
	must(t, s.CreateAPIKey(ctx, "cli", &ownerless))
	wantErr(t, s.CreateAPIKey(ctx, "cli", &clearance.APIKey{Name: "x", Role: clearance.RoleAdmin, Hash: clearance.HashAPIKey("x"), OwnerID: alice.ID}), clearance.ErrInvalid, "a key stronger than its owner")
	wantErr(t, s.CreateAPIKey(ctx, "cli", &clearance.APIKey{Name: "x", Role: clearance.RoleScreen, Hash: clearance.HashAPIKey("y"), OwnerID: "usr_none"}), clearance.ErrInvalid, "a key of no user")

	got, err := s.APIKeyByHash(ctx, clearance.HashAPIKey("owned"))
	must(t, err)
	if got.ID != owned.ID || got.Owner != "alice" || got.Role != clearance.RoleReviewer {
		t.Fatalf("owned key found as %+v", got)
	}
	if a := clearance.KeyActor(got); a != "key:"+owned.ID+" (alice)" || clearance.ActorUser(a) != "alice" {
		t.Fatalf("owned key's actor %q", a)
	}

	n0, err := s.APIKeyRevocations(ctx)
	must(t, err)
	_, err = us.SetUserDisabled(ctx, "cli", alice.ID, true)
	must(t, err)
	_, err = s.APIKeyByHash(ctx, clearance.HashAPIKey("owned"))
	wantErr(t, err, clearance.ErrNotFound, "the key of a disabled owner")
	if n, _ := s.APIKeyRevocations(ctx); n != n0+1 {
		t.Fatalf("disabling the owner moved the revocation count from %d to %d, want +1 (key caches rely on it)", n0, n)
	}
	wantErr(t, s.CreateAPIKey(ctx, "cli", &clearance.APIKey{Name: "x", Role: clearance.RoleScreen, Hash: clearance.HashAPIKey("z"), OwnerID: alice.ID}), clearance.ErrInvalid, "a key for a disabled owner")
	if k, err := s.APIKeyByHash(ctx, clearance.HashAPIKey("ownerless")); err != nil || k.Owner != "" || clearance.KeyActor(k) != "key:"+ownerless.ID+" (no owner)" {
		t.Fatalf("a key without owner: %+v, %v", k, err)
	}
	_, err = us.SetUserDisabled(ctx, "cli", alice.ID, false)
	must(t, err)
	if _, err := s.APIKeyByHash(ctx, clearance.HashAPIKey("owned")); err != nil {
		t.Fatalf("the key after its owner is enabled again: %v", err)
	}
	if n, _ := s.APIKeyRevocations(ctx); n != n0+1 {
		t.Fatalf("enabling changed the revocation count to %d", n)
	}
	keys, err := s.ListAPIKeys(ctx)
	must(t, err)
	if len(keys) != 2 || keys[0].Owner != "alice" || keys[1].Owner != "" {
		t.Fatalf("listed keys %+v", keys)
	}
	verifyOK(t, s)
}

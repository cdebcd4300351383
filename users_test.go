package clearance

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not an argon2id PHC string with OWASP's parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"correct horse batterY", false}, {"", false}} {
		ok, err := CheckPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted the hash %q", bad)
		}
	}
	if _, err := HashPassword("short"); !errors.Is(err, ErrInvalid) {
		t.Errorf("a 5-character password: %v, want ErrInvalid", err)
	}
	if CheckUserPassword(nil, "x") || CheckUserPassword(&User{}, "") {
		t.Error("no user, or a user without a password, passed")
	}
	if !CheckUserPassword(&User{PasswordHash: h}, "correct horse battery") {
		t.Error("the right password failed")
	}
}

func TestActorUser(t *testing.T) {
	for actor, want := range map[string]string{
		"user:alice":                                "alice",
		"key:key_0a (alice)":                        "alice",
		"key:key_0a (no owner)":                     "",
		KeyActor(APIKey{ID: "key_1"}):               "",
		KeyActor(APIKey{ID: "key_1", Owner: "bob"}): "bob",
		"cli":     "",
		"monitor": "",
		"key_0a":  "",
	} {
		if got := ActorUser(actor); got != want {
			t.Errorf("ActorUser(%q) = %q, want %q", actor, got, want)
		}
	}
	if (User{Username: "alice"}).Actor() != "user:alice" {
		t.Error("User.Actor")
	}
}

func TestCheckUsername(t *testing.T) {
	for _, ok := range []string{"alice", "a.b-c_d@example.com", "Zoë", "7"} {
		if err := CheckUsername(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", " alice", "a b", ".alice", "a\x00", "alice:x", "(alice)", strings.Repeat("a", 65)} {
		if err := CheckUsername(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// BenchmarkCheckPassword is what one password sign-in costs in CPU.
func BenchmarkCheckPassword(b *testing.B) {
	h, _ := HashPassword("correct horse battery")
	for b.Loop() {
		CheckPassword(h, "correct horse battery")
	}
}

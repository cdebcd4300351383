package clearance

// This file holds the service's named users: the people who sign in to
// the web page (with a password and an optional TOTP second factor, or
// through OpenID Connect single sign-on) and who own API keys. Audit
// records name them: "user:alice" for a person signed in, "key:key_x
// (alice)" for a key and its owner.

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// User audit actions.
const (
	ActionUserCreated      = "user.created"
	ActionUserDisabled     = "user.disabled"
	ActionUserEnabled      = "user.enabled"
	ActionUserUpdated      = "user.updated" // password, TOTP or OIDC link changed
	ActionUserSignedIn     = "user.signed_in"
	ActionUserSigninFailed = "user.signin_failed"
)

// User is a named person. Secrets (the password hash, the TOTP secret)
// are never shown in JSON.
type User struct {
	ID          string `json:"id"`       // "usr_..."
	Username    string `json:"username"` // unique; what audit records name
	DisplayName string `json:"display_name,omitempty"`
	Email       string `json:"email,omitempty"`
	Role        Role   `json:"role"`
	Disabled    bool   `json:"disabled"`
	// PasswordHash is an argon2id PHC string (see HashPassword); "" means
	// the user cannot sign in with a password (single sign-on only).
	PasswordHash string `json:"-"`
	// TOTPSecret is the base32 RFC 6238 secret; "" means no second factor.
	TOTPSecret string `json:"-"`
	// TOTP says the user has a second factor.
	TOTP bool `json:"totp"`
	// OIDCIssuer and OIDCSubject link the user to a single sign-on
	// identity; both "" when none is linked.
	OIDCIssuer  string    `json:"oidc_issuer,omitempty"`
	OIDCSubject string    `json:"oidc_subject,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Actor is how audit records name the user.
func (u User) Actor() string { return "user:" + u.Username }

// KeyActor is how audit records name an API key: "key:ID (owner)", or
// "key:ID (no owner)" for a key made before keys had owners.
func KeyActor(k APIKey) string {
	if k.Owner == "" {
		return "key:" + k.ID + " (no owner)"
	}
	return "key:" + k.ID + " (" + k.Owner + ")"
}

// ActorNames maps the actors audit records and case work name to the
// names people read: an API key's ID and its actor string (KeyActor) to
// its owner's username, or to the key's name when it has no owner, and
// user:NAME to NAME when st keeps users. An actor it does not know
// ("cli", "monitor") has no entry.
func ActorNames(ctx context.Context, st Store) (map[string]string, error) {
	keys, err := st.ListAPIKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("read API keys: %w", err)
	}
	out := make(map[string]string, 2*len(keys))
	for _, k := range keys {
		name := k.Name
		if k.Owner != "" {
			name = k.Owner
		}
		if name != "" {
			out[k.ID] = name
			out[KeyActor(k)] = name
		}
	}
	if us, ok := st.(UserStore); ok {
		users, err := us.ListUsers(ctx)
		if err != nil {
			return out, fmt.Errorf("read users: %w", err)
		}
		for _, u := range users {
			out["user:"+u.Username] = u.Username
		}
	}
	return out, nil
}

// ActorUser returns the username an actor string names ("alice" for
// "user:alice" and for "key:key_x (alice)"), or "" when it names no
// person ("cli", "monitor", a key without an owner). Two actions by the
// same person through a session and through their key compare equal.
func ActorUser(actor string) string {
	if u, ok := strings.CutPrefix(actor, "user:"); ok {
		return u
	}
	if rest, ok := strings.CutPrefix(actor, "key:"); ok {
		if i := strings.Index(rest, " ("); i >= 0 && strings.HasSuffix(rest, ")") {
			if owner := rest[i+2 : len(rest)-1]; owner != "no owner" {
				return owner
			}
		}
	}
	return ""
}

// CheckUsername says what is wrong with a username, nil if nothing: 1 to
// 64 letters, digits and . _ @ -, starting with a letter or digit.
func CheckUsername(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("%w: username %q: want 1 to 64 characters", ErrInvalid, name)
	}
	for i, c := range name {
		ok := unicode.IsLetter(c) || unicode.IsDigit(c) || (i > 0 && strings.ContainsRune("._@-", c))
		if !ok {
			return fmt.Errorf("%w: username %q: character %q at %d (want letters, digits and . _ @ -, starting with a letter or digit)", ErrInvalid, name, c, i+1)
		}
	}
	return nil
}

// UserStore keeps the named users. store/sqlite and store/postgres
// implement it beside Store; user changes are audited in the same
// transaction as the change.
type UserStore interface {
	// CreateUser stores u (Username, Role and the rest set by the caller),
	// setting its ID and times. ErrConflict if the username (or the OIDC
	// identity) is taken; ErrInvalid for a bad username or role.
	CreateUser(ctx context.Context, actor string, u *User) error
	// GetUser returns the user with the ID, or ErrNotFound.
	GetUser(ctx context.Context, id string) (User, error)
	// UserByUsername returns the user with the username, or ErrNotFound.
	UserByUsername(ctx context.Context, username string) (User, error)
	// UserByOIDC returns the user linked to the identity, or ErrNotFound.
	UserByOIDC(ctx context.Context, issuer, subject string) (User, error)
	// UsersByEmail returns the users with the e-mail address (compared
	// without regard to case), in ID order.
	UsersByEmail(ctx context.Context, email string) ([]User, error)
	// ListUsers returns every user in ID order.
	ListUsers(ctx context.Context) ([]User, error)
	// SetUserDisabled disables or enables the user and returns it.
	// ErrNotFound; ErrConflict if it already is so.
	SetUserDisabled(ctx context.Context, actor, id string, disabled bool) (User, error)
	// SetUserPassword replaces the password hash ("" for none).
	SetUserPassword(ctx context.Context, actor, id, hash string) error
	// SetUserTOTP replaces the TOTP secret ("" removes the second factor).
	SetUserTOTP(ctx context.Context, actor, id, secret string) error
	// LinkUserOIDC links the user to an OIDC identity. ErrConflict if
	// another user has it.
	LinkUserOIDC(ctx context.Context, actor, id, issuer, subject string) error
	// UseTOTPStep records that the user's TOTP code of the time step was
	// used; ErrConflict if that step or a later one already was, so a
	// code is accepted once, even by several servers on one database.
	UseTOTPStep(ctx context.Context, id string, step int64) error
	// AuditUser appends a record about a user (signed in, sign-in failed)
	// to the audit trail.
	AuditUser(ctx context.Context, actor, action, id string, data any) error
}

// Password hashing: argon2id with OWASP's recommended minimum parameters
// (19 MiB of memory, 2 passes, 1 lane), a 16-byte random salt and a
// 32-byte hash, kept as a PHC string.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns the argon2id PHC string of the password:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) {
	if len(password) < 12 {
		return "", fmt.Errorf("%w: password: want at least 12 characters", ErrInvalid)
	}
	if len(password) > 1024 {
		return "", fmt.Errorf("%w: password: want at most 1024 bytes", ErrInvalid)
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errBadHash is returned for a stored hash CheckPassword cannot read.
var errBadHash = errors.New("password hash: not an argon2id PHC string")

// CheckPassword reports whether password matches the PHC string, with
// the parameters the string names (so hashes made with other parameters
// keep working). A hash it cannot read is an error, not a mismatch.
func CheckPassword(phc, password string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<22 || t == 0 || t > 100 || p == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 128 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when there is no user, so that a wrong
// username takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no such user, no such password")
	return h
})

// CheckUserPassword reports whether the password is u's, spending the
// same time when u has no password (or there is no user: pass nil).
func CheckUserPassword(u *User, password string) bool {
	if u == nil || u.PasswordHash == "" {
		CheckPassword(dummyHash(), password) //nolint:errcheck // for the time it takes
		return false
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	return ok && err == nil
}

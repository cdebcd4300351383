package server

// Named users on the web page and the API: sign-in with a username and
// password (then a TOTP code when the user has a second factor), sessions
// bound to the user, and the admins' /v1/users endpoints. Single sign-on
// is in oidc.go.

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/clearance-screening/clearance"
)

// authState is what the server keeps for named users' sign-in.
type authState struct {
	mfa  pendingTable[mfaPending]  // passwords checked, TOTP code awaited
	oidc pendingTable[oidcPending] // sent to the identity provider
	sso  *oidcClient               // nil unless EnableOIDC was called
}

// users returns the store's users, nil if the store keeps none.
func (s *Server) users() clearance.UserStore {
	us, _ := s.store.(clearance.UserStore)
	return us
}

// registerUsers adds the users' routes: the admins' API and the sign-in
// steps of the web page.
func (s *Server) registerUsers() {
	admin := clearance.RoleAdmin
	s.handle("GET", "/v1/users", admin, true, s.listUsers)
	s.handle("POST", "/v1/users", admin, true, s.createUser)
	s.handle("POST", "/v1/users/{id}/disable", admin, true, s.disableUser(true))
	s.handle("POST", "/v1/users/{id}/enable", admin, true, s.disableUser(false))
	s.handle("POST", "/ui/login/totp", "", false, s.loginTOTP)
	s.handle("GET", "/ui/login/oidc", "", false, s.loginOIDC)
	s.handle("GET", "/ui/oidc/callback", "", false, s.oidcCallback)
}

// userPageKey is what a user's session stands as on the page and in the
// role checks: the user's role, named after them. Its ID is the user's
// actor string, never a key's.
func userPageKey(u clearance.User) clearance.APIKey {
	name := u.DisplayName
	if name == "" {
		name = u.Username
	}
	return clearance.APIKey{ID: u.Actor(), Name: name, Role: u.Role}
}

// signedIn resolves a session to who is signed in: for a user's session
// the user (refused once disabled) and the key standing for them; for a
// key's session the key (refused once revoked or its owner disabled).
func (s *Server) signedIn(ctx context.Context, id string) (clearance.APIKey, *clearance.User, error) {
	sess, ok := s.sessions.lookup(id, s.cfg.now())
	if !ok {
		return clearance.APIKey{}, nil, clearance.ErrNotFound
	}
	if sess.userID == "" {
		k, err := s.lookupHash(ctx, sess.keyHash)
		if errors.Is(err, clearance.ErrNotFound) {
			s.sessions.end(id)
		}
		return k, nil, err
	}
	us := s.users()
	if us == nil {
		return clearance.APIKey{}, nil, clearance.ErrNotFound
	}
	u, err := us.GetUser(ctx, sess.userID)
	if err == nil && u.Disabled {
		err = fmt.Errorf("user %s: %w (disabled)", u.Username, clearance.ErrNotFound)
	}
	if err != nil {
		if errors.Is(err, clearance.ErrNotFound) {
			s.sessions.end(id)
		}
		return clearance.APIKey{}, nil, err
	}
	return userPageKey(u), &u, nil
}

// startUserSession signs u in: a new session (ending any the browser
// had), its cookie, and a user.signed_in record.
func (s *Server) startUserSession(w http.ResponseWriter, r *http.Request, u clearance.User, method string) {
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.end(old.Value) // no session fixation
	}
	id := s.sessions.start(session{userID: u.ID}, s.cfg.now())
	s.clearLegacyCookie(w)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionTTL.Seconds())})
	if err := s.users().AuditUser(r.Context(), u.Actor(), clearance.ActionUserSignedIn, u.ID, map[string]string{"username": u.Username, "method": method}); err != nil {
		s.log.Error("audit sign-in", "user", u.Username, "err", err)
	}
	s.log.Info("web sign-in", "user", u.Username, "role", u.Role, "method", method)
}

// signinFailed counts a failed attempt against the client and, when the
// attempt named a user, audits it.
func (s *Server) signinFailed(r *http.Request, u *clearance.User, method, reason string) {
	s.fails.fail(clientOf(r), s.cfg.now())
	if u == nil {
		s.log.Warn("web sign-in failed", "method", method, "reason", reason, "remote", r.RemoteAddr)
		return
	}
	if err := s.users().AuditUser(r.Context(), "anonymous", clearance.ActionUserSigninFailed, u.ID, map[string]string{"username": u.Username, "method": method, "reason": reason}); err != nil {
		s.log.Error("audit failed sign-in", "user", u.Username, "err", err)
	}
}

// mfaCookie carries the ID of a sign-in that passed the password and
// awaits the TOTP code.
const (
	mfaCookie   = "clearance_mfa"
	mfaTTL      = 5 * time.Minute
	mfaAttempts = 5
)

type mfaPending struct {
	userID, next string
	attempts     int
}

// passwordLogin is the username and password step of POST /ui/login.
func (s *Server) passwordLogin(w http.ResponseWriter, r *http.Request, next string) {
	us := s.users()
	if us == nil {
		s.render(w, r, http.StatusNotImplemented, "login", pageData{Error: "This server's store keeps no users; sign in with an API key.", Data: next})
		return
	}
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	u, err := us.UserByUsername(r.Context(), username)
	var found *clearance.User
	switch {
	case err == nil:
		found = &u
	case !errors.Is(err, clearance.ErrNotFound) && !errors.Is(err, clearance.ErrInvalid):
		s.webError(w, r, err)
		return
	}
	ok := clearance.CheckUserPassword(found, password) // as slow for no user
	if !ok || u.Disabled {
		reason := "wrong password"
		if ok {
			reason = "user disabled"
		}
		s.signinFailed(r, found, "password", reason)
		// The same answer whatever was wrong: nobody learns which
		// usernames exist or which accounts are disabled.
		s.render(w, r, http.StatusUnauthorized, "login", pageData{Error: "Wrong username or password, or the account is disabled.", Data: next})
		return
	}
	if u.TOTP {
		id := s.auth.mfa.put(mfaPending{userID: u.ID, next: next}, s.cfg.now(), mfaTTL)
		http.SetCookie(w, &http.Cookie{Name: mfaCookie, Value: id, Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: int(mfaTTL.Seconds())})
		s.render(w, r, http.StatusOK, "totp", pageData{Data: next})
		return
	}
	s.startUserSession(w, r, u, "password")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginTOTP is the second step: the code from the user's authenticator.
func (s *Server) loginTOTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	code := strings.TrimSpace(r.PostFormValue("code"))
	if !s.sameOrigin(r) {
		http.Error(w, "cross-origin form refused", http.StatusForbidden)
		return
	}
	if s.refuseIfLimited(w, r, false) {
		return
	}
	c, err := r.Cookie(mfaCookie)
	var p mfaPending
	ok := err == nil
	if ok {
		p, ok = s.auth.mfa.get(c.Value, s.cfg.now())
	}
	us := s.users()
	if !ok || us == nil {
		s.render(w, r, http.StatusUnauthorized, "login", pageData{Error: "The sign-in expired; enter your username and password again.", Data: "/ui/"})
		return
	}
	u, err := us.GetUser(r.Context(), p.userID)
	if err != nil || u.Disabled || !u.TOTP {
		s.auth.mfa.take(c.Value, s.cfg.now())
		s.render(w, r, http.StatusUnauthorized, "login", pageData{Error: "Wrong username or password, or the account is disabled.", Data: p.next})
		return
	}
	step, valid := checkTOTP(u.TOTPSecret, code, s.cfg.now())
	msg := "Wrong code."
	if valid {
		err := us.UseTOTPStep(r.Context(), u.ID, step)
		switch {
		case errors.Is(err, clearance.ErrConflict):
			valid, msg = false, "This code was used already; wait for the next one."
		case err != nil:
			s.webError(w, r, err)
			return
		}
	}
	if !valid {
		s.signinFailed(r, &u, "totp", strings.TrimSuffix(msg, "."))
		p.attempts++
		if p.attempts >= mfaAttempts {
			s.auth.mfa.take(c.Value, s.cfg.now())
			s.render(w, r, http.StatusUnauthorized, "login", pageData{Error: "Too many wrong codes; sign in again.", Data: p.next})
			return
		}
		s.auth.mfa.set(c.Value, p)
		s.render(w, r, http.StatusUnauthorized, "totp", pageData{Error: msg, Data: p.next})
		return
	}
	s.auth.mfa.take(c.Value, s.cfg.now())
	http.SetCookie(w, &http.Cookie{Name: mfaCookie, Value: "", Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	s.startUserSession(w, r, u, "password+totp")
	http.Redirect(w, r, p.next, http.StatusSeeOther)
}

// TOTP codes are RFC 6238's defaults, which every authenticator app
// reads from the otpauth URI: 6 digits, 30 seconds, SHA-1. A code is
// accepted one step early or late (clock drift), and UseTOTPStep makes
// each step's code good once.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// checkTOTP reports whether code is the secret's code for a time step
// within the skew of now, and which step.
func checkTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != int(totpOpts.Digits) {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(skew) * time.Duration(totpOpts.Period) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / int64(totpOpts.Period), true
		}
	}
	return 0, false
}

// NewTOTP makes a TOTP secret for the user and returns it with its
// otpauth:// URI, which an authenticator app takes (as text or a QR code).
func NewTOTP(username string) (secret, uri string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "clearance", AccountName: username, Period: totpOpts.Period, Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
	if err != nil {
		return "", "", err
	}
	return k.Secret(), k.URL(), nil
}

// UserInput is what creates a user (POST /v1/users, `clearance users
// create`).
type UserInput struct {
	Username    string         `json:"username"`
	Role        clearance.Role `json:"role"`
	DisplayName string         `json:"display_name,omitempty"`
	Email       string         `json:"email,omitempty"`
	// Password, if set, lets the user sign in with it (at least 12
	// characters); without one the user signs in through single sign-on.
	Password string `json:"password,omitempty"`
	// TOTP makes a second factor; its otpauth URI is in the answer, once.
	TOTP        bool   `json:"totp,omitempty"`
	OIDCIssuer  string `json:"oidc_issuer,omitempty"`
	OIDCSubject string `json:"oidc_subject,omitempty"`
}

// UserCreated is the answer: the user and, with TOTP, the otpauth URI.
type UserCreated struct {
	User    clearance.User `json:"user"`
	TOTPURI string         `json:"totp_uri,omitempty"`
	// Warnings name what of the request was not used (unknown fields).
	Warnings []string `json:"warnings,omitempty"`
}

// CreateUser hashes the password, makes the TOTP secret and stores the user.
func CreateUser(ctx context.Context, us clearance.UserStore, actor string, in UserInput) (UserCreated, error) {
	u := clearance.User{Username: strings.TrimSpace(in.Username), Role: in.Role, DisplayName: strings.TrimSpace(in.DisplayName), Email: strings.TrimSpace(in.Email), OIDCIssuer: in.OIDCIssuer, OIDCSubject: in.OIDCSubject}
	if err := clearance.CheckUsername(u.Username); err != nil {
		return UserCreated{}, err
	}
	if !u.Role.Allows(clearance.RoleScreen) {
		return UserCreated{}, fmt.Errorf("%w: role %q: want admin, reviewer, analyst or screen", clearance.ErrInvalid, in.Role)
	}
	if u.Email != "" && (!strings.Contains(u.Email, "@") || strings.ContainsAny(u.Email, " <>")) {
		return UserCreated{}, fmt.Errorf("%w: e-mail %q: want an address like name@example.com", clearance.ErrInvalid, u.Email)
	}
	if in.Password != "" {
		h, err := clearance.HashPassword(in.Password)
		if err != nil {
			return UserCreated{}, err
		}
		u.PasswordHash = h
	}
	var out UserCreated
	if in.TOTP {
		secret, uri, err := NewTOTP(u.Username)
		if err != nil {
			return UserCreated{}, err
		}
		u.TOTPSecret, out.TOTPURI = secret, uri
	}
	if err := us.CreateUser(ctx, actor, &u); err != nil {
		return UserCreated{}, err
	}
	out.User = u
	return out, nil
}

func (s *Server) needUsers(w http.ResponseWriter) clearance.UserStore {
	us := s.users()
	if us == nil {
		writeError(w, http.StatusNotImplemented, "no_users", "this server's store keeps no users")
	}
	return us
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	us := s.needUsers(w)
	if us == nil {
		return
	}
	list, err := us.ListUsers(r.Context())
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if list == nil {
		list = []clearance.User{}
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	us := s.needUsers(w)
	if us == nil {
		return
	}
	var in UserInput
	warnings, ok := s.decodeBodyFields(w, r, &in)
	if !ok {
		return
	}
	out, err := CreateUser(r.Context(), us, actor(r.Context()), in)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out.Warnings = warnings
	writeJSON(w, http.StatusCreated, out)
}

// findUser takes a user ID or a username.
func findUser(ctx context.Context, us clearance.UserStore, ref string) (clearance.User, error) {
	if strings.HasPrefix(ref, "usr_") {
		if u, err := us.GetUser(ctx, ref); !errors.Is(err, clearance.ErrNotFound) {
			return u, err
		}
	}
	return us.UserByUsername(ctx, ref)
}

// SetUserDisabled disables or enables a user (by ID or username). A
// disabled user's sessions end at their next request and their keys are
// refused: at once on this server, within a second on others.
func (s *Server) SetUserDisabled(ctx context.Context, actor, ref string, disabled bool) (clearance.User, error) {
	us := s.users()
	if us == nil {
		return clearance.User{}, errors.New("this server's store keeps no users")
	}
	u, err := findUser(ctx, us, ref)
	if err != nil {
		return u, err
	}
	u, err = us.SetUserDisabled(ctx, actor, u.ID, disabled)
	if err == nil {
		s.forgetKeys()
	}
	return u, err
}

func (s *Server) disableUser(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.needUsers(w) == nil {
			return
		}
		u, err := s.SetUserDisabled(r.Context(), actor(r.Context()), r.PathValue("id"), disabled)
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, u)
	}
}

// CreateOwnedKey is CreateKey for a key that belongs to a user (ownerID
// "" for none).
func CreateOwnedKey(ctx context.Context, st clearance.Store, actor, name string, role clearance.Role, ownerID string) (string, clearance.APIKey, error) {
	if !role.Allows(clearance.RoleScreen) {
		return "", clearance.APIKey{}, fmt.Errorf("role %q: want admin, reviewer, analyst or screen", role)
	}
	var b [32]byte
	rand.Read(b[:])
	secret := keyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	k := clearance.APIKey{Name: name, Role: role, Hash: clearance.HashAPIKey(secret), OwnerID: ownerID}
	if err := st.CreateAPIKey(ctx, actor, &k); err != nil {
		return "", k, err
	}
	return secret, k, nil
}

// keyOwner is the owner a new key gets over the API: the user named, or
// else the owner of the key that asks.
func (s *Server) keyOwner(ctx context.Context, username string) (string, error) {
	if username == "" {
		return caller(ctx).OwnerID, nil
	}
	us := s.users()
	if us == nil {
		return "", fmt.Errorf("%w: owner %q: this server's store keeps no users", clearance.ErrInvalid, username)
	}
	u, err := us.UserByUsername(ctx, username)
	if errors.Is(err, clearance.ErrNotFound) {
		return "", fmt.Errorf("%w: owner %q: no such user", clearance.ErrInvalid, username)
	}
	return u.ID, err
}

// pendingTable holds short-lived sign-in steps under random IDs.
type pendingTable[T any] struct {
	mu sync.Mutex
	m  map[string]pendingEntry[T]
}

type pendingEntry[T any] struct {
	v       T
	expires time.Time
}

// maxPending bounds each table; past it, expired entries are dropped,
// and if none has, the new entry is refused room by dropping the oldest.
const maxPending = 10000

func newPendingID() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (t *pendingTable[T]) put(v T, now time.Time, ttl time.Duration) string {
	id := newPendingID()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]pendingEntry[T]{}
	}
	if len(t.m) >= maxPending {
		var oldest string
		for k, e := range t.m {
			if !now.Before(e.expires) {
				delete(t.m, k)
			} else if oldest == "" || e.expires.Before(t.m[oldest].expires) {
				oldest = k
			}
		}
		if len(t.m) >= maxPending {
			delete(t.m, oldest)
		}
	}
	t.m[id] = pendingEntry[T]{v, now.Add(ttl)}
	return id
}

func (t *pendingTable[T]) get(id string, now time.Time) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.m[id]
	if ok && !now.Before(e.expires) {
		delete(t.m, id)
		ok = false
	}
	return e.v, ok
}

// set replaces the value, keeping the expiry.
func (t *pendingTable[T]) set(id string, v T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.m[id]; ok {
		e.v = v
		t.m[id] = e
	}
}

// take removes the entry and returns it if it is live, so each is used
// once.
func (t *pendingTable[T]) take(id string, now time.Time) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.m[id]
	delete(t.m, id)
	return e.v, ok && now.Before(e.expires)
}

package server

// Single sign-on through OpenID Connect: the authorization code flow with
// PKCE, its state and nonce checked, the ID token verified by go-oidc
// (signature against the provider's published keys, issuer, audience,
// expiry). The identity signs in as the clearance user linked to it
// (issuer and subject), or else the one user whose e-mail address the
// provider says it verified, who is then linked to it. Nobody else gets
// in: an administrator creates users; the provider does not.

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/clearance-screening/clearance"
)

// OIDCConfig is a client registered with an OpenID Connect provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; its discovery document is read
	// from Issuer + "/.well-known/openid-configuration".
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is where the provider sends the browser back: this
	// server's /ui/oidc/callback, as the browser reaches it (and as
	// registered with the provider).
	RedirectURL string
}

type oidcClient struct {
	cfg      OIDCConfig
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// oidcPending is a sign-in sent to the provider, kept under its state.
type oidcPending struct {
	nonce, verifier, next string
}

const (
	oidcCookie = "clearance_oidc" // the state, binding the flow to the browser
	oidcTTL    = 10 * time.Minute
)

// EnableOIDC reads the provider's discovery document and offers single
// sign-on on the web page. Call it before serving.
func (s *Server) EnableOIDC(ctx context.Context, cfg OIDCConfig) error {
	if s.users() == nil {
		return errors.New("single sign-on: this store keeps no users")
	}
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return errors.New("single sign-on: the issuer, client ID and redirect URL are all needed")
	}
	u, err := url.Parse(cfg.RedirectURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "/ui/oidc/callback" {
		return fmt.Errorf("single sign-on: redirect URL %q: want this server's address with the path /ui/oidc/callback, e.g. https://clearance.example.com/ui/oidc/callback", cfg.RedirectURL)
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return fmt.Errorf("single sign-on: provider %s: %v", cfg.Issuer, err)
	}
	c := &oidcClient{cfg: cfg, provider: p}
	c.oauth = oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL, Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	c.verifier = p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: s.cfg.now})
	s.auth.sso = c
	s.log.Info("single sign-on enabled", "issuer", cfg.Issuer, "client_id", cfg.ClientID)
	return nil
}

// loginOIDC sends the browser to the provider.
func (s *Server) loginOIDC(w http.ResponseWriter, r *http.Request) {
	c := s.auth.sso
	if c == nil {
		s.render(w, r, http.StatusNotFound, "message", pageData{Data: "Single sign-on is not set up on this server."})
		return
	}
	p := oidcPending{nonce: newPendingID(), verifier: oauth2.GenerateVerifier(), next: safeNext(r.URL.Query().Get("next"))}
	state := s.auth.oidc.put(p, s.cfg.now(), oidcTTL)
	// Lax, not Strict: the provider's redirect back is a navigation from
	// another site, which must carry it.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: state, Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(oidcTTL.Seconds())})
	http.Redirect(w, r, c.oauth.AuthCodeURL(state, oidc.Nonce(p.nonce), oauth2.S256ChallengeOption(p.verifier)), http.StatusFound)
}

// oidcRefused answers a sign-in that failed, on the sign-in page.
func (s *Server) oidcRefused(w http.ResponseWriter, r *http.Request, status int, u *clearance.User, reason, msg string) {
	s.signinFailed(r, u, "oidc", reason)
	s.render(w, r, status, "login", pageData{Error: msg, Data: "/ui/"})
}

// oidcCallback takes the provider's answer.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	c := s.auth.sso
	if c == nil {
		s.render(w, r, http.StatusNotFound, "message", pageData{Data: "Single sign-on is not set up on this server."})
		return
	}
	if s.refuseIfLimited(w, r, false) {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	q := r.URL.Query()
	state := q.Get("state")
	ck, err := r.Cookie(oidcCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(state)) != 1 {
		s.oidcRefused(w, r, http.StatusBadRequest, nil, "state mismatch", "This sign-in was not started in this browser (or it expired); sign in again.")
		return
	}
	p, ok := s.auth.oidc.take(state, s.cfg.now())
	if !ok {
		s.oidcRefused(w, r, http.StatusBadRequest, nil, "unknown state", "This sign-in expired or was used already; sign in again.")
		return
	}
	if e := q.Get("error"); e != "" {
		s.oidcRefused(w, r, http.StatusUnauthorized, nil, "provider error "+e, "The identity provider did not sign you in ("+e+" "+q.Get("error_description")+").")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	tok, err := c.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(p.verifier))
	if err != nil {
		s.log.Warn("single sign-on: code exchange", "err", err)
		s.oidcRefused(w, r, http.StatusUnauthorized, nil, "code exchange failed", "The identity provider's answer could not be used; sign in again.")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil || raw == "" {
		s.log.Warn("single sign-on: ID token", "err", err)
		s.oidcRefused(w, r, http.StatusUnauthorized, nil, "bad ID token", "The identity provider's ID token did not verify; sign in again.")
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.nonce)) != 1 {
		s.oidcRefused(w, r, http.StatusUnauthorized, nil, "nonce mismatch", "The identity provider's ID token was not for this sign-in; sign in again.")
		return
	}
	u, err := s.oidcUser(ctx, c, tok, idt)
	if err != nil {
		var refused *ssoRefusal
		if errors.As(err, &refused) {
			s.oidcRefused(w, r, http.StatusForbidden, refused.user, refused.reason, refused.msg)
			return
		}
		s.webError(w, r, err)
		return
	}
	s.startUserSession(w, r, u, "oidc")
	// The session cookie is SameSite=Strict, and this answer ends a
	// navigation that began on the provider's site: a redirect would
	// still count as cross-site and go without the cookie. A page that
	// moves on by itself starts a same-site navigation.
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=%[1]s"><title>Signed in · clearance</title><p>Signed in as %[2]s. <a id="continue" href="%[1]s">Continue</a></p>`,
		template.HTMLEscapeString(p.next), template.HTMLEscapeString(u.Username))
}

// ssoRefusal is an identity that may not sign in.
type ssoRefusal struct {
	user        *clearance.User
	reason, msg string
}

func (e *ssoRefusal) Error() string { return e.reason }

// oidcUser finds the user the identity signs in as.
func (s *Server) oidcUser(ctx context.Context, c *oidcClient, tok *oauth2.Token, idt *oidc.IDToken) (clearance.User, error) {
	us := s.users()
	u, err := us.UserByOIDC(ctx, idt.Issuer, idt.Subject)
	switch {
	case err == nil:
		if u.Disabled {
			return u, &ssoRefusal{&u, "user disabled", "Your account is disabled."}
		}
		return u, nil
	case !errors.Is(err, clearance.ErrNotFound):
		return u, err
	}
	var claims struct {
		Email string `json:"email"`
		// A boolean, or (from some providers) the string "true".
		RawVerified any   `json:"email_verified"`
		Verified    *bool `json:"-"`
	}
	if err := idt.Claims(&claims); err != nil {
		return u, fmt.Errorf("single sign-on: ID token claims: %v", err)
	}
	switch v := claims.RawVerified.(type) {
	case bool:
		claims.Verified = &v
	case string:
		b := v == "true"
		claims.Verified = &b
	}
	if claims.Email == "" || claims.Verified == nil {
		// Many providers put the e-mail in the userinfo answer only.
		info, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return u, fmt.Errorf("single sign-on: userinfo: %v", err)
		}
		if info.Subject != idt.Subject {
			return u, &ssoRefusal{nil, "userinfo subject differs", "The identity provider's answers disagree; sign in again."}
		}
		v := info.EmailVerified
		claims.Email, claims.Verified = info.Email, &v
	}
	notUser := &ssoRefusal{nil, "no user for " + idt.Subject, "Your single sign-on identity is not a clearance user; ask an administrator to create one (clearance users create)."}
	if claims.Email == "" || claims.Verified == nil || !*claims.Verified {
		return u, notUser
	}
	cands, err := us.UsersByEmail(ctx, claims.Email)
	if err != nil {
		return u, err
	}
	if len(cands) != 1 {
		if len(cands) > 1 {
			notUser.reason = "e-mail " + claims.Email + " is several users'"
		}
		return u, notUser
	}
	u = cands[0]
	if u.OIDCIssuer != "" {
		// Linked to another identity: the address alone does not let this
		// one in.
		return u, &ssoRefusal{&u, "linked to another identity", "Your account is linked to another single sign-on identity."}
	}
	if u.Disabled {
		return u, &ssoRefusal{&u, "user disabled", "Your account is disabled."}
	}
	if err := us.LinkUserOIDC(ctx, u.Actor(), u.ID, idt.Issuer, idt.Subject); err != nil {
		return u, err
	}
	u.OIDCIssuer, u.OIDCSubject = idt.Issuer, idt.Subject
	return u, nil
}

package server

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/clearance-screening/clearance"
)

// idpUsers is the identity provider's own user directory.
type idpUsers map[string]*storage.User

func (u idpUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u idpUsers) GetUserByUsername(name string) *storage.User {
	for _, v := range u {
		if v.Username == name {
			return v
		}
	}
	return nil
}
func (u idpUsers) ExampleClientID() string { return "service" }

// idp is a real OpenID provider (zitadel/oidc's op package with its
// example in-memory storage) on its own httptest server: discovery, keys,
// authorize, token and userinfo endpoints, and a login form.
type idp struct {
	url     string
	storage *storage.Storage
}

// newIDP starts the provider. Its issuer is its address, with the host
// 127.0.0.1 replaced by host if that is not "" (so that a browser sees it
// as another site).
func newIDP(t *testing.T, host, clientID, clientSecret, redirectURL string, users idpUsers) *idp {
	t.Helper()
	var handler http.Handler
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := handler
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	issuer := ts.URL
	if host != "" {
		issuer = strings.Replace(issuer, "127.0.0.1", host, 1)
	}
	st := storage.NewStorageWithClients(users, map[string]*storage.Client{clientID: storage.WebClient(clientID, clientSecret, redirectURL)})
	cfg := &op.Config{CryptoKey: sha256.Sum256([]byte("test")), CodeMethodS256: true, AuthMethodPost: true, SupportedUILocales: []language.Tag{language.English}}
	provider, err := op.NewProvider(cfg, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	callback := op.AuthCallbackURL(provider)
	mux := http.NewServeMux()
	// The provider's login form: its example storage checks the password
	// and marks the authorization request done.
	mux.HandleFunc("GET /login/username", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<form method="post" action="/login/username"><input type="hidden" name="id" value="%s"><input name="username" id="username"><input name="password" id="password" type="password"><button id="submit">Log in</button></form>`, html.EscapeString(r.URL.Query().Get("authRequestID")))
	})
	mux.HandleFunc("POST /login/username", interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("id")
		if err := st.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), id); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
	}))
	mux.Handle("/", provider)
	mu.Lock()
	handler = mux
	mu.Unlock()
	return &idp{url: issuer, storage: st}
}

type ssoFixture struct {
	*fixture
	idp      *idp
	issuer   string
	callback string // the last redirect to clearance's callback
}

func newSSOFixture(t *testing.T, idpHost string) *ssoFixture {
	f := newFixture(t, Config{})
	users := idpUsers{
		"sub-erin":    {ID: "sub-erin", Username: "erin", Password: "idp-password", Email: "erin@example.com", EmailVerified: true, PreferredLanguage: language.English},
		"sub-frank":   {ID: "sub-frank", Username: "frank", Password: "idp-password", Email: "Frank@Example.com", EmailVerified: true, PreferredLanguage: language.English},
		"sub-grace":   {ID: "sub-grace", Username: "grace", Password: "idp-password", Email: "grace@example.com", EmailVerified: false, PreferredLanguage: language.English},
		"sub-mallory": {ID: "sub-mallory", Username: "mallory", Password: "idp-password", Email: "mallory@example.com", EmailVerified: true, PreferredLanguage: language.English},
		"sub-heidi":   {ID: "sub-heidi", Username: "heidi", Password: "idp-password", Email: "heidi@example.com", EmailVerified: true, PreferredLanguage: language.English},
	}
	redirect := f.ts.URL + "/ui/oidc/callback"
	p := newIDP(t, idpHost, "clearance-web", "client-secret", redirect, users)
	if err := f.srv.EnableOIDC(context.Background(), OIDCConfig{Issuer: p.url, ClientID: "clearance-web", ClientSecret: "client-secret", RedirectURL: redirect}); err != nil {
		t.Fatal(err)
	}
	return &ssoFixture{fixture: f, idp: p, issuer: p.url}
}

// signIn walks the browser flow as idpUser: clearance's single sign-on
// link, the provider's login form, back to clearance's callback, then
// /ui/alerts. It returns the callback's status and body, and the alerts
// page's final path and body.
func (f *ssoFixture) signIn(c *http.Client, idpUser, password string) (int, string, string, string) {
	f.t.Helper()
	t := f.t.(*testing.T)
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/ui/oidc/callback" {
			f.callback = req.URL.String()
		}
		return nil
	}
	resp, err := c.Get(f.ts.URL + "/ui/login/oidc?next=/ui/alerts")
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Request.URL.String(), f.issuer+"/login/username") {
		f.t.Fatalf("single sign-on went to %s, want the provider's login form", resp.Request.URL)
	}
	authReq := resp.Request.URL.Query().Get("authRequestID")
	resp, err = c.PostForm(f.issuer+"/login/username", url.Values{"id": {authReq}, "username": {idpUser}, "password": {password}})
	if err != nil {
		f.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/ui/oidc/callback" {
		f.t.Fatalf("after the provider's login: %d at %s: %s", resp.StatusCode, resp.Request.URL, body)
	}
	_, page := get(t, c, f.ts.URL+"/ui/alerts")
	return resp.StatusCode, string(body), pathOfPage(page), page
}

// pathOfPage tells the alerts page from the sign-in form.
func pathOfPage(body string) string {
	switch {
	case strings.Contains(body, `id="username"`):
		return "login"
	case strings.Contains(body, "<h1>Alerts"):
		return "alerts"
	}
	return "other"
}

func TestOIDCSignIn(t *testing.T) {
	f := newSSOFixture(t, "")
	var us clearance.UserStore = f.store
	ctx := context.Background()
	mk := func(u clearance.User) clearance.User {
		t.Helper()
		if err := us.CreateUser(ctx, "test", &u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	mk(clearance.User{Username: "erin", DisplayName: "Erin Linked", Role: clearance.RoleAnalyst, OIDCIssuer: f.issuer, OIDCSubject: "sub-erin"})
	frank := mk(clearance.User{Username: "frank", DisplayName: "Frank By Mail", Email: "frank@example.com", Role: clearance.RoleReviewer})
	mk(clearance.User{Username: "grace", Email: "grace@example.com", Role: clearance.RoleAnalyst})
	heidi := mk(clearance.User{Username: "heidi", Email: "heidi@example.com", Role: clearance.RoleAnalyst, OIDCIssuer: f.issuer, OIDCSubject: "sub-heidi"})
	if _, err := us.SetUserDisabled(ctx, "test", heidi.ID, true); err != nil {
		t.Fatal(err)
	}

	if status, body := get(t, jarClient(), f.ts.URL+"/ui/login"); status != 200 || !strings.Contains(body, `id="sso"`) {
		t.Fatalf("the sign-in page does not offer single sign-on: %d", status)
	}

	t.Run("a linked identity signs in as its user", func(t *testing.T) {
		status, body, page, html := f.signIn(jarClient(), "erin", "idp-password")
		if status != 200 || !strings.Contains(body, "Signed in as erin") || page != "alerts" || !strings.Contains(html, "Erin Linked (analyst)") {
			t.Fatalf("callback %d %q; then %s", status, body, page)
		}
	})
	t.Run("a verified e-mail signs in as its user and links the identity", func(t *testing.T) {
		head := f.auditHead()
		_, _, page, _ := f.signIn(jarClient(), "frank", "idp-password")
		if page != "alerts" {
			t.Fatalf("frank ended on %s", page)
		}
		u, err := us.GetUser(ctx, frank.ID)
		if err != nil || u.OIDCIssuer != f.issuer || u.OIDCSubject != "sub-frank" {
			t.Fatalf("frank after signing in: %+v %v, want linked to sub-frank", u, err)
		}
		got := strings.Join(f.auditActions(head), "\n")
		if !strings.Contains(got, "user:frank user.updated") || !strings.Contains(got, "user:frank user.signed_in") {
			t.Fatalf("audit:\n%s", got)
		}
		// The callback URL used once is not good twice.
		c := jarClient()
		resp, err := c.Get(f.callback)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("the callback replayed in another browser: %d, want 400", resp.StatusCode)
		}
	})
	t.Run("an unverified e-mail is refused", func(t *testing.T) {
		status, body, page, _ := f.signIn(jarClient(), "grace", "idp-password")
		if status != 403 || !strings.Contains(body, "not a clearance user") || page != "login" {
			t.Fatalf("grace: %d %s then %s", status, body, page)
		}
	})
	t.Run("an identity with no user is refused", func(t *testing.T) {
		status, _, page, _ := f.signIn(jarClient(), "mallory", "idp-password")
		if status != 403 || page != "login" {
			t.Fatalf("mallory: %d then %s", status, page)
		}
		if _, err := us.UserByUsername(ctx, "mallory"); err == nil {
			t.Fatal("single sign-on made a user")
		}
	})
	t.Run("a disabled user is refused", func(t *testing.T) {
		head := f.auditHead()
		status, body, page, _ := f.signIn(jarClient(), "heidi", "idp-password")
		if status != 403 || !strings.Contains(body, "disabled") || page != "login" {
			t.Fatalf("heidi: %d then %s", status, page)
		}
		if got := strings.Join(f.auditActions(head), "\n"); got != "anonymous user.signin_failed" {
			t.Fatalf("audit of heidi's attempt:\n%s", got)
		}
	})
	t.Run("a user disabled while signed in is signed out", func(t *testing.T) {
		c := jarClient()
		if _, _, page, _ := f.signIn(c, "erin", "idp-password"); page != "alerts" {
			t.Fatal("erin did not sign in")
		}
		f.call("POST", "/v1/users/erin/disable", clearance.RoleAdmin, nil, http.StatusOK, nil)
		if _, body := get(t, c, f.ts.URL+"/ui/alerts"); pathOfPage(body) != "login" {
			t.Fatal("a disabled user's session still opens /ui/alerts")
		}
		if status, _, page, _ := f.signIn(jarClient(), "erin", "idp-password"); status != 403 || page != "login" {
			t.Fatalf("disabled erin signing in again: %d then %s", status, page)
		}
	})
	t.Run("a callback whose state is not this browser's is refused", func(t *testing.T) {
		c := jarClient()
		resp, err := c.Get(f.ts.URL + "/ui/login/oidc")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		resp, err = c.Get(f.ts.URL + "/ui/oidc/callback?code=x&state=forged")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("forged state: %d, want 400", resp.StatusCode)
		}
	})
}

func TestOIDCConfigErrors(t *testing.T) {
	f := newFixture(t, Config{})
	for _, tc := range []struct {
		cfg  OIDCConfig
		want string
	}{
		{OIDCConfig{Issuer: "http://127.0.0.1:1", ClientID: "x", RedirectURL: "http://h/ui/oidc/callback"}, "provider http://127.0.0.1:1"},
		{OIDCConfig{Issuer: "http://127.0.0.1:1", ClientID: "x", RedirectURL: "http://h/callback"}, "/ui/oidc/callback"},
		{OIDCConfig{Issuer: "http://127.0.0.1:1", RedirectURL: "http://h/ui/oidc/callback"}, "client ID"},
	} {
		err := f.srv.EnableOIDC(context.Background(), tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error naming %q", tc.cfg, err, tc.want)
		}
	}
	if status, _ := get(t, jarClient(), f.ts.URL+"/ui/login/oidc"); status != 404 {
		t.Fatalf("single sign-on not set up: %d, want 404", status)
	}
}

package main

import (
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

type noUsers struct{}

func (noUsers) GetUserByID(string) *storage.User       { return nil }
func (noUsers) GetUserByUsername(string) *storage.User { return nil }
func (noUsers) ExampleClientID() string                { return "service" }

// TestServeOffersSingleSignOnWithTheOIDCFlags starts `serve` with the
// --oidc-* flags against a real OpenID provider (zitadel/oidc's op) and
// checks the wiring: the secret file is read, discovery succeeds, the
// sign-in page offers single sign-on, and it sends the browser to the
// provider's authorization endpoint with the client, the redirect URL and
// a PKCE S256 challenge. (server/oidc_test.go walks the whole flow.)
func TestServeOffersSingleSignOnWithTheOIDCFlags(t *testing.T) {
	idp := httptest.NewUnstartedServer(nil)
	idp.Start()
	defer idp.Close()
	st := storage.NewStorageWithClients(noUsers{}, map[string]*storage.Client{"clearance-web": storage.WebClient("clearance-web", "s3cret", "http://127.0.0.1/ui/oidc/callback")})
	provider, err := op.NewProvider(&op.Config{CryptoKey: sha256.Sum256([]byte("k")), CodeMethodS256: true, SupportedUILocales: []language.Tag{language.English}}, st, op.StaticIssuer(idp.URL), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	idp.Config.Handler = provider

	dir := t.TempDir()
	secretFile := filepath.Join(dir, "oidc-secret")
	if err := os.WriteFile(secretFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var stderr syncBuffer
	e := &env{stdout: &syncBuffer{}, stderr: &stderr, stdin: strings.NewReader(""), getenv: builtinOnlyEnv(t)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--db", filepath.Join(dir, "c.db"), "--addr", "127.0.0.1:0", "--log-level", "warn",
			"--oidc-issuer", idp.URL, "--oidc-client-id", "clearance-web", "--oidc-client-secret-file", secretFile,
			"--oidc-redirect-url", "http://127.0.0.1/ui/oidc/callback"})
	}()
	defer func() {
		cancel()
		<-done
	}()
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.Get(base + "/ui/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `id="sso"`) {
		t.Fatalf("the sign-in page does not offer single sign-on:\n%s", page)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Get(base + "/ui/login/oidc?next=/ui/alerts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	to, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(to.String(), idp.URL+"/authorize?") {
		t.Fatalf("single sign-on answered %d to %q, want a redirect to %s/authorize", resp.StatusCode, resp.Header.Get("Location"), idp.URL)
	}
	q := to.Query()
	if q.Get("client_id") != "clearance-web" || q.Get("redirect_uri") != "http://127.0.0.1/ui/oidc/callback" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" || !strings.Contains(q.Get("scope"), "openid") {
		t.Fatalf("authorization request %v", q)
	}
}

func builtinOnlyEnv(t *testing.T) func(string) string {
	vars := builtinOnly(t)
	return func(k string) string { return vars[k] }
}

package server

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// clock is a settable time for the tests of what expires.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// from sends a request to the server as the client at addr would.
func (f *fixture) from(addr, method, path, bearer string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = addr
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

func TestWrongKeysAreLimitedPerClient(t *testing.T) {
	c := &clock{t: time.Now()}
	f := newFixture(t, Config{now: c.now})
	const attacker, other = "192.0.2.7:5000", "198.51.100.1:6000"
	good := f.keys[clearance.RoleScreen]
	for i := range failBurst {
		if rec := f.from(attacker, "GET", "/v1/sources", "clk_wrong"+strconv.Itoa(i)); rec.Code != 401 {
			t.Fatalf("wrong key %d: %d, want 401", i+1, rec.Code)
		}
	}
	rec := f.from(attacker, "GET", "/v1/sources", "clk_wrong")
	retry, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
	if rec.Code != http.StatusTooManyRequests || retry < 1 || retry > int(failRefill.Seconds())+1 {
		t.Fatalf("wrong key %d: %d Retry-After %q, want 429 and a wait of a few seconds", failBurst+1, rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := f.from(attacker, "GET", "/v1/sources", good); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("a right key from the limited client: %d, want 429 (the answer must not tell a guess that hit)", rec.Code)
	}
	if rec := f.from(other, "GET", "/v1/sources", good); rec.Code != 200 {
		t.Fatalf("another client: %d, want 200", rec.Code)
	}
	if rec := f.from("[2001:db8:1:2::1]:80", "GET", "/v1/sources", "clk_wrong"); rec.Code != 401 {
		t.Fatalf("an IPv6 client's first wrong key: %d", rec.Code)
	}
	c.advance(time.Duration(retry) * time.Second)
	if rec := f.from(attacker, "GET", "/v1/sources", good); rec.Code != 200 {
		t.Fatalf("after Retry-After: %d, want 200", rec.Code)
	}
	// One token came back, and the right key did not spend it.
	if rec := f.from(attacker, "GET", "/v1/sources", "clk_wrong"); rec.Code != 401 {
		t.Fatalf("a wrong key after the wait: %d, want 401", rec.Code)
	}
	if rec := f.from(attacker, "GET", "/v1/sources", "clk_wrong"); rec.Code != 429 {
		t.Fatalf("a second wrong key after the wait: %d, want 429", rec.Code)
	}
}

func TestIPv6ClientsAreLimitedByTheir64(t *testing.T) {
	r := func(addr string) *http.Request {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = addr
		return req
	}
	a, b, c := clientOf(r("[2001:db8:1:2::1]:1")), clientOf(r("[2001:db8:1:2:ffff::9]:2")), clientOf(r("[2001:db8:1:3::1]:1"))
	if a != b || a == c {
		t.Fatalf("clients %v %v %v: want one per /64", a, b, c)
	}
	if v4, mapped := clientOf(r("192.0.2.1:1")), clientOf(r("[::ffff:192.0.2.1]:1")); v4 != mapped || v4.Bits() != 32 {
		t.Fatalf("IPv4 %v and IPv4-mapped %v", v4, mapped)
	}
}

func TestWebSignInIsLimitedAndTheCookieHoldsAnOpaqueSession(t *testing.T) {
	c := &clock{t: time.Now()}
	f := newFixture(t, Config{now: c.now})
	key := f.keys[clearance.RoleAnalyst]

	t.Run("the cookie is a random session ID, not the key", func(t *testing.T) {
		client := f.webClient(clearance.RoleAnalyst)
		u, _ := url.Parse(f.ts.URL + "/ui/")
		cookies := client.Jar.Cookies(u)
		if len(cookies) != 1 || cookies[0].Name != sessionCookie {
			t.Fatalf("cookies %v", cookies)
		}
		v := cookies[0].Value
		if strings.Contains(v, key) || strings.Contains(key, v) || strings.Contains(v, clearance.HashAPIKey(key)) || len(v) < 43 {
			t.Fatalf("cookie %q: want 256 random bits, nothing of the key", v)
		}
		// A cookie holding the key itself (as before) signs nobody in.
		forged := &http.Client{Jar: newJar(t, f.ts.URL, key), CheckRedirect: noRedirect}
		resp, err := forged.Get(f.ts.URL + "/ui/alerts")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/ui/login") {
			t.Fatalf("the key as the cookie: %d %s, want sent to the login form", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	t.Run("sign-out ends the session on the server", func(t *testing.T) {
		client := f.webClient(clearance.RoleAnalyst)
		u, _ := url.Parse(f.ts.URL + "/ui/")
		id := client.Jar.Cookies(u)[0].Value
		resp, err := client.PostForm(f.ts.URL+"/ui/logout", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		replay := &http.Client{Jar: newJar(t, f.ts.URL, id), CheckRedirect: noRedirect}
		resp, err = replay.Get(f.ts.URL + "/ui/alerts")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the old session ID after sign-out: %d, want sent to sign in", resp.StatusCode)
		}
	})
	t.Run("a session expires", func(t *testing.T) {
		client := f.webClient(clearance.RoleAnalyst)
		if status, _ := get(t, client, f.ts.URL+"/ui/alerts"); status != 200 {
			t.Fatalf("%d", status)
		}
		c.advance(sessionTTL + time.Second)
		if status, body := get(t, client, f.ts.URL+"/ui/alerts"); status != 200 || !strings.Contains(body, `id="key"`) {
			t.Fatalf("after %v: %d, want the login form", sessionTTL, status)
		}
	})
	t.Run("ten wrong keys in the form, then 429 with Retry-After", func(t *testing.T) {
		post := func(k string) *http.Response {
			resp, err := http.PostForm(f.ts.URL+"/ui/login", url.Values{"key": {k}, "next": {"/ui/"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}
		for i := range failBurst {
			if resp := post("clk_wrong"); resp.StatusCode != 401 {
				t.Fatalf("wrong key %d: %d", i+1, resp.StatusCode)
			}
		}
		resp := post(key)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("after %d wrong keys, the right one: %d Retry-After %q, want 429", failBurst, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		c.advance(time.Minute)
		if resp := post(key); resp.StatusCode != 200 {
			t.Fatalf("a minute later: %d", resp.StatusCode)
		}
	})
	t.Run("a revoked key's session ends", func(t *testing.T) {
		secret, k, err := CreateKey(t.Context(), f.store, "test", "short-lived", clearance.RoleAnalyst)
		if err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		resp, err := client.PostForm(f.ts.URL+"/ui/login", url.Values{"key": {secret}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if status, _ := get(t, client, f.ts.URL+"/ui/alerts"); status != 200 {
			t.Fatalf("%d", status)
		}
		if err := f.srv.RevokeKey(t.Context(), "test", k.ID); err != nil {
			t.Fatal(err)
		}
		if _, body := get(t, client, f.ts.URL+"/ui/alerts"); !strings.Contains(body, `id="key"`) {
			t.Fatal("the session of a revoked key still works")
		}
	})
}

func newJar(t *testing.T, base, value string) http.CookieJar {
	jar, _ := cookiejar.New(nil)
	u, err := url.Parse(base + "/ui/")
	if err != nil {
		t.Fatal(err)
	}
	jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: value, Path: "/ui/"}})
	return jar
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func TestSafeNextKeepsRedirectsOnTheSite(t *testing.T) {
	for _, next := range []string{
		"", "//evil.example", "//evil.example/ui/", `/\evil.example`, `/./\evil.example`, `/ui/\evil.example`,
		"/\t/evil.example", "/\n/evil.example", "/ui/\t/x", "/\r\n/evil.example",
		"https://evil.example/ui/", "http:/ui/", "javascript:alert(1)", "JavaScript:alert(1)//ui/",
		"/%2F%2Fevil.example", "/%5Cevil.example", "/ui/../../evil", "/ui/..//evil.example", "/uievil", "ui/alerts",
		"/ui/%5C%5Cevil.example", "/ui/\u00a0x", "/ui/x\u2028y",
	} {
		if got := safeNext(next); got != "/ui/" {
			t.Errorf("safeNext(%q) = %q, want /ui/", next, got)
		}
	}
	for next, want := range map[string]string{
		"/ui/":                         "/ui/",
		"/ui/alerts?status=open":       "/ui/alerts?status=open",
		"/ui/alerts/alt_1":             "/ui/alerts/alt_1",
		"/ui/./alerts":                 "/ui/alerts",
		"/ui/?q=Kim+Sang+Man&dob=1965": "/ui/?q=Kim+Sang+Man&dob=1965",
		"/ui/entities/us_ofac_sdn:1":   "/ui/entities/us_ofac_sdn:1",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestSignInRedirectsOnlyWithinTheSite(t *testing.T) {
	f := newFixture(t, Config{})
	client := &http.Client{CheckRedirect: noRedirect}
	for next, want := range map[string]string{"//evil.example": "/ui/", "/ui/alerts": "/ui/alerts", "/\t/evil.example": "/ui/"} {
		resp, err := client.PostForm(f.ts.URL+"/ui/login", url.Values{"key": {f.keys[clearance.RoleAnalyst]}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

func TestFormPostsMustComeFromThisSchemeAndHost(t *testing.T) {
	for _, tt := range []struct {
		name            string
		secure          bool
		origin, referer string
		want            bool
	}{
		{"same scheme and host", false, "http://HOST", "", true},
		{"no Origin, Referer of this site", false, "", "http://HOST/ui/alerts/1", true},
		{"neither header (no browser)", false, "", "", true},
		{"https Origin to an http server", false, "https://HOST", "", false},
		{"http Origin where the site is https", true, "http://HOST", "", false},
		{"https Origin where the site is https", true, "https://HOST", "", true},
		{"another host", false, "http://evil.example", "", false},
		{"another port", false, "http://clearance.example:9090", "", false},
		{"a null Origin", false, "null", "", false},
		{"a cross-site Referer", false, "", "http://evil.example/HOST", false},
		{"an https Referer to an http server", false, "", "https://HOST/ui/", false},
		{"a Referer with user info", false, "", "http://user@HOST/ui/", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Config{Store: nil, SecureCookies: tt.secure})
			req := httptest.NewRequest("POST", "http://clearance.example:8080/ui/login", nil)
			host := req.Host
			if tt.origin != "" {
				req.Header.Set("Origin", strings.ReplaceAll(tt.origin, "HOST", host))
			}
			if tt.referer != "" {
				req.Header.Set("Referer", strings.ReplaceAll(tt.referer, "HOST", host))
			}
			if got := s.sameOrigin(req); got != tt.want {
				t.Fatalf("Origin %q Referer %q to %s (secure %v): %v, want %v", req.Header.Get("Origin"), req.Header.Get("Referer"), host, tt.secure, got, tt.want)
			}
		})
	}
}

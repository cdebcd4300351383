package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/clearance-screening/clearance"
)

// newUser creates a user in the fixture's store and returns the TOTP
// secret ("" without).
func (f *fixture) newUser(in UserInput) (clearance.User, string) {
	f.t.Helper()
	out, err := CreateUser(context.Background(), f.store, "test", in)
	if err != nil {
		f.t.Fatal(err)
	}
	if !in.TOTP {
		return out.User, ""
	}
	k, err := otp.NewKeyFromURL(out.TOTPURI)
	if err != nil {
		f.t.Fatal(err)
	}
	if k.Issuer() != "clearance" || k.AccountName() != in.Username {
		f.t.Fatalf("otpauth URI %s: issuer %q account %q", out.TOTPURI, k.Issuer(), k.AccountName())
	}
	return out.User, k.Secret()
}

// postForm posts the form as a browser on this site would (Origin set).
func (f *fixture) postForm(c *http.Client, path string, form url.Values) (int, string, string) {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", f.ts.URL)
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Request.URL.Path, b.String()
}

func jarClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// auditActions lists the records' "actor action" from seq after on.
func (f *fixture) auditActions(after int64) []string {
	f.t.Helper()
	recs, err := f.store.ListAudit(context.Background(), after, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Actor+" "+r.Action)
	}
	return out
}

func (f *fixture) auditHead() int64 {
	st, err := f.store.Stats(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return st.AuditRecords
}

func TestUserSignInWithPasswordAndTOTP(t *testing.T) {
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}}) // one-step decisions; four eyes: review_test.go
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"cust-9","query":{"name":"Park Jin Hyok","dob":"1984-08-15"}}`, http.StatusCreated, &created)
	alertID := created.Alerts[0].ID
	alice, secret := f.newUser(UserInput{Username: "alice", DisplayName: "Alice Analyst", Role: clearance.RoleAnalyst, Password: "correct horse battery", TOTP: true})
	head := f.auditHead()

	c := jarClient()
	status, _, body := f.postForm(c, "/ui/login", url.Values{"username": {"alice"}, "password": {"wrong horse battery"}, "next": {"/ui/alerts"}})
	if status != 401 || !strings.Contains(body, "Wrong username or password") {
		t.Fatalf("wrong password: %d %s", status, body)
	}
	status, _, body = f.postForm(c, "/ui/login", url.Values{"username": {"nobody"}, "password": {"correct horse battery"}})
	if status != 401 || !strings.Contains(body, "Wrong username or password") {
		t.Fatalf("unknown user: %d", status)
	}
	status, _, body = f.postForm(c, "/ui/login", url.Values{"username": {"alice"}, "password": {"correct horse battery"}, "next": {"/ui/alerts"}})
	if status != 200 || !strings.Contains(body, `id="code"`) {
		t.Fatalf("right password of a TOTP user: %d, want the code form; %s", status, body)
	}
	// Not signed in yet: the password alone opens nothing.
	if status, body := get(t, c, f.ts.URL+"/ui/alerts"); status != 200 || !strings.Contains(body, `id="username"`) {
		t.Fatalf("between the password and the code /ui/alerts gave %d, want the sign-in form", status)
	}
	now := time.Now()
	wrong, _ := totp.GenerateCode(secret, now.Add(-10*time.Minute))
	if status, _, _ := f.postForm(c, "/ui/login/totp", url.Values{"code": {wrong}}); status != 401 {
		t.Fatalf("a code of ten minutes ago: %d, want 401", status)
	}
	code, _ := totp.GenerateCode(secret, now)
	status, path, body := f.postForm(c, "/ui/login/totp", url.Values{"code": {code}})
	if status != 200 || path != "/ui/alerts" || !strings.Contains(body, "Alice Analyst (analyst)") {
		t.Fatalf("right code: %d at %s, want the alerts page naming Alice", status, path)
	}

	// The same code again, in another browser that passed the password:
	// refused within its window.
	c2 := jarClient()
	f.postForm(c2, "/ui/login", url.Values{"username": {"alice"}, "password": {"correct horse battery"}})
	if status, _, body := f.postForm(c2, "/ui/login/totp", url.Values{"code": {code}}); status != 401 || !strings.Contains(body, "used already") {
		t.Fatalf("a code used twice: %d, want 401 'used already'", status)
	}

	// A decision on the page is Alice's.
	status, _, _ = f.postForm(c, "/ui/alerts/"+alertID+"/decision", url.Values{"status": {"false_positive"}, "reason": {"other date of birth"}})
	if status != 200 {
		t.Fatalf("decision: %d", status)
	}
	a, err := f.store.GetAlert(context.Background(), alertID)
	if err != nil || a.DecidedBy != "user:alice" {
		t.Fatalf("decided by %q (%v), want user:alice", a.DecidedBy, err)
	}

	// Disabled: the live session ends, and the password no longer works.
	var disabled clearance.User
	f.call("POST", "/v1/users/alice/disable", clearance.RoleAdmin, nil, http.StatusOK, &disabled)
	if !disabled.Disabled || disabled.ID != alice.ID {
		t.Fatalf("disable answered %+v", disabled)
	}
	if status, body := get(t, c, f.ts.URL+"/ui/alerts"); status != 200 || !strings.Contains(body, `id="username"`) {
		t.Fatalf("a disabled user's session: %d, want the sign-in form", status)
	}
	if status, _, _ := f.postForm(jarClient(), "/ui/login", url.Values{"username": {"alice"}, "password": {"correct horse battery"}}); status != 401 {
		t.Fatalf("a disabled user's password: %d, want 401", status)
	}

	got := strings.Join(f.auditActions(head), "\n")
	adminKey := clearance.KeyActor(f.keyOf(clearance.RoleAdmin))
	for _, want := range []string{
		"anonymous user.signin_failed", // the wrong password (no record for the unknown user)
		"anonymous user.signin_failed", // the reused code
		"user:alice user.signed_in",
		"user:alice alert.decided",
		adminKey + " user.disabled",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "user.signin_failed"); n != 4 {
		// wrong password, ten-minute-old code, reused code, disabled user's password
		t.Errorf("%d user.signin_failed records, want 4:\n%s", n, got)
	}
}

// keyOf returns the fixture's key of the role.
func (f *fixture) keyOf(role clearance.Role) clearance.APIKey {
	f.t.Helper()
	k, err := f.store.APIKeyByHash(context.Background(), clearance.HashAPIKey(f.keys[role]))
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

func TestUserKeysRefusedWhileDisabled(t *testing.T) {
	f := newFixture(t, Config{})
	f.newUser(UserInput{Username: "bob", Role: clearance.RoleReviewer})
	var kc keyCreated
	f.call("POST", "/v1/keys", clearance.RoleAdmin, `{"name":"bob's script","role":"analyst","owner":"bob"}`, http.StatusCreated, &kc)
	if kc.Key.Owner != "bob" {
		t.Fatalf("key created %+v, want owner bob", kc.Key)
	}
	if status, data := f.do("POST", "/v1/keys", clearance.RoleAdmin, `{"role":"admin","owner":"bob"}`); status != 400 {
		t.Fatalf("an admin key for a reviewer: %d %s, want 400", status, data)
	}
	if status, data := f.do("POST", "/v1/keys", clearance.RoleAdmin, `{"role":"screen","owner":"nobody"}`); status != 400 || !strings.Contains(string(data), "nobody") {
		t.Fatalf("a key for no user: %d %s, want 400 naming the owner", status, data)
	}
	f.keys["bob"] = kc.Secret
	var created subjectScreened
	f.call("POST", "/v1/subjects", "bob", `{"ref":"c-1","query":{"name":"Someone"}}`, http.StatusCreated, &created)
	recs, _ := f.store.ListAudit(context.Background(), 0, 1000)
	last := recs[len(recs)-1]
	if want := "key:" + kc.Key.ID + " (bob)"; last.Actor != want || clearance.ActorUser(last.Actor) != "bob" {
		t.Fatalf("subject created by %q, want %q", last.Actor, want)
	}

	f.call("POST", "/v1/users/bob/disable", clearance.RoleAdmin, nil, http.StatusOK, nil)
	if status, _ := f.do("GET", "/v1/alerts", "bob", nil); status != 401 {
		t.Fatalf("a disabled owner's key: %d, want 401 at once", status)
	}
	if status, _ := f.do("POST", "/v1/users/bob/disable", clearance.RoleAdmin, nil); status != 409 {
		t.Fatalf("disabling twice: %d, want 409", status)
	}
	f.call("POST", "/v1/users/bob/enable", clearance.RoleAdmin, nil, http.StatusOK, nil)
	if status, _ := f.do("GET", "/v1/alerts", "bob", nil); status != 200 {
		t.Fatalf("the key after its owner is enabled: %d", status)
	}

	// Disabled by another process (the CLI on the same database): this
	// server's key cache notices within keyRecheck.
	var us clearance.UserStore = f.store
	if _, err := us.SetUserDisabled(context.Background(), "cli", mustUser(t, us, "bob").ID, true); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * keyRecheck)
	for {
		status, _ := f.do("GET", "/v1/alerts", "bob", nil)
		if status == 401 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a key whose owner another process disabled still works after %v", 5*keyRecheck)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func mustUser(t *testing.T, us clearance.UserStore, name string) clearance.User {
	t.Helper()
	u, err := us.UserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsersAPI(t *testing.T) {
	f := newFixture(t, Config{})
	var out UserCreated
	f.call("POST", "/v1/users", clearance.RoleAdmin, `{"username":"carol","role":"reviewer","display_name":"Carol R","email":"carol@example.com","password":"twelve chars ok","totp":true}`, http.StatusCreated, &out)
	if out.User.ID == "" || out.User.Role != clearance.RoleReviewer || !out.User.TOTP || !strings.HasPrefix(out.TOTPURI, "otpauth://totp/clearance:carol?") {
		t.Fatalf("created %+v", out)
	}
	raw, _ := json.Marshal(out.User)
	if strings.Contains(string(raw), "argon2") || strings.Contains(string(raw), "secret") {
		t.Fatalf("a user's JSON shows a secret: %s", raw)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"username":"carol","role":"analyst"}`, "conflict"},
		{`{"username":"dave","role":"root"}`, "invalid"},
		{`{"username":"dave smith","role":"analyst"}`, "invalid"},
		{`{"username":"dave","role":"analyst","password":"short"}`, "invalid"},
		{`{"username":"dave","role":"analyst","email":"not an address"}`, "invalid"},
	} {
		status, data := f.do("POST", "/v1/users", clearance.RoleAdmin, tc.body)
		if status/100 != 4 || errorCode(t, data) != tc.want {
			t.Errorf("%s: %d %s, want %s", tc.body, status, data, tc.want)
		}
	}
	if status, _ := f.do("GET", "/v1/users", clearance.RoleAnalyst, nil); status != 403 {
		t.Fatalf("an analyst listing users: %d, want 403", status)
	}
	var list []clearance.User
	f.call("GET", "/v1/users", clearance.RoleAdmin, nil, http.StatusOK, &list)
	if len(list) != 1 || list[0].Username != "carol" {
		t.Fatalf("listed %+v", list)
	}
	if status, _ := f.do("POST", "/v1/users/usr_nobody/disable", clearance.RoleAdmin, nil); status != 404 {
		t.Fatalf("disabling no user: %d, want 404", status)
	}
}

func TestTOTPCodeWindow(t *testing.T) {
	secret, _, err := NewTOTP("x")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_015, 0) // 15 s into a step
	for _, tc := range []struct {
		at   time.Duration
		ok   bool
		step int64
	}{
		{0, true, 60_000_000},
		{-30 * time.Second, true, 59_999_999}, // the previous code, for clock drift
		{30 * time.Second, true, 60_000_001},
		{-60 * time.Second, false, 0},
		{60 * time.Second, false, 0},
	} {
		code, _ := totp.GenerateCode(secret, now.Add(tc.at))
		step, ok := checkTOTP(secret, code, now)
		if ok != tc.ok || (ok && step != tc.step) {
			t.Errorf("code of %v: ok %v step %d, want %v %d", tc.at, ok, step, tc.ok, tc.step)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := checkTOTP(secret, bad, now); ok {
			t.Errorf("code %q accepted", bad)
		}
	}
}

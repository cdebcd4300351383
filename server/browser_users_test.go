package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/clearance-screening/clearance"
)

// TestUserSignInInABrowser drives Chromium through the two ways a person
// signs in: username, password and TOTP code; then single sign-on at the
// in-test OpenID provider, which the browser reaches as another site
// (localhost, not 127.0.0.1), so the SameSite rules of the cookies are
// those of a real deployment.
func TestUserSignInInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install Debian's chromium (.ci/run does)", chromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	f := newSSOFixture(t, "localhost")
	_, secret := f.newUser(UserInput{Username: "alice", DisplayName: "Alice Analyst", Role: clearance.RoleAnalyst, Password: "correct horse battery", TOTP: true})
	var us clearance.UserStore = f.store
	if err := us.CreateUser(context.Background(), "test", &clearance.User{Username: "erin", DisplayName: "Erin Reviewer", Role: clearance.RoleReviewer, OIDCIssuer: f.issuer, OIDCSubject: "sub-erin"}); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	dir := artifactDir(t)
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		p := filepath.Join(dir, "browser-"+name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot: %s", p)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			shot("users-failed")
			t.Fatalf("%s: %v", what, err)
		}
	}
	who := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("span.who")))
		if err != nil {
			t.Fatalf("who: %v", err)
		}
		return s
	}

	do("password",
		chromedp.Navigate(f.ts.URL+"/ui/alerts"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("code")))
	shot("users-totp")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	do("TOTP code",
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.ID("verify")),
		chromedp.WaitVisible(chromedp.ID("nav-alerts")))
	if w := who(); !strings.Contains(w, "Alice Analyst (analyst)") {
		t.Fatalf("signed in with password and code as %q", w)
	}
	shot("users-password-signed-in")
	do("sign out",
		chromedp.Click(chromedp.CSS("form.logout button")),
		chromedp.WaitVisible(chromedp.ID("username")))

	do("single sign-on",
		chromedp.Navigate(f.ts.URL+"/ui/login?next=/ui/alerts"),
		chromedp.WaitVisible(chromedp.ID("sso")))
	{
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(sctx, chromedp.Click(chromedp.ID("sso")), chromedp.WaitVisible(chromedp.ID("submit")))
		cancel()
		if err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
			t.Fatalf("to the provider: %v at %s: %s", err, loc, html)
		}
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasPrefix(loc, f.issuer+"/login/username") {
		t.Fatalf("single sign-on led to %q (%v), want the provider's login form at %s", loc, err, f.issuer)
	}
	do("the provider's login",
		chromedp.SendKeys(chromedp.ID("username"), "erin"),
		chromedp.SendKeys(chromedp.ID("password"), "idp-password"),
		chromedp.Click(chromedp.ID("submit")),
		chromedp.WaitVisible(chromedp.ID("nav-alerts")))
	if w := who(); !strings.Contains(w, "Erin Reviewer (reviewer)") {
		t.Fatalf("signed in through single sign-on as %q", w)
	}
	shot("users-sso-signed-in")
}

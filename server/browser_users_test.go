package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance/internal/browsertest"
	"github.com/pquerna/otp/totp"

	"github.com/clearance-screening/clearance"
)

// TestUserSignInInABrowser drives Chromium through the two ways a person
// signs in: username, password and TOTP code; then single sign-on at the
// in-test OpenID provider, which the browser reaches as another site
// (localhost, not 127.0.0.1), so the SameSite rules of the cookies are
// those of a real deployment.
func TestUserSignInInABrowser(t *testing.T) {
	b := browsertest.Start(t, "browser", 1280, 900, 60*time.Second)
	f := newSSOFixture(t, "localhost")
	_, secret := f.newUser(UserInput{Username: "alice", DisplayName: "Alice Analyst", Role: clearance.RoleAnalyst, Password: "correct horse battery", TOTP: true})
	var us clearance.UserStore = f.store
	if err := us.CreateUser(context.Background(), "test", &clearance.User{Username: "erin", DisplayName: "Erin Reviewer", Role: clearance.RoleReviewer, OIDCIssuer: f.issuer, OIDCSubject: "sub-erin"}); err != nil {
		t.Fatal(err)
	}

	ctx, shot, do := b.Ctx, b.Shot, b.Do
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

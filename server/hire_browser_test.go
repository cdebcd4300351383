package server

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance"
)

// TestHireCaseAndClusterPagesInABrowser posts a small ring through the
// API and opens, in Debian's Chromium, the case page of one persona and
// from it the cluster page, with screenshots.
func TestHireCaseAndClusterPagesInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install Debian's chromium (.ci/run does)", chromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	f := newFixture(t, Config{})
	f.call("POST", "/v1/hire/people", clearance.RoleScreen, strings.Join(hireRing(), "\n"), http.StatusOK, nil)
	f.call("POST", "/v1/hire/events", clearance.RoleScreen, strings.Join(hireEvents(30), "\n"), http.StatusOK, nil)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1000),
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
			shot("hire-failed")
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	do("sign in and open r1's case",
		chromedp.Navigate(f.ts.URL+"/ui/hire/people/r1"),
		chromedp.Click(chromedp.CSS("details.login summary")), // the API key form, under the user's
		chromedp.WaitVisible(chromedp.ID("key")),
		chromedp.SendKeys(chromedp.ID("key"), f.keys[clearance.RoleAnalyst]),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("hire-signals")))
	shot("hire-person")
	head, signals, idents := text("#hire-person"), text("#hire-signals"), text("#hire-identifiers")
	// The drawings are there and laid out with a size: the hours chart,
	// and the person's cluster with the person marked.
	drawn := func(sel string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const s = document.querySelector("`+sel+` svg"); if (!s) return 0; const r = s.getBoundingClientRect(); return Math.round(r.width * r.height); })()`))
		if err != nil {
			t.Errorf("%s: %v", sel, err)
		}
		return n
	}
	if n := drawn("#hours-chart"); n < 10000 {
		t.Errorf("the case page's hours chart is %d px² (want a drawn SVG)", n)
	}
	if n := drawn("#cluster-graph"); n < 10000 {
		t.Errorf("the case page's cluster graph is %d px² (want a drawn SVG)", n)
	}
	for _, want := range []string{"astrill_vpn", "Astrill", "camera", "Li Qiang", "021000021"} {
		if !strings.Contains(signals, want) {
			t.Errorf("signals lack %q:\n%s", want, signals)
		}
	}
	if !strings.Contains(head, "flagged") || strings.Contains(head, "not flagged") || !strings.Contains(idents, "+12065550101") || !strings.Contains(idents, "weak") {
		t.Errorf("case page head %q, identifiers:\n%s", head, idents)
	}

	do("open the cluster",
		chromedp.Click(chromedp.ID("cluster-link")),
		chromedp.WaitVisible(chromedp.ID("cluster-links")))
	shot("hire-cluster")
	members, links := text("#cluster-members"), text("#cluster-links")
	if n := drawn("#cluster-graph"); n < 10000 {
		t.Errorf("the cluster page's graph is %d px² (want a drawn SVG)", n)
	}
	if personNodes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#cluster-graph svg a").length`)); err != nil || personNodes < 4 {
		t.Errorf("the cluster graph links %d people (%v), want the 4 members", personNodes, err)
	}
	for _, id := range []string{"r1", "r2", "r3", "weak"} {
		if !strings.Contains(members, id) {
			t.Errorf("members lack %s: %q", id, members)
		}
	}
	if !strings.Contains(links, "account") || !strings.Contains(links, "phone") {
		t.Errorf("links table:\n%s", links)
	}
	do("follow a member back to a case",
		chromedp.Click(chromedp.CSS("#cluster-members a.member")),
		chromedp.WaitVisible(chromedp.ID("hire-signals")))
}

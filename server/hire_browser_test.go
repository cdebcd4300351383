package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance/internal/browsertest"

	"github.com/clearance-screening/clearance"
)

// TestHireCaseAndClusterPagesInABrowser posts a small ring through the
// API and opens, in Debian's Chromium, the case page of one persona and
// from it the cluster page, with screenshots.
func TestHireCaseAndClusterPagesInABrowser(t *testing.T) {
	b := browsertest.Start(t, "browser", 1280, 1000, 60*time.Second)
	f := newFixture(t, Config{})
	f.call("POST", "/v1/hire/people", clearance.RoleScreen, strings.Join(hireRing(), "\n"), http.StatusOK, nil)
	f.call("POST", "/v1/hire/events", clearance.RoleScreen, strings.Join(hireEvents(30), "\n"), http.StatusOK, nil)

	ctx, shot, do := b.Ctx, b.Shot, b.Do
	text := b.Text

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

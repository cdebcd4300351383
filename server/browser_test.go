package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance/internal/browsertest"

	"github.com/clearance-screening/clearance"
)

// TestAnalystWorksAnAlertInABrowser drives Debian's Chromium through the
// analyst's day: sign in, search "King San Man", open the alert the
// subject raised, decide it, and find the decision in the audit trail.
func TestAnalystWorksAnAlertInABrowser(t *testing.T) {
	b := browsertest.Start(t, "browser", 1280, 1000, 60*time.Second)
	// "King San Man" is a press misspelling of KIM, Sang Man of the built-in
	// set; it alerts at the default threshold.
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}}) // one-step decisions; four eyes: review_test.go
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"applicant-77","query":{"name":"King San Man","country":"KP","type":"person"}}`, http.StatusCreated, &created)
	if len(created.Alerts) != 1 || created.Alerts[0].EntityID != "clearance_dprk:kim-sang-man" {
		t.Fatalf("the subject raised %+v", created.Alerts)
	}

	shot, do := b.Shot, b.Do
	text := func(id string) string { t.Helper(); return b.Text("#" + id) }

	do("sign in",
		chromedp.Navigate(f.ts.URL+"/ui/"),
		chromedp.Click(chromedp.CSS("details.login summary")), // the API key form, under the user's
		chromedp.WaitVisible(chromedp.ID("key")),
		chromedp.SendKeys(chromedp.ID("key"), f.keys[clearance.RoleAdmin]),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("q")))
	do("search",
		chromedp.SendKeys(chromedp.ID("q"), "King San Man"),
		chromedp.Click(chromedp.ID("search")),
		chromedp.WaitVisible(chromedp.ID("results")))
	results := text("results")
	shot("search")
	do("open the alert",
		chromedp.Click(chromedp.ID("nav-alerts")),
		chromedp.WaitVisible(chromedp.ID("alerts")),
		chromedp.Click(chromedp.CSS("a.alert-link")),
		chromedp.WaitVisible(chromedp.ID("decide")),
		chromedp.SendKeys(chromedp.ID("reason"), "Applicant's passport gives another name and a South Korean nationality."))
	shot("alert")
	do("decide",
		chromedp.Click(chromedp.ID("decide-false")),
		chromedp.WaitVisible(chromedp.ID("decision")))
	decision := text("decision")
	do("open the audit trail",
		chromedp.Click(chromedp.ID("nav-audit")),
		chromedp.WaitVisible(chromedp.ID("audit")))
	audit, chain := text("audit"), text("chain")
	shot("audit")

	for _, want := range []string{"KIM, Sang Man", "clearance_dprk:kim-sang-man", "alert", "king", "kim", "sang"} {
		if !strings.Contains(results, want) {
			t.Errorf("search results lack %q:\n%s", want, results)
		}
	}
	if !strings.Contains(decision, "false positive") || !strings.Contains(decision, "South Korean nationality") {
		t.Errorf("decision: %q", decision)
	}
	if !strings.Contains(audit, "alert.decided") || !strings.Contains(audit, "alert:"+created.Alerts[0].ID) || !strings.Contains(chain, "Chain intact") {
		t.Errorf("audit trail:\n%s\n%s", chain, audit)
	}
	a, err := f.store.GetAlert(context.Background(), created.Alerts[0].ID)
	if err != nil || a.Status != clearance.AlertFalsePositive {
		t.Errorf("stored alert: %+v %v", a, err)
	}
}

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

// TestFourEyesReviewInABrowser drives Chromium through maker-checker
// review as two people: analyst alice decides an alert (score 0.9 or
// more) a false positive; she sees it pending review with no approve
// button, and the API refuses her approval; reviewer bob signs in,
// approves it; the audit page shows both names. Screenshots go to
// $CLEARANCE_ARTIFACTS (or a temp dir) as review-*.png.
//
// Alice and bob are named users who sign in with their passwords; the
// case PDF, read back with pdftotext, lists both decisions.
func TestFourEyesReviewInABrowser(t *testing.T) {
	b := browsertest.Start(t, "review", 1280, 1000, 90*time.Second)
	f, _, _ := reviewFixture(t)
	aliceSecret := f.keys[clearance.RoleAnalyst] // alice's own key, for the API
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"applicant-91","query":{"name":"Kim Sang Man","country":"KP","type":"person"}}`, http.StatusCreated, &created)
	if len(created.Alerts) != 1 || created.Alerts[0].Score < 0.9 {
		t.Fatalf("the subject raised %+v", created.Alerts)
	}
	alertID := created.Alerts[0].ID

	ctx, shot, do := b.Ctx, b.Shot, b.Do
	text := b.Text
	count := b.Count
	// People sign in with their username and password; the admin, a
	// machine account here, with a key.
	signIn := func(who string) {
		t.Helper()
		do("sign in as "+who,
			chromedp.Navigate(f.ts.URL+"/ui/login"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), who),
			chromedp.SendKeys(chromedp.ID("password"), reviewPassword(who)),
			chromedp.Click(chromedp.ID("signin")),
			chromedp.WaitVisible(chromedp.ID("q")))
	}
	signInKey := func(secret string) {
		t.Helper()
		do("sign in with a key",
			chromedp.Navigate(f.ts.URL+"/ui/login"),
			chromedp.Click(chromedp.CSS("details.login summary")),
			chromedp.WaitVisible(chromedp.ID("key")),
			chromedp.SendKeys(chromedp.ID("key"), secret),
			chromedp.Click(chromedp.ID("login")),
			chromedp.WaitVisible(chromedp.ID("q")))
	}

	// alice decides a false positive: it waits for review.
	signIn("alice")
	do("open the queue and the alert",
		chromedp.Click(chromedp.ID("nav-alerts")),
		chromedp.WaitVisible(chromedp.ID("alerts")),
		chromedp.Click(chromedp.CSS(`a.alert-link[href="/ui/alerts/`+alertID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("decide")),
		chromedp.SendKeys(chromedp.ID("reason"), "Passport: born 1990 in Seoul, another father's name."))
	shot("1-alice-decides")
	do("decide a false positive",
		chromedp.Click(chromedp.ID("decide-false")),
		chromedp.WaitVisible(chromedp.ID("self-pending")))
	status, pending := text("#alert-status"), text("#decision")
	shot("2-alice-pending")
	if status != "pending review" || !strings.Contains(pending, "alice") || !strings.Contains(pending, "born 1990") {
		t.Errorf("alice sees status %q, %q", status, pending)
	}
	if n := count("#approve, #reject, #review"); n != 0 {
		t.Errorf("alice's page has %d approve/reject controls", n)
	}
	// Nor does the API let her approve it.
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/alerts/"+alertID+"/review", strings.NewReader(`{"approve":true}`))
	req.Header.Set("Authorization", "Bearer "+aliceSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("the API let alice approve: %d", resp.StatusCode)
	}

	// bob approves.
	signIn("bob")
	do("bob opens the pending alert",
		chromedp.Navigate(f.ts.URL+"/ui/alerts?status=pending_review"),
		chromedp.WaitVisible(chromedp.ID("alerts")),
		chromedp.Click(chromedp.CSS(`a.alert-link[href="/ui/alerts/`+alertID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("approve")),
		chromedp.SendKeys(chromedp.ID("review-reason"), "Passport copy checked."))
	shot("3-bob-reviews")
	do("approve",
		chromedp.Click(chromedp.ID("approve")),
		chromedp.WaitVisible(chromedp.ID("approved")))
	status, decision, history := text("#alert-status"), text("#decision"), text("#history")
	shot("4-bob-approved")
	if status != "false positive" || !strings.Contains(decision, "alice") || !strings.Contains(decision, "approved by bob") {
		t.Errorf("after approval: %q, %q", status, decision)
	}
	if !strings.Contains(history, "alice") || !strings.Contains(history, "decided, pending review") || !strings.Contains(history, "bob") || !strings.Contains(history, "approved the decision") {
		t.Errorf("case history:\n%s", history)
	}

	// The audit page, as an admin, shows both names on the alert's records.
	signInKey(f.keys[clearance.RoleAdmin])
	do("open the audit trail",
		chromedp.Navigate(f.ts.URL+"/ui/audit"),
		chromedp.WaitVisible(chromedp.ID("audit")))
	audit, chain := text("#audit"), text("#chain")
	shot("5-audit")
	for _, want := range []string{"alice", "user:alice", "decided, pending review", "bob", "user:bob", "approved the decision", "alert:" + alertID} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit page lacks %q:\n%s", want, audit)
		}
	}
	if !strings.Contains(chain, "Chain intact") {
		t.Errorf("chain: %s", chain)
	}
	// Readable rows: the data stays folded until asked for.
	if n := count("#audit details[open]"); n != 0 {
		t.Errorf("%d records' data unfolded", n)
	}
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
	if err != nil || height > 6000 {
		t.Errorf("audit page %d pixels high (%v)", height, err)
	}
	do("filter by person",
		chromedp.SendKeys(chromedp.ID("filter-actor"), "bob"),
		chromedp.Click(chromedp.ID("filter")),
		chromedp.WaitVisible(chromedp.ID("unfiltered")))
	if rows := text("#audit tbody"); !strings.Contains(rows, "bob") || strings.Contains(rows, "alice") {
		t.Errorf("bob's records:\n%s", rows)
	}
	shot("6-audit-bob")
	do("print view",
		chromedp.Navigate(f.ts.URL+"/ui/alerts/"+alertID+"/print"),
		chromedp.WaitVisible(chromedp.ID("print-view")))
	shot("7-print")
	a, err := f.store.GetAlert(context.Background(), alertID)
	if err != nil || a.Status != clearance.AlertFalsePositive || a.DecidedBy != "user:alice" {
		t.Errorf("stored alert: %+v %v", a, err)
	}
	// The case report an examiner gets lists both decisions with both names.
	pdf := casePDFText(t, f.webClient(clearance.RoleAnalyst), f.ts.URL, alertID)
	for _, want := range []string{"alice", "bob", "born 1990", "false_positive"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the case PDF lacks %q:\n%s", want, pdf)
		}
	}
}

package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

// reviewFixture is a fixture whose analyst key is alice's and whose
// reviewer key is bob's, with the default review policy.
func reviewFixture(t *testing.T) (f *fixture, alice, bob clearance.APIKey) {
	t.Helper()
	f = newFixture(t, Config{})
	var us clearance.UserStore = f.store
	for _, p := range []struct {
		name string
		role clearance.Role
		key  *clearance.APIKey
	}{{"alice", clearance.RoleAnalyst, &alice}, {"bob", clearance.RoleReviewer, &bob}} {
		// A named user, who signs in with a password, and a key of theirs.
		if _, err := CreateUser(context.Background(), us, "test", UserInput{Username: p.name, Role: p.role, Password: reviewPassword(p.name)}); err != nil {
			t.Fatal(err)
		}
		u, err := us.UserByUsername(context.Background(), p.name)
		if err != nil {
			t.Fatal(err)
		}
		secret := "clk_" + p.name + "-review-test-key-0123456789abcdef"
		k := clearance.APIKey{Name: p.name + "'s key", Role: p.role, Hash: clearance.HashAPIKey(secret), OwnerID: u.ID}
		if err := f.store.CreateAPIKey(context.Background(), "test", &k); err != nil {
			t.Fatal(err)
		}
		k.Owner = p.name
		f.keys[p.role], *p.key = secret, k
	}
	return f, alice, bob
}

// reviewPassword is the test password of a review fixture's user.
func reviewPassword(name string) string { return name + "-correct-horse-battery" }

// checkDoc checks an answer against the schema openapi.json declares for
// its operation and status.
func checkDoc(t *testing.T, d apiDoc, method, pattern string, status int, data []byte) {
	t.Helper()
	op, ok := d.operations()[method+" "+pattern]
	if !ok {
		t.Fatalf("%s %s not documented", method, pattern)
	}
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s answered %d, which is not documented", method, pattern, status)
		return
	}
	resp, _ = d.deref(resp)
	content, _ := resp["content"].(map[string]any)
	js, ok := content["application/json"].(map[string]any)
	if !ok {
		return
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: %v", method, pattern, err)
	}
	if err := d.validate(js["schema"].(map[string]any), v, method+" "+pattern); err != nil {
		t.Errorf("%d: %v\n%s", status, err, data)
	}
}

// TestFourEyesReviewOverTheAPI: alice's false positive at 0.9 or more
// waits; she cannot approve it (her role may not, and a reviewer who made
// a decision may not approve his own either); bob approves; the alert's
// history and the audit trail name both; every answer fits openapi.json.
func TestFourEyesReviewOverTheAPI(t *testing.T) {
	f, alice, bob := reviewFixture(t)
	d := loadDoc(t)
	call := func(method, pattern, path string, role clearance.Role, body any, want int, out any) []byte {
		t.Helper()
		if c, ok := out.(*caseOut); ok {
			*c = caseOut{} // absent fields must not survive from the last answer
		}
		status, data := f.do(method, path, role, body)
		checkDoc(t, d, method, pattern, status, data)
		if status != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, data)
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				t.Fatal(err)
			}
		}
		return data
	}
	var kim, lee subjectScreened
	call("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"a-1","query":{"name":"Kim Sang Man","country":"KP"}}`, http.StatusCreated, &kim)
	call("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"a-2","query":{"name":"Pak Jin Hyok"}}`, http.StatusCreated, &lee)
	if len(kim.Alerts) != 1 || kim.Alerts[0].Score < 0.9 || len(lee.Alerts) != 1 || lee.Alerts[0].Score < 0.9 {
		t.Fatalf("alerts: %+v %+v", kim.Alerts, lee.Alerts)
	}
	id, other := kim.Alerts[0].ID, lee.Alerts[0].ID
	base := "/v1/alerts/" + id

	var c caseOut
	call("POST", "/v1/alerts/{id}/decision", base+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"passport: born 1990 in Seoul"}`, http.StatusOK, &c)
	if c.Status != clearance.AlertPendingReview || c.Pending == nil || c.Pending.By != clearance.KeyActor(alice) || c.DecidedBy != "" {
		t.Fatalf("alice's decision: %+v", c)
	}
	status, data := f.do("POST", base+"/review", clearance.RoleAnalyst, `{"approve":true}`)
	if status != http.StatusForbidden || errorCode(t, data) != "forbidden" {
		t.Fatalf("alice approving: %d %s", status, data)
	}
	status, data = f.do("POST", base+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"again"}`)
	if status != http.StatusConflict {
		t.Fatalf("a second decision on a pending alert: %d %s", status, data)
	}
	var pending page[caseOut]
	call("GET", "/v1/alerts", "/v1/alerts?status=pending_review", clearance.RoleAnalyst, nil, http.StatusOK, &pending)
	if len(pending.Items) != 1 || pending.Items[0].ID != id {
		t.Fatalf("pending: %+v", pending)
	}
	call("POST", "/v1/alerts/{id}/review", base+"/review", clearance.RoleReviewer, `{"approve":false}`, http.StatusBadRequest, nil)
	call("POST", "/v1/alerts/{id}/review", base+"/review", clearance.RoleReviewer, `{"reason":"x"}`, http.StatusBadRequest, nil)
	call("POST", "/v1/alerts/{id}/review", base+"/review", clearance.RoleReviewer, `{"approve":true,"reason":"passport copy on file"}`, http.StatusOK, &c)
	if c.Status != clearance.AlertFalsePositive || c.DecidedBy != clearance.KeyActor(alice) || c.ReviewedBy != clearance.KeyActor(bob) || c.Pending != nil {
		t.Fatalf("bob's approval: %+v", c)
	}
	call("POST", "/v1/alerts/{id}/review", base+"/review", clearance.RoleReviewer, `{"approve":true}`, http.StatusConflict, nil)

	// bob decides the other alert himself: he may not approve that.
	call("POST", "/v1/alerts/{id}/decision", "/v1/alerts/"+other+"/decision", clearance.RoleReviewer, `{"status":"true_match","reason":"same DOB"}`, http.StatusOK, &c)
	data = call("POST", "/v1/alerts/{id}/review", "/v1/alerts/"+other+"/review", clearance.RoleReviewer, `{"approve":true}`, http.StatusForbidden, nil)
	if errorCode(t, data) != "four_eyes" {
		t.Fatalf("bob approving his own: %s", data)
	}

	// The alert's history names both, in plain words.
	var av alertView
	call("GET", "/v1/alerts/{id}", base, clearance.RoleAnalyst, nil, http.StatusOK, &av)
	var hist []string
	for _, h := range av.History {
		hist = append(hist, h.Name+" "+h.Action)
	}
	if got := strings.Join(hist, ", "); got != "alice alert.opened, alice alert.proposed, bob alert.approved" || av.Case == nil || av.Case.ReviewedBy != clearance.KeyActor(bob) {
		t.Fatalf("history: %s; case %+v", got, av.Case)
	}

	// Case work: reopen, assign, comment, escalate; the queue; bulk close.
	call("POST", "/v1/alerts/{id}/reopen", base+"/reopen", clearance.RoleAnalyst, `{"reason":" "}`, http.StatusBadRequest, nil)
	call("POST", "/v1/alerts/{id}/reopen", base+"/reopen", clearance.RoleAnalyst, `{"reason":"new adverse media"}`, http.StatusOK, &c)
	if c.Status != clearance.AlertOpen {
		t.Fatalf("reopened: %+v", c)
	}
	call("POST", "/v1/alerts/{id}/reopen", base+"/reopen", clearance.RoleAnalyst, `{"reason":"again"}`, http.StatusConflict, nil)
	call("POST", "/v1/alerts/{id}/assign", base+"/assign", clearance.RoleAnalyst, `{"assignee":"carol"}`, http.StatusOK, &c)
	var cm clearance.Comment
	call("POST", "/v1/alerts/{id}/comments", base+"/comments", clearance.RoleAnalyst, `{"text":"asked for the passport"}`, http.StatusCreated, &cm)
	call("POST", "/v1/alerts/{id}/comments", "/v1/alerts/alt_nope/comments", clearance.RoleAnalyst, `{"text":"x"}`, http.StatusNotFound, nil)
	call("POST", "/v1/alerts/{id}/escalate", base+"/escalate", clearance.RoleAnalyst, `{"reason":"a director of a client"}`, http.StatusOK, &c)
	if c.Assignee != "carol" || !c.Escalated || cm.By != clearance.KeyActor(alice) {
		t.Fatalf("case work: %+v %+v", c, cm)
	}
	var mine page[caseOut]
	call("GET", "/v1/alerts", "/v1/alerts?assignee=carol&sort=queue", clearance.RoleAnalyst, nil, http.StatusOK, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != id || !mine.Items[0].Escalated {
		t.Fatalf("carol's queue: %+v", mine)
	}
	call("GET", "/v1/alerts", "/v1/alerts?sort=risk", clearance.RoleAnalyst, nil, http.StatusBadRequest, nil)
	call("GET", "/v1/alerts", "/v1/alerts?sort=queue&after=x", clearance.RoleAnalyst, nil, http.StatusBadRequest, nil)
	var third subjectScreened
	call("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"a-3","query":{"name":"Chosun Expo Joint Venture"}}`, http.StatusCreated, &third)
	if len(third.Alerts) == 0 {
		t.Fatal("no third alert")
	}
	var bulk page[caseOut]
	call("POST", "/v1/alerts/bulk-decision", "/v1/alerts/bulk-decision", clearance.RoleAnalyst, map[string]any{"ids": []string{id, third.Alerts[0].ID, other}, "status": "false_positive", "reason": "unrelated"}, http.StatusConflict, nil)
	call("POST", "/v1/alerts/bulk-decision", "/v1/alerts/bulk-decision", clearance.RoleAnalyst, map[string]any{"ids": []string{}, "status": "false_positive", "reason": "unrelated"}, http.StatusBadRequest, nil)
	call("POST", "/v1/alerts/bulk-decision", "/v1/alerts/bulk-decision", clearance.RoleAnalyst, map[string]any{"ids": []string{id, third.Alerts[0].ID}, "status": "false_positive", "reason": "unrelated"}, http.StatusOK, &bulk)
	for _, c := range bulk.Items {
		if want := f.srv.reviewPolicy().Requires(c.Alert, clearance.AlertFalsePositive); (c.Status == clearance.AlertPendingReview) != want {
			t.Errorf("bulk: %s at %.2f is %s", c.ID, c.Score, c.Status)
		}
	}

	// The trail by person, and whole.
	var recs page[clearance.AuditRecord]
	call("GET", "/v1/audit/records", "/v1/audit/records?actor=bob", clearance.RoleAdmin, nil, http.StatusOK, &recs)
	var actions []string
	for _, r := range recs.Items {
		actions = append(actions, r.Action)
	}
	if got := strings.Join(actions, ","); got != "alert.proposed,alert.approved" {
		t.Fatalf("bob's records, newest first: %s", got)
	}
	call("GET", "/v1/audit/records", "/v1/audit/records?from=2025-13-01", clearance.RoleAdmin, nil, http.StatusBadRequest, nil)
	call("GET", "/v1/audit/records", "/v1/audit/records", clearance.RoleAnalyst, nil, http.StatusForbidden, nil)
	var v clearance.AuditVerification
	f.call("GET", "/v1/audit/verify", clearance.RoleAdmin, nil, http.StatusOK, &v)
	if v.FirstBroken != 0 || v.Unproven != "" || !v.Keyed {
		t.Fatalf("audit chain: %+v", v)
	}
}

// TestReviewPolicyLevels: below the level a false positive closes at
// once; with true matches unreviewed, a true match does too.
func TestReviewPolicyLevels(t *testing.T) {
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{TrueMatches: false, FalsePositiveMinScore: 0.99}})
	var s1, s2 subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"b-1","query":{"name":"Kim Sang Man","country":"KP"}}`, http.StatusCreated, &s1)
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"b-2","query":{"name":"Pak Jin Hyok"}}`, http.StatusCreated, &s2)
	var c caseOut
	f.call("POST", "/v1/alerts/"+s1.Alerts[0].ID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"r"}`, http.StatusOK, &c)
	if c.Score >= 0.99 || c.Status != clearance.AlertFalsePositive {
		t.Fatalf("a %.2f false positive at a 0.99 level: %+v", c.Score, c)
	}
	f.call("POST", "/v1/alerts/"+s2.Alerts[0].ID+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"r"}`, http.StatusOK, &c)
	if c.Status != clearance.AlertTrueMatch {
		t.Fatalf("a true match, true matches unreviewed: %+v", c)
	}
	p := clearance.DefaultReviewPolicy()
	a := clearance.Alert{Score: 0.9}
	if !p.Requires(a, clearance.AlertFalsePositive) || !p.Requires(clearance.Alert{Score: 0.5}, clearance.AlertTrueMatch) || p.Requires(clearance.Alert{Score: 0.8999}, clearance.AlertFalsePositive) {
		t.Fatal("the default policy: every true match, false positives at or above 0.9")
	}
}

// TestReviewWebPages: the maker sees no approve button, the reviewer
// does and approves through the form; the audit page shows readable rows
// with names, filters by person and pages; the print view has no forms.
func TestReviewWebPages(t *testing.T) {
	f, _, _ := reviewFixture(t)
	var s subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"w-1","query":{"name":"Kim Sang Man","country":"KP"}}`, http.StatusCreated, &s)
	id := s.Alerts[0].ID
	alice, bob, admin := f.webClient(clearance.RoleAnalyst), f.webClient(clearance.RoleReviewer), f.webClient(clearance.RoleAdmin)
	resp, err := alice.PostForm(f.ts.URL+"/ui/alerts/"+id+"/decision", url.Values{"status": {"false_positive"}, "reason": {"born 1990"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, page := get(t, alice, f.ts.URL+"/ui/alerts/"+id)
	if !strings.Contains(page, `id="self-pending"`) || strings.Contains(page, `id="approve"`) || !strings.Contains(page, "pending review") {
		t.Fatalf("alice's page of her pending decision:\n%s", page)
	}
	// Posted past the page, the form is refused: her role may not review.
	resp, err = alice.PostForm(f.ts.URL+"/ui/alerts/"+id+"/review", url.Values{"verdict": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("alice posting an approval: %d", resp.StatusCode)
	}
	_, page = get(t, bob, f.ts.URL+"/ui/alerts/"+id)
	if !strings.Contains(page, `id="approve"`) {
		t.Fatalf("bob's page lacks the approve button:\n%s", page)
	}
	resp, err = bob.PostForm(f.ts.URL+"/ui/alerts/"+id+"/review", url.Values{"verdict": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if a, _ := f.store.GetAlert(context.Background(), id); a.Status != clearance.AlertFalsePositive {
		t.Fatalf("after bob's approval: %+v", a)
	}
	status, page := get(t, alice, f.ts.URL+"/ui/alerts/"+id+"/print")
	if status != 200 || !strings.Contains(page, `id="print-view"`) || strings.Contains(page, `id="decide"`) || strings.Contains(page, `id="reopen-form"`) ||
		!strings.Contains(page, "<b>alice</b>") || !strings.Contains(page, "<b>bob</b>") {
		t.Fatalf("print view %d:\n%s", status, page)
	}
	// Enough records for a second page of the audit trail.
	for i := range 100 {
		f.call("POST", "/v1/alerts/"+id+"/comments", clearance.RoleReviewer, fmt.Sprintf(`{"text":"note %d"}`, i), http.StatusCreated, nil)
	}
	_, page = get(t, admin, f.ts.URL+"/ui/audit")
	if strings.Count(page, "<details>") < 90 || !strings.Contains(page, `id="older"`) || !strings.Contains(page, `<td class="actor">bob`) {
		t.Fatalf("audit page:\n%s", page)
	}
	_, page = get(t, admin, f.ts.URL+"/ui/audit?actor=alice")
	if !strings.Contains(page, `<td class="actor">alice`) || strings.Contains(page, `<td class="actor">bob`) || !strings.Contains(page, "born 1990") || strings.Contains(page, `id="older"`) {
		t.Fatalf("alice's records:\n%s", page)
	}
	_, page = get(t, admin, f.ts.URL+"/ui/audit?action=alert.approved")
	if strings.Count(page, `<td class="actor">bob`) != 1 || strings.Contains(page, "note 1") {
		t.Fatalf("approvals:\n%s", page)
	}
	if status, _ := get(t, admin, f.ts.URL+"/ui/audit?from=yesterday"); status != http.StatusBadRequest {
		t.Fatalf("a bad date: %d", status)
	}
	_, page = get(t, alice, f.ts.URL+"/ui/alerts?status=all&sort=queue")
	if !strings.Contains(page, id) || !strings.Contains(page, "false positive") {
		t.Fatalf("queue:\n%s", page)
	}
}

// TestReasonCodesInPlainWords: the engine's codes get plain words, the
// code kept beside them on the page.
func TestReasonCodesInPlainWords(t *testing.T) {
	for _, c := range []struct {
		r    clearance.Reason
		want string
	}{
		{clearance.Reason{Field: "name_token", Query: "kim", Listed: "king", How: "final_nasal"}, "kim/king: final n/ng variant"},
		{clearance.Reason{Field: "name", How: "token alignment, weak alias"}, "weak alias"},
		{clearance.Reason{Field: "dob", How: "conflict (12 years apart)"}, "born 12 years apart"},
		{clearance.Reason{Field: "country", Query: "KR", Listed: "KP", How: "conflict"}, "does not name: KP"},
		{clearance.Reason{Field: "name_token", Query: "pak", Listed: "park", How: "romanisation"}, "another romanisation"},
		{clearance.Reason{Field: "name_token", Query: "mr", How: "not in listed name (title, legal form or particle)"}, "counts little"},
	} {
		if got := plainHow(c.r); !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want it to say %q", c.r, got, c.want)
		}
	}
	f := newFixture(t, Config{})
	_, page := get(t, f.webClient(clearance.RoleScreen), f.ts.URL+"/ui/?q=King+San+Man")
	if !strings.Contains(page, "final n/ng variant") || !strings.Contains(page, `<code class="how-code" title="the engine's reason code">final_nasal</code>`) {
		t.Fatalf("search page:\n%s", page)
	}
}

// TestSearchFiltersBySourceAndProgramme: the search page keeps the
// matches of one list, or of a programme, and says so when none is left.
func TestSearchFiltersBySourceAndProgramme(t *testing.T) {
	f := newFixture(t, Config{})
	c := f.webClient(clearance.RoleScreen)
	results := func(q string) string {
		t.Helper()
		status, page := get(t, c, f.ts.URL+"/ui/?q=Pak+Jin+Hyok"+q)
		if status != 200 {
			t.Fatalf("%s: %d", q, status)
		}
		i := strings.Index(page, `<section id="results">`)
		if i < 0 {
			t.Fatalf("%s: no results section", q)
		}
		return page[i:]
	}
	all := results("")
	if !strings.Contains(all, `<small>test_list:1 `) || !strings.Contains(all, `<small>clearance_dprk:`) {
		t.Fatalf("unfiltered results lack a list:\n%s", all)
	}
	one := results("&source=test_list")
	if !strings.Contains(one, `<small>test_list:1 `) || strings.Contains(one, `<small>clearance_dprk:`) {
		t.Fatalf("test_list only:\n%s", one)
	}
	if p := results("&program=cyber2"); !strings.Contains(p, `<small>test_list:1 `) {
		t.Fatalf("programme CYBER2:\n%s", p)
	}
	if p := results("&program=no-such-programme"); !strings.Contains(p, "No listed entity under a programme like") {
		t.Fatalf("no programme:\n%s", p)
	}
}

// TestCaseFormsOnTheWebPage: assign to oneself, comment, escalate,
// bulk close (one alert closes, one waits for review), reopen; each shows
// on the alert's page and in its history.
func TestCaseFormsOnTheWebPage(t *testing.T) {
	f, alice, _ := reviewFixture(t)
	f.srv.cfg.Review = &clearance.ReviewPolicy{TrueMatches: true, FalsePositiveMinScore: 0.95}
	var hi, lo subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-1","query":{"name":"Kim Sang Man","country":"KP"}}`, http.StatusCreated, &hi)
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-2","query":{"name":"Pak Jin Hyok"}}`, http.StatusCreated, &lo)
	hiID, loID := hi.Alerts[0].ID, lo.Alerts[0].ID
	if hi.Alerts[0].Score < 0.95 || lo.Alerts[0].Score >= 0.95 {
		t.Fatalf("scores %.2f and %.2f", hi.Alerts[0].Score, lo.Alerts[0].Score)
	}
	c := f.webClient(clearance.RoleAnalyst)
	post := func(path string, form url.Values, want int) string {
		t.Helper()
		resp, err := c.PostForm(f.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Fatalf("POST %s %v: %d, want %d\n%s", path, form, resp.StatusCode, want, b)
		}
		return string(b)
	}
	post("/ui/alerts/"+hiID+"/case", url.Values{"op": {"assign"}, "text": {"me"}}, http.StatusOK)
	post("/ui/alerts/"+hiID+"/case", url.Values{"op": {"comment"}, "text": {"called the branch"}}, http.StatusOK)
	post("/ui/alerts/"+hiID+"/case", url.Values{"op": {"escalate"}, "text": {" "}}, http.StatusBadRequest)
	page := post("/ui/alerts/"+hiID+"/case", url.Values{"op": {"escalate"}, "text": {"director of a client"}}, http.StatusOK)
	for _, want := range []string{`<dd id="assignee">alice</dd>`, "called the branch", "director of a client", "escalated the alert", "assigned the alert"} {
		if !strings.Contains(page, want) {
			t.Errorf("alert page lacks %q", want)
		}
	}
	post("/ui/alerts/"+hiID+"/case", url.Values{"op": {"delete"}, "text": {"x"}}, http.StatusBadRequest)
	post("/ui/alerts/bulk", url.Values{"status": {"false_positive"}, "reason": {"unrelated"}}, http.StatusBadRequest)
	page = post("/ui/alerts/bulk", url.Values{"id": {hiID, loID}, "status": {"false_positive"}, "reason": {"other dates of birth"}}, http.StatusOK)
	if !strings.Contains(page, "1 closed, 1 waiting for review.") {
		t.Fatalf("bulk close:\n%s", page)
	}
	page = post("/ui/alerts/"+loID+"/case", url.Values{"op": {"reopen"}, "text": {"new adverse media"}}, http.StatusOK)
	if !strings.Contains(page, `id="decide"`) || !strings.Contains(page, "reopened the alert") || !strings.Contains(page, "new adverse media") {
		t.Fatalf("reopened page:\n%s", page)
	}
	rs, _ := f.srv.reviewStore()
	cs, err := rs.GetCase(context.Background(), hiID)
	if err != nil || cs.Status != clearance.AlertPendingReview || cs.Assignee != clearance.KeyActor(alice) || !cs.Escalated {
		t.Fatalf("case %+v %v", cs, err)
	}
}

// TestTheQueuePages: 101 open alerts make two pages of the queue, highest
// score first, and the next page keeps the filter.
func TestTheQueuePages(t *testing.T) {
	f := newFixture(t, Config{})
	for i := range 101 {
		f.call("POST", "/v1/subjects", clearance.RoleAnalyst, fmt.Sprintf(`{"ref":"q-%d","query":{"name":"Kim Sang Man"%s}}`, i, map[bool]string{true: `,"country":"KP"`}[i == 100]), http.StatusCreated, nil)
	}
	var first page[caseOut]
	f.call("GET", "/v1/alerts?sort=queue&limit=100", clearance.RoleAnalyst, nil, http.StatusOK, &first)
	if len(first.Items) != 100 || first.Next != "100" || first.Items[0].Score <= first.Items[1].Score {
		t.Fatalf("first page: %d items, next %q, scores %.2f %.2f", len(first.Items), first.Next, first.Items[0].Score, first.Items[1].Score)
	}
	var second page[caseOut]
	f.call("GET", "/v1/alerts?sort=queue&limit=100&after="+first.Next, clearance.RoleAnalyst, nil, http.StatusOK, &second)
	if len(second.Items) != 1 || second.Next != "" || second.Items[0].ID == first.Items[0].ID {
		t.Fatalf("second page: %+v", second)
	}
	_, body := get(t, f.webClient(clearance.RoleAnalyst), f.ts.URL+"/ui/alerts?status=all")
	if !regexp.MustCompile(`href="/ui/alerts\?[^"]*status=all[^"]*" id="next"`).MatchString(body) {
		t.Fatalf("the page of all alerts lacks a next link that keeps the filter")
	}
}

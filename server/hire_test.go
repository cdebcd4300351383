package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/hire"
)

// hireRing is a small population: three personas of one ring (laptops to
// one farm, paid into one Hong Kong account held by a stranger, cameras
// refused), one member tied to them by a phone only, and two bystanders.
func hireRing() []string {
	person := func(id, org, phone, extra string) string {
		// Everyone has a home of their own: the bystanders live on
		// another street than the ring's members.
		street := "Pine"
		if id[0] == 'b' {
			street = "Elm"
		}
		return fmt.Sprintf(`{"kind":"person","id":%q,"role":"contractor","org":%q,"title":"Software Engineer","legal_name":"Person %s","emails":["%s@example.com"],"phones":[%q],"claimed":{"country":"US","city":"Seattle","timezone":"America/Los_Angeles"},"home_address":"%d %s St, Seattle, WA 98101"%s}`,
			id, org, strings.ToUpper(id), id, phone, 100+len(id)*7+int(id[len(id)-1]), street, extra)
	}
	ring := `,"ship_to":"9 Farm Rd, Reno, NV 89501","payouts":[{"method":"bank","account":"021000021 777","country":"HK","holder_name":"Li Qiang"}],"interview":{"camera_refused":true}`
	return []string{
		person("r1", "Org-1", "+1 206 555 0101", ring),
		person("r2", "Org-2", "+1 206 555 0102", ring),
		person("r3", "Org-3", "+1 206 555 0103", ring),
		person("weak", "Other", "(206) 555-0101", ""),
		person("b1", "Other", "+1 206 555 0201", `,"payouts":[{"method":"bank","account":"021000021 1201","country":"US","holder_name":"Person B1"}]`),
		person("b2", "Other", "+1 206 555 0202", ""),
	}
}

// hireEvents are logins for the people: the ring's from Astrill in
// Pyongyang's working hours, the others' at home in Seattle's.
func hireEvents(n int) []string {
	var out []string
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		for _, id := range []string{"r1", "r2", "r3", "weak", "b1", "b2"} {
			var at time.Time
			org, ip := "Comcast Cable", fmt.Sprintf("73.1.%d.%d", len(id), int(id[len(id)-1]))
			if id[0] == 'r' {
				at = start.AddDate(0, 0, i%40).Add(time.Duration(i%8) * time.Hour) // 09:00-17:00 in UTC+9
				org, ip = "Astrill VPN", "45.1.2.3"
			} else {
				at = start.AddDate(0, 0, i%40).Add(time.Duration(16+i%8) * time.Hour) // 09:00-17:00 in UTC-7
			}
			out = append(out, fmt.Sprintf(`{"kind":"event","person":%q,"at":%q,"type":"login","ip":%q,"country":"US","asn":1,"asn_org":%q}`, id, at.Format(time.RFC3339), ip, org))
		}
	}
	return out
}

type hireIngested struct {
	Accepted     int               `json:"accepted"`
	Rejected     int               `json:"rejected"`
	Errors       []map[string]any  `json:"errors"`
	Assessed     bool              `json:"assessed"`
	Changed      []string          `json:"changed"`
	NewlyFlagged []string          `json:"newly_flagged"`
	Alerts       []clearance.Alert `json:"alerts"`
	ReadError    string            `json:"read_error"`
}

func TestHireAPIRingRaisesOneAlertPerPerson(t *testing.T) {
	hooks := []string{"http://127.0.0.1:9/hire-hook"}
	f := newFixture(t, Config{Webhooks: hooks})
	post := func(path, body string, want int) hireIngested {
		t.Helper()
		status, data := f.do("POST", path, clearance.RoleScreen, body)
		if status != want {
			t.Fatalf("POST %s: %d, want %d: %s", path, status, want, data)
		}
		checkDoc(t, loadDoc(t), "POST", path, status, data)
		var ans hireIngested
		if err := json.Unmarshal(data, &ans); err != nil {
			t.Fatal(err)
		}
		return ans
	}

	// People as a JSON array, one of them bad: it is reported by index and
	// the rest are assessed.
	people := hireRing()
	body := "[" + strings.Join(people, ",") + `,{"kind":"person","legal_name":"No Id"},{"kind":"event","person":"r1","at":"2025-03-03T01:00:00Z"}]`
	ans := post("/v1/hire/people", body, http.StatusOK)
	if ans.Accepted != 6 || ans.Rejected != 2 || len(ans.Errors) != 2 || ans.Errors[0]["index"] != float64(6) || ans.Errors[1]["index"] != float64(7) ||
		!strings.Contains(ans.Errors[0]["error"].(string), `"id"`) || !strings.Contains(ans.Errors[1]["error"].(string), "event record where a person was expected") {
		t.Fatalf("people answer %+v", ans)
	}
	for _, id := range []string{"r1", "r2", "r3", "weak"} {
		if !slices.Contains(ans.NewlyFlagged, id) {
			t.Errorf("%s not newly flagged: %v", id, ans.NewlyFlagged)
		}
	}
	if slices.Contains(ans.NewlyFlagged, "b1") || slices.Contains(ans.NewlyFlagged, "b2") {
		t.Errorf("a bystander flagged: %v", ans.NewlyFlagged)
	}
	if len(ans.Alerts) != len(ans.NewlyFlagged) {
		t.Fatalf("%d alerts for %d newly flagged", len(ans.Alerts), len(ans.NewlyFlagged))
	}
	flagged := len(ans.NewlyFlagged)

	// Events as NDJSON with a malformed line and an event for nobody:
	// both reported by line, the rest folded in; no second alert.
	evs := hireEvents(30)
	lines := append([]string{}, evs[:50]...)
	lines = append(lines, `{"kind":"event","person":"r1",`, `{"kind":"event","person":"ghost","at":"2025-03-03T01:00:00Z"}`)
	lines = append(lines, evs[50:]...)
	ans = post("/v1/hire/events", strings.Join(lines, "\n")+"\n", http.StatusOK)
	if ans.Accepted != len(evs) || ans.Rejected != 2 || ans.Errors[0]["line"] != float64(51) || ans.Errors[1]["line"] != float64(52) ||
		!strings.Contains(ans.Errors[1]["error"].(string), `unknown person "ghost"`) {
		t.Fatalf("events answer: accepted %d rejected %d errors %v", ans.Accepted, ans.Rejected, ans.Errors)
	}
	if len(ans.Alerts) != 0 {
		t.Fatalf("events for flagged people opened more alerts: %+v", ans.Alerts)
	}
	if !slices.Contains(ans.Changed, "r1") {
		t.Errorf("r1's Astrill logins changed nothing: %v", ans.Changed)
	}
	// Nothing usable: 422.
	post("/v1/hire/events", `{"kind":"event","person":"ghost","at":"2025-03-03T01:00:00Z"}`, http.StatusUnprocessableEntity)

	// The case.
	status, data := f.do("GET", "/v1/hire/people/r1", clearance.RoleAnalyst, nil)
	if status != http.StatusOK {
		t.Fatalf("GET person: %d %s", status, data)
	}
	checkDoc(t, loadDoc(t), "GET", "/v1/hire/people/{id}", status, data)
	var p hirePersonView
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	sum := uint32(0)
	for _, n := range p.HourCounts {
		sum += n
	}
	codes := map[string]bool{}
	for _, s := range p.Signals {
		codes[s.Code] = true
		if s.Reason == "" || s.Source == "" || len(s.Evidence) == 0 {
			t.Errorf("signal %s without reason, source or evidence", s.Code)
		}
	}
	if !p.Flagged || p.Cluster == "" || p.ClaimedTimezone != "America/Los_Angeles" || p.Events != 30 || sum != 30 || !codes["astrill_vpn"] {
		t.Fatalf("r1: flagged %v cluster %q tz %q events %d hours %d codes %v", p.Flagged, p.Cluster, p.ClaimedTimezone, p.Events, sum, codes)
	}
	var phone *hireIdentView
	for i := range p.Identifiers {
		if p.Identifiers[i].Kind == "phone" {
			phone = &p.Identifiers[i]
		}
	}
	if phone == nil || phone.Value != "+12065550101" || !slices.Equal(phone.Others, []string{"weak"}) {
		t.Errorf("r1's phone in the index: %+v", phone)
	}
	if status, _ := f.do("GET", "/v1/hire/people/nobody", clearance.RoleAnalyst, nil); status != http.StatusNotFound {
		t.Errorf("GET an unknown person: %d", status)
	}
	if status, _ := f.do("GET", "/v1/hire/people/r1", clearance.RoleScreen, nil); status != http.StatusForbidden {
		t.Errorf("a screen key read a hire case: %d", status)
	}

	// The cluster.
	status, data = f.do("GET", "/v1/hire/clusters/"+p.Cluster, clearance.RoleAnalyst, nil)
	if status != http.StatusOK {
		t.Fatalf("GET cluster: %d %s", status, data)
	}
	checkDoc(t, loadDoc(t), "GET", "/v1/hire/clusters/{id}", status, data)
	var c hireClusterView
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"r1", "r2", "r3", "weak"} {
		if !slices.Contains(c.Members, id) {
			t.Errorf("cluster %v lacks %s", c.Members, id)
		}
	}
	if len(c.Links) == 0 || c.FlaggedMembers < 4 {
		t.Errorf("cluster links %v flagged %d", c.Links, c.FlaggedMembers)
	}

	// The alerts: listed by kind, decided, audited, sent to webhooks.
	var page struct {
		Items []clearance.Alert `json:"items"`
	}
	f.call("GET", "/v1/alerts?kind=hire&status=open", clearance.RoleAnalyst, nil, http.StatusOK, &page)
	if len(page.Items) != flagged {
		t.Fatalf("%d open hire alerts, want %d", len(page.Items), flagged)
	}
	a := page.Items[0]
	if a.Kind != clearance.AlertKindHire || a.PersonID == "" || a.Score < 0.6 {
		t.Fatalf("hire alert %+v", a)
	}
	f.call("POST", "/v1/alerts/"+a.ID+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"one payout account and laptop farm for three personas"}`, http.StatusOK, nil)
	var v clearance.AuditVerification
	f.call("GET", "/v1/audit/verify", clearance.RoleAdmin, nil, http.StatusOK, &v)
	if v.FirstBroken != 0 || v.Records == 0 {
		t.Fatalf("audit chain: %+v", v)
	}
	ds, err := f.store.ClaimWebhooks(context.Background(), time.Now().Add(time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != flagged {
		t.Errorf("%d webhook messages for %d hire alerts", len(ds), flagged)
	}

	// A restarted service loads the population from the store: posting
	// the same people again changes nothing and opens no alert.
	srv2 := New(Config{Store: f.store, Load: f.srv.cfg.Load, Webhooks: hooks})
	if _, err := srv2.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(srv2)
	defer ts2.Close()
	f.ts, f.srv = ts2, srv2
	ans = post("/v1/hire/people", strings.Join(people, "\n"), http.StatusOK)
	if len(ans.Alerts) != 0 || len(ans.NewlyFlagged) != 0 || len(ans.Changed) != 0 {
		t.Fatalf("the same people again after a restart: changed %v, newly flagged %v, %d alerts", ans.Changed, ans.NewlyFlagged, len(ans.Alerts))
	}
	// r1 decided a true match: the open alerts are the others'.
	f.call("GET", "/v1/alerts?kind=hire&status=open", clearance.RoleAnalyst, nil, http.StatusOK, &page)
	if len(page.Items) != flagged-1 {
		t.Errorf("%d open hire alerts after restart, want %d", len(page.Items), flagged-1)
	}
}

// Payees are screened against the lists the service has loaded: a payout
// to a designated person flags on its own and names the entity.
func TestHireAPIScreensPayeesAgainstTheLoadedLists(t *testing.T) {
	f := newFixture(t, Config{})
	body := `{"kind":"person","id":"s1","legal_name":"Dana Moss","claimed":{"country":"US","timezone":"America/Chicago"},"payouts":[{"method":"bank","account":"021000021 4242","country":"US","holder_name":"Kim Sang Man"}]}
{"kind":"person","id":"s2","legal_name":"Eli Ward","claimed":{"country":"US","timezone":"America/Chicago"},"payouts":[{"method":"bank","account":"021000021 4343","country":"US","holder_name":"Eli Ward"}]}`
	var ans hireIngested
	f.call("POST", "/v1/hire/people", clearance.RoleScreen, body, http.StatusOK, &ans)
	if !slices.Equal(ans.NewlyFlagged, []string{"s1"}) || len(ans.Alerts) != 1 || ans.Alerts[0].PersonID != "s1" {
		t.Fatalf("newly flagged %v, alerts %+v", ans.NewlyFlagged, ans.Alerts)
	}
	var p hirePersonView
	f.call("GET", "/v1/hire/people/s1", clearance.RoleAnalyst, nil, http.StatusOK, &p)
	var hit *hire.Signal
	for i := range p.Signals {
		if p.Signals[i].Code == "sanctions_match" {
			hit = &p.Signals[i]
		}
	}
	if hit == nil || !hit.Hard || hit.Evidence["entity_id"] != "clearance_dprk:kim-sang-man" {
		t.Fatalf("s1's signals: %+v", p.Signals)
	}
}

// Two instances on one store each hold the population in memory; one
// that writes after the other reloads instead of overwriting its
// aggregates with stale ones.
func TestHireTwoInstancesOnOneStoreLoseNoEvents(t *testing.T) {
	f := newFixture(t, Config{})
	a := f.ts
	srvB := New(Config{Store: f.store, Load: f.srv.cfg.Load})
	if _, err := srvB.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	b := httptest.NewServer(srvB)
	defer b.Close()
	post := func(ts *httptest.Server, path, body string) {
		t.Helper()
		f.ts = ts
		f.call("POST", path, clearance.RoleScreen, body, http.StatusOK, nil)
	}
	evs := hireEvents(10) // 10 events a person
	var r1 []string
	for _, e := range evs {
		if strings.Contains(e, `"person":"r1"`) {
			r1 = append(r1, e)
		}
	}
	post(a, "/v1/hire/people", strings.Join(hireRing(), "\n"))
	post(b, "/v1/hire/events", strings.Join(r1[:4], "\n")) // B loads A's people
	post(a, "/v1/hire/events", strings.Join(r1[4:], "\n")) // A's population is stale: reload
	post(b, "/v1/hire/events", r1[0])                      // and B's now
	var p hirePersonView
	f.call("GET", "/v1/hire/people/r1", clearance.RoleAnalyst, nil, http.StatusOK, &p)
	if p.Events != 11 {
		t.Fatalf("r1 has %d events stored, want 11 (4 through B, 6 through A, 1 more through B)", p.Events)
	}
}

// Concurrent posts are all applied, and the last of them assesses what
// the others left to it.
func TestHireConcurrentPostsAreAllAppliedAndAssessed(t *testing.T) {
	f := newFixture(t, Config{})
	f.call("POST", "/v1/hire/people", clearance.RoleScreen, strings.Join(hireRing(), "\n"), http.StatusOK, nil)
	evs := hireEvents(40) // 240 events, 40 a person
	const posts = 8
	answers := make(chan hireIngested, posts)
	errs := make(chan error, posts)
	for k := 0; k < posts; k++ {
		go func() {
			var part []string
			for i := k; i < len(evs); i += posts {
				part = append(part, evs[i])
			}
			req, _ := http.NewRequest("POST", f.ts.URL+"/v1/hire/events", strings.NewReader(strings.Join(part, "\n")))
			req.Header.Set("Authorization", "Bearer "+f.keys[clearance.RoleScreen])
			resp, err := f.ts.Client().Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var ans hireIngested
			if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("status %d: %v", resp.StatusCode, err)
				return
			}
			answers <- ans
		}()
	}
	accepted, assessed := 0, 0
	for k := 0; k < posts; k++ {
		select {
		case err := <-errs:
			t.Fatal(err)
		case ans := <-answers:
			accepted += ans.Accepted
			if ans.Assessed {
				assessed++
			}
		}
	}
	if accepted != len(evs) || assessed == 0 {
		t.Fatalf("%d of %d events accepted, %d posts assessed", accepted, len(evs), assessed)
	}
	t.Logf("%d posts, %d assessed", posts, assessed)
	var p hirePersonView
	f.call("GET", "/v1/hire/people/r1", clearance.RoleAnalyst, nil, http.StatusOK, &p)
	astrill := false
	for _, s := range p.Signals {
		astrill = astrill || s.Code == "astrill_vpn" && s.Evidence["astrill_events"] == float64(40)
	}
	if p.Events != 40 || !astrill {
		t.Fatalf("r1 after the concurrent posts: %d events, signals %+v", p.Events, p.Signals)
	}
}

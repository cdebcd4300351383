package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestScreenAnswersWithTheBatchOutputLine(t *testing.T) {
	f := newFixture(t, Config{})
	tests := []struct {
		name      string
		query     string
		wantTop   string
		wantAlert bool
	}{
		{"a listed person by a spelling variant", `{"id":"c1","name":"Park Jin Hyok","dob":"1984-08-15","type":"individual"}`, "test_list:1", true},
		{"an organisation by its wallet alone", `{"id":"c2","wallet":"0x52908400098527886E0F7030069857D2E4169EE7"}`, "test_list:2", true},
		{"a vessel by its IMO number", `{"id":7,"name":"Some Ship","identifiers":[{"type":"imo","number":"8660313"}]}`, "test_list:3", true},
		{"a built-in designation", `{"id":"c4","name":"Kim Sang Man","country":"KP"}`, "clearance_dprk:kim-sang-man", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res clearance.Result
			f.call("POST", "/v1/screen", clearance.RoleScreen, tt.query, http.StatusOK, &res)
			if res.Alert != tt.wantAlert || len(res.Matches) == 0 || res.Matches[0].EntityID != tt.wantTop {
				t.Fatalf("got %+v, want top %s alert %v", res, tt.wantTop, tt.wantAlert)
			}
			if len(res.Matches[0].Reasons) == 0 {
				t.Errorf("match without reasons: %+v", res.Matches[0])
			}
		})
	}
	t.Run("the id is echoed back, numbers as text", func(t *testing.T) {
		var res clearance.Result
		f.call("POST", "/v1/screen", clearance.RoleScreen, `{"id":7,"name":"Nobody Anywhere"}`, http.StatusOK, &res)
		if res.ID != "7" || res.Alert || res.Matches == nil {
			t.Fatalf("got %+v", res)
		}
	})
}

func TestScreenRejectsBadRequestsWithStableCodes(t *testing.T) {
	f := newFixture(t, Config{MaxBodyBytes: 1024})
	tests := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"an empty body", "/v1/screen", "", 400, "bad_json"},
		{"broken JSON", "/v1/screen", `{"name":`, 400, "bad_json"},
		{"two values", "/v1/screen", `{"name":"a"}{"name":"b"}`, 400, "bad_json"},
		{"no name, wallet or identifier", "/v1/screen", `{"dob":"1984"}`, 400, "bad_query"},
		{"an unknown type", "/v1/screen", `{"name":"x","type":"planet"}`, 400, "bad_query"},
		{"a bad date of birth", "/v1/screen", `{"name":"x","dob":"15/08/1984"}`, 400, "bad_query"},
		{"an invalid wallet", "/v1/screen", `{"wallet":"0xnotanaddress"}`, 400, "bad_query"},
		{"a bad limit", "/v1/screen?limit=0", `{"name":"x"}`, 400, "bad_parameter"},
		{"a body over the limit", "/v1/screen", `{"name":"` + strings.Repeat("a", 2000) + `"}`, 413, "body_too_large"},
		{"a batch that is not an array", "/v1/screen/batch", `{"name":"x"}`, 400, "bad_json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, data := f.do("POST", tt.path, clearance.RoleScreen, tt.body)
			if status != tt.status || errorCode(t, data) != tt.code {
				t.Fatalf("got %d %s, want %d %s", status, data, tt.status, tt.code)
			}
		})
	}
}

func TestBatchAnswersEachItemInPlace(t *testing.T) {
	f := newFixture(t, Config{MaxBatch: 50})
	body := `[{"id":"a","name":"Park Jin Hyok","dob":"1984"},{"id":"b","dob":"1984"},"nonsense",{"name":"Chosun Expo"},{"id":"e","name":"Jane Q Public"}]`
	var out []clearance.Result
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, body, http.StatusOK, &out)
	if len(out) != 5 {
		t.Fatalf("got %d results, want 5: %+v", len(out), out)
	}
	want := []struct {
		id    string
		alert bool
		err   bool
	}{{"a", true, false}, {"b", false, true}, {"item-2", false, true}, {"item-3", true, false}, {"e", false, false}}
	for i, w := range want {
		if out[i].ID != w.id || out[i].Alert != w.alert || (out[i].Error != "") != w.err {
			t.Errorf("item %d: got %+v, want id %s alert %v error %v", i, out[i], w.id, w.alert, w.err)
		}
	}
	many := "[" + strings.TrimSuffix(strings.Repeat(`{"name":"x"},`, 51), ",") + "]"
	status, data := f.do("POST", "/v1/screen/batch", clearance.RoleScreen, many)
	if status != 413 || errorCode(t, data) != "batch_too_large" {
		t.Errorf("51 items: got %d %s", status, data)
	}
}

func TestEntitiesAndSources(t *testing.T) {
	f := newFixture(t, Config{})
	var ev entityView
	f.call("GET", "/v1/entities/test_list:1", clearance.RoleScreen, nil, http.StatusOK, &ev)
	if ev.PrimaryName() != "PAK, Jin Hyok" || len(ev.BirthDates) != 1 || ev.SourceInfo.Key != "test_list" ||
		!strings.HasPrefix(ev.SourceInfo.Version, "2025-01-02-") || ev.Version != clearance.EntityVersion(&testEntities()[0]) {
		t.Errorf("entity: %+v", ev)
	}
	status, data := f.do("GET", "/v1/entities/test_list:999", clearance.RoleScreen, nil)
	if status != 404 || errorCode(t, data) != "not_found" {
		t.Errorf("unknown entity: %d %s", status, data)
	}
	var sv sourcesView
	f.call("GET", "/v1/sources", clearance.RoleScreen, nil, http.StatusOK, &sv)
	if len(sv.Sources) != 2 || sv.Sources[0].Entities != 3 || sv.Sources[1].Key != "clearance_dprk" || sv.Sources[1].Entities < 50 || sv.Threshold == 0 {
		t.Errorf("sources: %+v", sv)
	}
	if !strings.Contains(sv.Version, "test_list@2025-01-02-") || !strings.Contains(sv.Version, ",clearance_dprk@") {
		t.Errorf("version %q", sv.Version)
	}
	if age := sv.Sources[0].AgeSeconds; age == nil || *age < 86400 {
		t.Errorf("a list published 2025-01-02 is %v s old", age)
	}
}

func TestKeysAndRoles(t *testing.T) {
	f := newFixture(t, Config{})
	tests := []struct {
		method, path string
		role         clearance.Role
		status       int
	}{
		{"POST", "/v1/screen", "", 401},
		{"GET", "/v1/sources", "", 401},
		{"GET", "/v1/alerts", clearance.RoleScreen, 403},
		{"POST", "/v1/subjects", clearance.RoleScreen, 403},
		{"GET", "/v1/audit", clearance.RoleAnalyst, 403},
		{"POST", "/v1/lists/refresh", clearance.RoleAnalyst, 403},
		{"GET", "/v1/sources", clearance.RoleScreen, 200},
		{"GET", "/v1/alerts", clearance.RoleAnalyst, 200},
		{"GET", "/v1/alerts", clearance.RoleAdmin, 200},
		{"GET", "/healthz", "", 200},
		{"GET", "/readyz", "", 200},
		{"GET", "/openapi.json", "", 200},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s as %q", tt.method, tt.path, tt.role), func(t *testing.T) {
			status, data := f.do(tt.method, tt.path, tt.role, nil)
			if status != tt.status {
				t.Fatalf("got %d %s, want %d", status, data, tt.status)
			}
			if status == 401 && errorCode(t, data) != "unauthorized" || status == 403 && errorCode(t, data) != "forbidden" {
				t.Errorf("body %s", data)
			}
		})
	}
	t.Run("an unknown key is refused", func(t *testing.T) {
		f.keys["bogus"] = "clk_not-a-key"
		status, _ := f.do("GET", "/v1/sources", "bogus", nil)
		if status != 401 {
			t.Fatalf("got %d", status)
		}
	})
}

func TestReadyOnlyOnceListsAreLoaded(t *testing.T) {
	f := newFixture(t, Config{})
	srv := New(Config{Store: f.store})
	rec := httptestDo(srv, "GET", "/readyz")
	if rec.Code != 503 {
		t.Fatalf("readyz before load: %d", rec.Code)
	}
	if rec := httptestDo(srv, "GET", "/healthz"); rec.Code != 200 {
		t.Fatalf("healthz: %d", rec.Code)
	}
	srv.Swap(f.srv.Snapshot())
	if rec := httptestDo(srv, "GET", "/readyz"); rec.Code != 200 {
		t.Fatalf("readyz after swap: %d", rec.Code)
	}
}

func TestSubjectsAlertsAndDecisions(t *testing.T) {
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}}) // one-step decisions; four eyes: review_test.go
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"cust-1","query":{"name":"Park Jin Hyok","dob":"1984-08-15","type":"person"}}`, http.StatusCreated, &created)
	if created.Subject.ID == "" || created.Subject.Ref != "cust-1" || created.Screening == nil || len(created.Alerts) != 1 || created.Alerts[0].EntityID != "test_list:1" {
		t.Fatalf("created: %+v", created)
	}
	id := created.Subject.ID
	status, data := f.do("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"cust-1","query":{"name":"Someone Else"}}`)
	if status != 409 || errorCode(t, data) != "conflict" {
		t.Errorf("duplicate ref: %d %s", status, data)
	}
	status, data = f.do("POST", "/v1/subjects", clearance.RoleAnalyst, `{"query":{"name":"No Ref"}}`)
	if status != 400 || errorCode(t, data) != "bad_subject" {
		t.Errorf("no ref: %d %s", status, data)
	}

	var sub clearance.Subject
	f.call("GET", "/v1/subjects/"+id, clearance.RoleAnalyst, nil, http.StatusOK, &sub)
	if sub.Query.Name != "Park Jin Hyok" || sub.Query.ID != "cust-1" {
		t.Errorf("get: %+v", sub)
	}
	var byRef page[clearance.Subject]
	f.call("GET", "/v1/subjects?ref=cust-1", clearance.RoleAnalyst, nil, http.StatusOK, &byRef)
	if len(byRef.Items) != 1 || byRef.Items[0].ID != id {
		t.Errorf("by ref: %+v", byRef)
	}

	// Screening again does not open a second alert for the same entity.
	var again subjectScreened
	f.call("POST", "/v1/subjects/"+id+"/screen", clearance.RoleAnalyst, nil, http.StatusOK, &again)
	if again.Screening == nil || len(again.Screening.Matches) == 0 || len(again.Alerts) != 0 {
		t.Errorf("second screening: %+v", again)
	}
	var scs page[clearance.Screening]
	f.call("GET", "/v1/subjects/"+id+"/screenings", clearance.RoleAnalyst, nil, http.StatusOK, &scs)
	if len(scs.Items) != 2 {
		t.Errorf("screenings: %d", len(scs.Items))
	}
	var sc clearance.Screening
	f.call("GET", "/v1/screenings/"+again.Screening.ID, clearance.RoleAnalyst, nil, http.StatusOK, &sc)
	if sc.SubjectID != id || sc.ListVersion != f.srv.Snapshot().Version {
		t.Errorf("screening: %+v", sc)
	}

	var open page[clearance.Alert]
	f.call("GET", "/v1/alerts?status=open", clearance.RoleAnalyst, nil, http.StatusOK, &open)
	if len(open.Items) != 1 {
		t.Fatalf("open alerts: %+v", open)
	}
	alertID := open.Items[0].ID
	var av alertView
	f.call("GET", "/v1/alerts/"+alertID, clearance.RoleAnalyst, nil, http.StatusOK, &av)
	if av.Subject == nil || av.Subject.ID != id || av.Match == nil || len(av.Match.Reasons) == 0 || av.Entity == nil || av.Entity.ID != "test_list:1" || av.EntityChanged {
		t.Errorf("alert view: %+v", av)
	}

	status, data = f.do("POST", "/v1/alerts/"+alertID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive"}`)
	if status != 400 || errorCode(t, data) != "bad_decision" {
		t.Errorf("decision without reason: %d %s", status, data)
	}
	var decided clearance.Alert
	f.call("POST", "/v1/alerts/"+alertID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"different date of birth on passport"}`, http.StatusOK, &decided)
	if decided.Status != clearance.AlertFalsePositive || decided.DecidedBy == "" {
		t.Errorf("decided: %+v", decided)
	}
	status, data = f.do("POST", "/v1/alerts/"+alertID+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"changed my mind"}`)
	if status != 409 || errorCode(t, data) != "already_decided" {
		t.Errorf("second decision: %d %s", status, data)
	}
	// A decided false positive is not raised again for the same listing.
	f.call("POST", "/v1/subjects/"+id+"/screen", clearance.RoleAnalyst, nil, http.StatusOK, &again)
	if len(again.Alerts) != 0 {
		t.Errorf("false positive raised again: %+v", again.Alerts)
	}

	var upd subjectScreened
	f.call("PUT", "/v1/subjects/"+id+"?screen=false", clearance.RoleAnalyst, `{"ref":"cust-1b","query":{"name":"Jane Q Public"}}`, http.StatusOK, &upd)
	if upd.Subject.Ref != "cust-1b" || upd.Screening != nil {
		t.Errorf("update: %+v", upd)
	}
	f.call("DELETE", "/v1/subjects/"+id, clearance.RoleAnalyst, nil, http.StatusNoContent, nil)
	status, _ = f.do("GET", "/v1/subjects/"+id, clearance.RoleAnalyst, nil)
	if status != 404 {
		t.Errorf("deleted subject: %d", status)
	}
	// The alert keeps the subject's query after the subject is gone.
	f.call("GET", "/v1/alerts/"+alertID, clearance.RoleAnalyst, nil, http.StatusOK, &av)
	if av.Subject == nil || av.Subject.Query.Name != "Park Jin Hyok" {
		t.Errorf("alert of a deleted subject: %+v", av.Subject)
	}

	// The audit trail holds all of it, and its chain holds.
	status, data = f.do("GET", "/v1/audit", clearance.RoleAdmin, nil)
	if status != 200 {
		t.Fatalf("audit: %d", status)
	}
	actions := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec clearance.AuditRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		if rec.Hash != rec.ComputeMAC(f.key) {
			t.Errorf("record %d: hash does not verify", rec.Seq)
		}
		actions[rec.Action]++
	}
	for _, a := range []string{clearance.ActionSubjectCreated, clearance.ActionScreeningCreated, clearance.ActionAlertOpened, clearance.ActionAlertDecided, clearance.ActionSubjectUpdated, clearance.ActionSubjectDeleted, clearance.ActionListsUpdated} {
		if actions[a] == 0 {
			t.Errorf("no %s in the audit trail: %v", a, actions)
		}
	}
	var v clearance.AuditVerification
	f.call("GET", "/v1/audit/verify", clearance.RoleAdmin, nil, http.StatusOK, &v)
	if v.FirstBroken != 0 || v.Records < 8 || !v.Keyed || v.Unproven != "" {
		t.Errorf("verify: %+v", v)
	}
	status, data = f.do("GET", "/v1/audit?after=3", clearance.RoleAdmin, nil)
	if first := strings.SplitN(string(data), "\n", 2)[0]; status != 200 || !strings.Contains(first, `"seq":4,`) {
		t.Errorf("audit after 3: %d %s", status, first)
	}
}

func TestRecordScreeningsKeepsEveryAnswer(t *testing.T) {
	f := newFixture(t, Config{RecordScreenings: true})
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/screen", strings.NewReader(`{"name":"Park Jin Hyok"}`))
	req.Header.Set("Authorization", "Bearer "+f.keys[clearance.RoleScreen])
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Header.Get("Clearance-Screening-Id")
	var sc clearance.Screening
	f.call("GET", "/v1/screenings/"+id, clearance.RoleAnalyst, nil, http.StatusOK, &sc)
	if sc.Query.Name != "Park Jin Hyok" || len(sc.Matches) == 0 || sc.SubjectID != "" {
		t.Errorf("screening %q: %+v", id, sc)
	}
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"a b"},{"name":"c d"}]`, http.StatusOK, nil)
	var all page[clearance.Screening]
	f.call("GET", "/v1/subjects/-/screenings", clearance.RoleAnalyst, nil, http.StatusOK, &all)
}

func TestBatchAnswerNamesEachStoredScreening(t *testing.T) {
	doc := loadDoc(t)
	batch := doc.operations()["POST /v1/screen/batch"]["responses"].(map[string]any)["200"].(map[string]any)
	schema := batch["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	for _, record := range []bool{true, false} {
		t.Run(fmt.Sprintf("record=%v", record), func(t *testing.T) {
			f := newFixture(t, Config{RecordScreenings: record})
			status, data := f.do("POST", "/v1/screen/batch", clearance.RoleScreen, `[{"id":"k","name":"Kim Sang Man"},{"id":"bad"},{"id":"p","name":"Park Jin Hyok","dob":"1984"}]`)
			var raw any
			if err := json.Unmarshal(data, &raw); status != http.StatusOK || err != nil {
				t.Fatalf("batch: %d %s", status, data)
			}
			if err := doc.validate(schema, raw, "batch answer"); err != nil {
				t.Errorf("the answer does not fit openapi.json: %v", err)
			}
			var out []batchResult
			json.Unmarshal(data, &out)
			if len(out) != 3 || out[1].Error == "" || out[1].ScreeningID != "" {
				t.Fatalf("batch answer %s", data)
			}
			for _, i := range []int{0, 2} {
				if !record {
					if out[i].ScreeningID != "" {
						t.Errorf("item %d names a screening %q that was not stored", i, out[i].ScreeningID)
					}
					continue
				}
				var sc clearance.Screening
				f.call("GET", "/v1/screenings/"+out[i].ScreeningID, clearance.RoleAnalyst, nil, http.StatusOK, &sc)
				if sc.Query.ID != out[i].ID || len(sc.Matches) != len(out[i].Matches) || sc.Matches[0].EntityID != out[i].Matches[0].EntityID {
					t.Errorf("item %d (%s) names screening %s of %q with %d matches", i, out[i].ID, sc.ID, sc.Query.ID, len(sc.Matches))
				}
			}
		})
	}
}

func TestMetricsExposeLatencyListAgesAndAlerts(t *testing.T) {
	f := newFixture(t, Config{})
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"m1","query":{"name":"Park Jin Hyok","dob":"1984"}}`, http.StatusCreated, nil)
	status, data := f.do("GET", "/metrics", "", nil)
	if status != 200 {
		t.Fatalf("metrics: %d", status)
	}
	for _, want := range []string{
		"clearance_screening_duration_seconds_bucket{le=",
		`clearance_http_request_duration_seconds_count{code="201",route="POST /v1/subjects"} 1`,
		`clearance_list_age_seconds{source="test_list"}`,
		`clearance_list_entities{source="test_list"} 3`,
		`clearance_alerts{status="open"} 1`,
		"clearance_webhook_outbox_pending 0",
		"clearance_subjects 1",
		`clearance_list_refreshes_total{result="ok"} 1`,
		"clearance_store_writes_total ",
		"clearance_store_commits_total ",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestANameOverTheLimitIsRefusedNamingTheField(t *testing.T) {
	f := newFixture(t, Config{})
	at := strings.Repeat("김", clearance.MaxNameLen) // 3 bytes a character: the limit counts characters
	f.call("POST", "/v1/screen", clearance.RoleScreen, `{"name":"`+at+`"}`, http.StatusOK, nil)
	status, data := f.do("POST", "/v1/screen", clearance.RoleScreen, `{"name":"`+at+`김"}`)
	if status != 400 || errorCode(t, data) != "bad_query" || !strings.Contains(string(data), "name: 1001 characters; at most 1000") {
		t.Fatalf("a 1,001-character name: %d %s", status, data)
	}
	var batch []batchResult
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"`+strings.Repeat("a", 5000)+`"},{"name":"Park Jin Hyok"}]`, http.StatusOK, &batch)
	if !strings.Contains(batch[0].Error, "name: 5000 characters") || batch[1].Error != "" {
		t.Fatalf("batch: %+v", batch)
	}
	status, data = f.do("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"long","query":{"name":"`+at+`x"}}`)
	if status != 400 || !strings.Contains(string(data), "query: name: 1001 characters") {
		t.Fatalf("subject: %d %s", status, data)
	}
}

func TestMinScoreIsAFiniteNumberFromZeroToOneAndZeroMeansZero(t *testing.T) {
	f := newFixture(t, Config{})
	var def, zero clearance.Result
	f.call("POST", "/v1/screen?limit=100", clearance.RoleScreen, `{"name":"Kim Chol"}`, http.StatusOK, &def)
	f.call("POST", "/v1/screen?limit=100&min_score=0", clearance.RoleScreen, `{"name":"Kim Chol"}`, http.StatusOK, &zero)
	if len(zero.Matches) <= len(def.Matches) {
		t.Errorf("min_score=0 gave %d matches, the default %d: 0 was taken as unset", len(zero.Matches), len(def.Matches))
	}
	for _, m := range zero.Matches {
		if m.Score < 0 {
			t.Errorf("score %v", m.Score)
		}
	}
	for _, bad := range []string{"NaN", "nan", "-0.1", "1.5", "Inf", "-Inf", "1e309", "abc", "1,5", ""} {
		status, data := f.do("POST", "/v1/screen?min_score="+url.QueryEscape(bad), clearance.RoleScreen, `{"name":"Kim Chol"}`)
		if bad == "" {
			continue // absent: the default
		}
		if status != 400 || errorCode(t, data) != "bad_parameter" || !strings.Contains(string(data), "min_score") {
			t.Errorf("min_score=%q: %d %s", bad, status, data)
		}
	}
}

func TestUnknownFieldsAreAnsweredWithWarnings(t *testing.T) {
	f := newFixture(t, Config{})
	var res clearance.Result
	f.call("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Park Jin Hyok","date_of_birth":"1984-08-15","Country":"KP","nationalty":"KP"}`, http.StatusOK, &res)
	want := []string{`unknown field "date_of_birth" (did you mean "dob"?)`, `unknown field "nationalty" (did you mean "country"?)`}
	if strings.Join(res.Warnings, "|") != strings.Join(want, "|") || len(res.Matches) == 0 {
		t.Errorf("warnings %q, want %q (a field in another case is known, as the decoder reads it)", res.Warnings, want)
	}
	var clean clearance.Result
	f.call("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Park Jin Hyok","dob":"1984-08-15"}`, http.StatusOK, &clean)
	if clean.Warnings != nil {
		t.Errorf("warnings on a clean query: %q", clean.Warnings)
	}
	var batch []batchResult
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"Park Jin Hyok","sex":"M"},{"name":"Park Jin Hyok","identifiers":[{"type":"passport","num":"1"}]},{"name":"x","dob":"bad","extra":1}]`, http.StatusOK, &batch)
	if len(batch) != 3 || strings.Join(batch[0].Warnings, "") != `unknown field "sex" (did you mean "gender"?)` ||
		strings.Join(batch[1].Warnings, "") != `unknown field "identifiers[0].num" (did you mean "number"?)` ||
		batch[2].Error == "" || strings.Join(batch[2].Warnings, "") != `unknown field "extra"` {
		t.Errorf("batch warnings: %+v", batch)
	}
	var sub subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"w1","refs":"x","query":{"name":"Park Jin Hyok","birth_date":"1984"}}`, http.StatusCreated, &sub)
	if strings.Join(sub.Warnings, "|") != `unknown field "query.birth_date" (did you mean "dob"?)|unknown field "refs" (did you mean "ref"?)` {
		t.Errorf("subject warnings: %q", sub.Warnings)
	}
	// A body of many unknown fields gets a bounded answer.
	var b strings.Builder
	b.WriteString(`{"name":"Park Jin Hyok"`)
	for i := range 5000 {
		b.WriteString(`,"f` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `_` + strings.Repeat("y", i%13) + `":1`)
	}
	b.WriteString("}")
	f.call("POST", "/v1/screen", clearance.RoleScreen, b.String(), http.StatusOK, &res)
	if len(res.Warnings) != maxWarnings+1 || !strings.HasPrefix(res.Warnings[maxWarnings], "and ") {
		t.Errorf("%d warnings for many unknown fields; want %d and a count", len(res.Warnings), maxWarnings+1)
	}
}

func TestADecisionReasonMustNotBeBlank(t *testing.T) {
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}}) // one-step decisions; four eyes: review_test.go
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c1","query":{"name":"Park Jin Hyok","dob":"1984-08-15"}}`, http.StatusCreated, &created)
	alertID := created.Alerts[0].ID
	for _, reason := range []string{"", " ", "\t\n ", "\u200b", "\u200e\u00a0\u2028", strings.Repeat("x", maxReasonLen+1)} {
		status, data := f.do("POST", "/v1/alerts/"+alertID+"/decision", clearance.RoleAnalyst, map[string]string{"status": "false_positive", "reason": reason})
		if status != 400 || errorCode(t, data) != "bad_decision" || !strings.Contains(string(data), "reason") {
			t.Errorf("reason %q: %d %s", reason, status, data)
		}
	}
	// The web form, posted past the browser's own check, is refused alike.
	analyst := f.webClient(clearance.RoleAnalyst)
	resp, err := analyst.PostForm(f.ts.URL+"/ui/alerts/"+alertID+"/decision", url.Values{"status": {"false_positive"}, "reason": {" \u200b "}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "not blank") {
		t.Errorf("web form with a blank reason: %d", resp.StatusCode)
	}
	var a decisionAnswer
	f.call("POST", "/v1/alerts/"+alertID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"  other DOB  ","comment":"x"}`, http.StatusOK, &a)
	if a.Status != clearance.AlertFalsePositive || a.Reason != "other DOB" || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], `"comment" (did you mean "reason"?)`) {
		t.Errorf("decision: %+v", a)
	}
}

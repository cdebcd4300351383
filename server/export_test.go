package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestExportEndpoints(t *testing.T) {
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}}) // one-step decisions; four eyes: review_test.go
	status, data := f.do("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"exp-1","query":{"name":"Kim Sang Man"}}`)
	if status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("create subject: %d %s", status, data)
	}
	var alerts page[clearance.Alert]
	status, data = f.do("GET", "/v1/alerts?status=open", clearance.RoleAnalyst, nil)
	if json.Unmarshal(data, &alerts); status != http.StatusOK || len(alerts.Items) == 0 {
		t.Fatalf("no alert opened: %d %s", status, data)
	}
	a := alerts.Items[0]
	if status, data = f.do("POST", "/v1/alerts/"+a.ID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"born in 1990"}`); status != http.StatusOK {
		t.Fatalf("decide: %d %s", status, data)
	}

	status, data = f.do("GET", "/v1/export/alerts", clearance.RoleAnalyst, nil)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if status != http.StatusOK || err != nil || len(recs) < 2 || recs[0][0] != "alert_id" {
		t.Fatalf("alerts CSV: %d %v\n%s", status, err, data)
	}
	if !strings.Contains(string(data), a.ID+",false_positive,") || !strings.Contains(string(data), "born in 1990") || !strings.Contains(string(data), "test analyst (") {
		t.Errorf("alerts CSV lacks the decision by the analyst's key:\n%s", data)
	}
	status, data = f.do("GET", "/v1/export/decisions?status=false_positive", clearance.RoleAnalyst, nil)
	if status != http.StatusOK || !strings.Contains(string(data), "alert.decided") || strings.Count(string(data), "\n") != 2 {
		t.Errorf("decisions CSV: %d\n%s\nwant the one decision", status, data)
	}
	status, data = f.do("GET", "/v1/export/alerts?format=pdf&alert="+a.ID, clearance.RoleAnalyst, nil)
	if status != http.StatusOK || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("case PDF: %d, %.40q", status, data)
	}
	status, data = f.do("GET", "/v1/export/audit", clearance.RoleAdmin, nil)
	if status != http.StatusOK || !strings.Contains(string(data), "alert.decided") || !strings.HasPrefix(string(data), "seq,time,actor") {
		t.Errorf("audit CSV: %d\n%.300s", status, data)
	}
	// The web page's signed-in users get the same, and the case report.
	web := f.webClient(clearance.RoleAnalyst)
	if status, body := get(t, web, f.ts.URL+"/ui/alerts/"+a.ID); status != http.StatusOK || !strings.Contains(body, `href="/ui/alerts/`+a.ID+`/case.pdf"`) {
		t.Errorf("the alert page (%d) does not link its case report", status)
	}
	if status, body := get(t, web, f.ts.URL+"/ui/export/decisions"); status != http.StatusOK || !strings.Contains(body, "alert.decided") {
		t.Errorf("web decisions CSV: %d %.200s", status, body)
	}
	if status, _ := get(t, web, f.ts.URL+"/ui/export/audit"); status != http.StatusForbidden {
		t.Errorf("web audit export for an analyst: %d, want 403", status)
	}
	for _, c := range []struct {
		path string
		role clearance.Role
		want int
	}{
		{"/v1/export/audit", clearance.RoleAnalyst, http.StatusForbidden},
		{"/v1/export/alerts", clearance.RoleScreen, http.StatusForbidden},
		{"/v1/export/alerts", "", http.StatusUnauthorized},
		{"/v1/export/alerts?format=docx", clearance.RoleAnalyst, http.StatusBadRequest},
		{"/v1/export/alerts?since=yesterday", clearance.RoleAnalyst, http.StatusBadRequest},
		{"/v1/export/audit?status=open", clearance.RoleAdmin, http.StatusBadRequest},
		{"/v1/export/alerts?alert=alt_missing", clearance.RoleAnalyst, http.StatusNotFound},
	} {
		if status, data := f.do("GET", c.path, c.role, nil); status != c.want {
			t.Errorf("GET %s as %q: %d, want %d\n%s", c.path, c.role, status, c.want, data)
		}
	}
	// Last: it skips without pdftotext (outside CI).
	if text := casePDFText(t, web, f.ts.URL, a.ID); !strings.Contains(text, "alert.decided") || !strings.Contains(text, "status: false_positive; reason: born in 1990") || !strings.Contains(text, "test analyst (") {
		t.Errorf("the case PDF does not list the decision with its author:\n%s", text)
	}
}

// Scores in the API's answers have at most four decimals (they are
// float32 underneath: unrounded, 0.94 prints as 0.9399999976158142).
func TestAPIScoresHaveFourDecimals(t *testing.T) {
	f := newFixture(t, Config{})
	long := regexp.MustCompile(`"score":-?\d+\.\d{5,}`)
	for _, c := range []struct{ path, body string }{
		{"/v1/screen", `{"name":"King San Man"}`},
		{"/v1/screen", `{"name":"Kim Sang Man","dob":"1965"}`},
		{"/v1/screen/batch", `[{"name":"Pak Jin Hek"},{"name":"Lazarous Group"}]`},
	} {
		status, data := f.do("POST", c.path, clearance.RoleScreen, c.body)
		if status != http.StatusOK || !strings.Contains(string(data), `"score":`) {
			t.Fatalf("%s %s: %d %s", c.path, c.body, status, data)
		}
		if m := long.FindString(string(data)); m != "" {
			t.Errorf("%s %s: %s in\n%s", c.path, c.body, m, data)
		}
	}
}

// casePDFText downloads an alert's case report as the web page's signed-in
// user (client) and returns its text as pdftotext reads it: the check of
// what the case PDF lists (decisions, reviews, names) for browser tests
// too. Without pdftotext it skips, outside CI.
func casePDFText(t *testing.T, client *http.Client, base, alertID string) string {
	t.Helper()
	status, body := get(t, client, base+"/ui/alerts/"+alertID+"/case.pdf")
	if status != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("case PDF of %s: %d %.60q", alertID, status, body)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not installed (poppler-utils): .ci/run installs it")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

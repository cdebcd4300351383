package main

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/sqlite"
)

// decidedDB makes an SQLite store with one alert decided a false positive.
func decidedDB(t *testing.T) (path string, a clearance.Alert) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "clearance.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k := clearance.APIKey{Name: "Dana Analyst", Role: clearance.RoleAnalyst, Hash: clearance.HashAPIKey("d")}
	if err := st.CreateAPIKey(ctx, "cli", &k); err != nil {
		t.Fatal(err)
	}
	sub := clearance.Subject{Ref: "c-9", Query: clearance.Query{Name: "Иван Петров"}}
	if err := st.CreateSubject(ctx, k.ID, &sub); err != nil {
		t.Fatal(err)
	}
	sc := clearance.Screening{SubjectID: sub.ID, Query: sub.Query, Threshold: 0.85, ListVersion: "eu_fsf@2026-12-01", By: k.ID,
		Matches: []clearance.Match{{EntityID: "eu_fsf:77", Source: "eu_fsf", Name: "PETROV, Ivan", MatchedName: "Ivan Petrov", Score: 0.9399999976158142,
			Reasons: []clearance.Reason{{Field: "name", Query: "Иван Петров", Listed: "Ivan Petrov", How: "romanisation", Score: 0.9399999976158142}}}}}
	as, err := st.SaveScreening(ctx, &sc, nil)
	if err != nil || len(as) != 1 {
		t.Fatalf("SaveScreening: %v %v", as, err)
	}
	if a, err = st.DecideAlert(ctx, as[0].ID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "born 1990, listed 1961", By: k.ID}); err != nil {
		t.Fatal(err)
	}
	return path, a
}

func TestExportCommand(t *testing.T) {
	db, a := decidedDB(t)
	vars := map[string]string{"CLEARANCE_DB": db}
	stdout, _ := mustRun(t, vars, "", "export", "alerts")
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("alerts CSV: %v\n%s", err, stdout)
	}
	row := strings.Join(recs[1], "|")
	for _, want := range []string{a.ID, "|false_positive|0.9400|", "Dana Analyst (", "born 1990, listed 1961", "Иван Петров", "name romanisation 0.9400 (Иван Петров ~ Ivan Petrov)"} {
		if !strings.Contains(row, want) {
			t.Errorf("alerts row %q lacks %q", row, want)
		}
	}
	stdout, _ = mustRun(t, vars, "", "export", "decisions", "--status", "false_positive", "--since", "2000-01-01")
	if !strings.Contains(stdout, "alert.decided") || strings.Contains(stdout, "alert.opened") {
		t.Errorf("decisions CSV:\n%s\nwant the decision, not the opening", stdout)
	}
	stdout, _ = mustRun(t, vars, "", "export", "audit", "--until", "2000-01-01")
	if strings.Count(stdout, "\n") != 1 {
		t.Errorf("audit before 2000:\n%s\nwant the header alone", stdout)
	}
	pdf := filepath.Join(t.TempDir(), "cases.pdf")
	mustRun(t, vars, "", "export", "alerts", "--db", db, "--out", pdf) // PDF by the extension
	b, err := os.ReadFile(pdf)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("%s: %v, not a PDF", pdf, err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil || !strings.Contains(string(out), "Иван Петров") || !strings.Contains(string(out), "born 1990, listed 1961") {
			t.Errorf("pdftotext: %v\n%s", err, out)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "subjects"}, `unknown export "subjects"`},
		{[]string{"export", "alerts", "--format", "xml"}, `unknown export format "xml"`},
		{[]string{"export", "audit", "--status", "open"}, "--status and --alert select cases"},
		{[]string{"export", "alerts", "--since", "last week"}, `since "last week"`},
		{[]string{"export", "alerts", "--alert", "alt_nope"}, "alert alt_nope: not found"},
	} {
		_, _, err := runCLI(t, vars, "", c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", strings.Join(c.args, " "), err, c.want)
		}
	}
	// A failed export leaves no file behind.
	dir := t.TempDir()
	if _, _, err := runCLI(t, vars, "", "export", "alerts", "--alert", "alt_nope", "--out", filepath.Join(dir, "case.pdf")); err == nil {
		t.Error("export of a missing alert succeeded")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("a failed export left %v", left)
	}
	if _, _, err := runCLI(t, map[string]string{}, "", "export", "alerts"); err == nil || !strings.Contains(err.Error(), "--db is required") {
		t.Errorf("no --db: %v", err)
	}
}

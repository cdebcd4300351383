package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/store/sqlite"
)

// fixture is a real SQLite store holding three cases: one decided a
// false positive by Alice's key with a reviewer's approval and a comment
// recorded after (as review adds them), one still open on a Hangul name,
// one true match decided by Bob.
type fixture struct {
	st                 clearance.Store
	alice, bob         clearance.APIKey
	fp, open, tm       clearance.Alert
	hangulName         string
	cyrillicAlias      string
	reason, approveMsg string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fx := &fixture{st: st, hangulName: "김정은", cyrillicAlias: "Ким Чен Ын", reason: "different date of birth (1984 vs 1962) and nationality", approveMsg: "checked the passport copy"}
	fx.alice = clearance.APIKey{Name: "Alice Analyst", Role: clearance.RoleAnalyst, Hash: clearance.HashAPIKey("a")}
	fx.bob = clearance.APIKey{Name: "Bob Reviewer", Role: clearance.RoleAdmin, Hash: clearance.HashAPIKey("b")}
	for _, k := range []*clearance.APIKey{&fx.alice, &fx.bob} {
		if err := st.CreateAPIKey(ctx, "cli", k); err != nil {
			t.Fatal(err)
		}
	}
	screen := func(ref string, q clearance.Query, m clearance.Match) clearance.Alert {
		t.Helper()
		sub := clearance.Subject{Ref: ref, Query: q}
		if err := st.CreateSubject(ctx, fx.alice.ID, &sub); err != nil {
			t.Fatal(err)
		}
		sc := clearance.Screening{SubjectID: sub.ID, Query: q, Matches: []clearance.Match{m}, Threshold: 0.85,
			ListVersion: "us_ofac_sdn@2026-11-30,un_sc_sanctions@2026-12-01", By: fx.alice.ID}
		as, err := st.SaveScreening(ctx, &sc, nil)
		if err != nil || len(as) != 1 {
			t.Fatalf("SaveScreening: %v, %d alerts", err, len(as))
		}
		return as[0]
	}
	fx.fp = screen("cust-001", clearance.Query{Name: "Pak Chol", DOB: "1984", Country: "KR"}, clearance.Match{
		EntityID: "us_ofac_sdn:12345", Source: "us_ofac_sdn", Name: "PAK, Chol", MatchedName: "Park Cheol", Programs: []string{"DPRK3"}, Score: 0.9399999976158142,
		Reasons: []clearance.Reason{{Field: "name", Query: "Pak Chol", Listed: "Park Cheol", How: "romanisation", Score: 0.9399999976158142}, {Field: "dob", Query: "1984", Listed: "1962", How: "conflict", Score: -0.15000000596046448}},
	})
	fx.open = screen("cust-002", clearance.Query{Name: fx.hangulName, Type: clearance.Person}, clearance.Match{
		EntityID: "un_sc_sanctions:KPi.033", Source: "un_sc_sanctions", Name: "KIM JONG UN", MatchedName: fx.cyrillicAlias, Score: 0.97,
		Reasons: []clearance.Reason{{Field: "name", Query: fx.hangulName, Listed: fx.cyrillicAlias, How: "romanisation", Score: 0.97}},
	})
	fx.tm = screen("cust-003", clearance.Query{Name: "Lazarus Group"}, clearance.Match{
		EntityID: "us_ofac_sdn:24001", Source: "us_ofac_sdn", Name: "LAZARUS GROUP", MatchedName: "LAZARUS GROUP", Score: 1,
		Reasons: []clearance.Reason{{Field: "name", Query: "Lazarus Group", Listed: "LAZARUS GROUP", How: "exact", Score: 1}},
	})
	if fx.fp, err = st.DecideAlert(ctx, fx.fp.ID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: fx.reason, By: fx.alice.ID}); err != nil {
		t.Fatal(err)
	}
	if fx.tm, err = st.DecideAlert(ctx, fx.tm.ID, clearance.Decision{Status: clearance.AlertTrueMatch, Reason: "same entity", By: fx.bob.ID}); err != nil {
		t.Fatal(err)
	}
	// Actions this package has never heard of, on the alert: a review's
	// approval and a comment, as four-eyes review records them.
	for _, r := range []clearance.AuditRecord{
		{Actor: fx.bob.ID, Action: "alert.approved", Object: "alert:" + fx.fp.ID, Data: json.RawMessage(`{"status":"false_positive","comment":"` + fx.approveMsg + `"}`)},
		{Actor: "carol", Action: "alert.commented", Object: "alert:" + fx.fp.ID, Data: json.RawMessage(`{"comment":"filed with the SAR team"}`)},
	} {
		if err := st.AppendAudit(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, b)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func TestAlertsAndDecisionsCSV(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	actors, err := LoadActors(ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := LoadCases(ctx, fx.st, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteAlertsCSV(&b, cases, actors); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	if len(rows) != 3 {
		t.Fatalf("%d alert rows, want 3:\n%s", len(rows), b.String())
	}
	fp := rows[0]
	want := map[string]string{"alert_id": fx.fp.ID, "status": "false_positive", "score": "0.9400", "decided_by": "Alice Analyst (" + fx.alice.ID + ")",
		"decision_reason": fx.reason, "subject_ref": "cust-001", "query_name": "Pak Chol", "matched_alias": "Park Cheol",
		"reasons": "name romanisation 0.9400 (Pak Chol ~ Park Cheol); dob conflict -0.1500 (1984 ~ 1962)", "list_version": "us_ofac_sdn@2026-11-30,un_sc_sanctions@2026-12-01", "audit_records": "4"}
	for k, v := range want {
		if fp[k] != v {
			t.Errorf("alerts CSV %s = %q, want %q", k, fp[k], v)
		}
	}
	if rows[1]["query_name"] != fx.hangulName || rows[1]["matched_alias"] != fx.cyrillicAlias || rows[1]["status"] != "open" {
		t.Errorf("open case %v: want the Hangul name and Cyrillic alias as written", rows[1])
	}

	b.Reset()
	if err := WriteDecisionsCSV(&b, cases, actors, Filter{}); err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, b.Bytes())
	var got []string
	for _, r := range rows {
		got = append(got, r["alert_id"]+" "+r["actor"]+" "+r["action"]+" "+r["details"])
	}
	wantRows := []string{
		fx.fp.ID + " Alice Analyst (" + fx.alice.ID + ") alert.decided status: false_positive; reason: " + fx.reason + "; score: 0.94",
		fx.tm.ID + " Bob Reviewer (" + fx.bob.ID + ") alert.decided status: true_match; reason: same entity; score: 1",
		fx.fp.ID + " Bob Reviewer (" + fx.bob.ID + ") alert.approved status: false_positive; comment: " + fx.approveMsg,
		fx.fp.ID + " carol alert.commented comment: filed with the SAR team",
	}
	if strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("decisions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
	}

	// Filters: status, and time.
	only, err := LoadCases(ctx, fx.st, Filter{Status: clearance.AlertOpen})
	if err != nil || len(only) != 1 || only[0].Alert.ID != fx.open.ID {
		t.Errorf("status open: %d cases, %v; want the open one", len(only), err)
	}
	future, err := ParseFilter(time.Now().Add(time.Hour).Format(time.RFC3339), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if none, err := LoadCases(ctx, fx.st, future); err != nil || len(none) != 0 {
		t.Errorf("since an hour from now: %d cases, %v; want none", len(none), err)
	}
}

func TestAuditCSVHasEveryRecord(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	var b bytes.Buffer
	if err := WriteAuditCSV(ctx, &b, fx.st, Actors{fx.alice.ID: "Alice Analyst"}, Filter{}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	stats, err := fx.st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)) != stats.AuditRecords {
		t.Fatalf("%d rows, want the store's %d records", len(rows), stats.AuditRecords)
	}
	for i, r := range rows {
		if r["seq"] != strings.TrimSpace(r["seq"]) || r["hash"] == "" || (i > 0 && r["prev_hash"] != rows[i-1]["hash"]) {
			t.Errorf("row %d %v: want the chain's hashes, linked", i, r)
		}
	}
	if !strings.Contains(b.String(), "alert.commented") || !strings.Contains(b.String(), "Alice Analyst") {
		t.Errorf("audit CSV lacks the comment or Alice's name")
	}
}

func TestParseFilterRefusesNonsense(t *testing.T) {
	for _, c := range [][4]string{{"yesterday", "", "", ""}, {"", "2026-13-01", "", ""}, {"2026-12-05", "2026-12-01", "", ""}, {"", "", "Open Alerts", ""}} {
		if _, err := ParseFilter(c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("ParseFilter%q: no error", c)
		}
	}
	f, err := ParseFilter("2026-12-01", "2026-12-05", "false_positive", "")
	if err != nil || !f.Until.Equal(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)) || f.Status != clearance.AlertFalsePositive {
		t.Errorf("ParseFilter: %+v, %v; want until the end of 2026-12-05", f, err)
	}
}

// pdfText renders the PDF with poppler: every page to PNG with pdftoppm
// (a PDF poppler cannot draw fails here) and its text with pdftotext.
func pdfText(t *testing.T, pdf []byte) (text string, pages int) {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not installed (poppler-utils): .ci/run installs it", tool)
			}
			t.Skipf("%s not installed (apt-get install poppler-utils)", tool)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "80", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	for _, p := range pngs {
		if fi, err := os.Stat(p); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v, an empty page", p, err)
		}
		if a := os.Getenv("CLEARANCE_ARTIFACTS"); a != "" {
			b, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(a, "export-"+strings.ReplaceAll(t.Name(), "/", "_")+"-"+filepath.Base(p)), b, 0o644)
		}
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), len(pngs)
}

func TestCasesPDFReadsBack(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	actors, err := LoadActors(ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := LoadCases(ctx, fx.st, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	hangul, path := FindHangulFont()
	for _, c := range []struct {
		name   string
		hangul []byte
	}{{"with a Hangul font", hangul}, {"without a Hangul font", nil}} {
		t.Run(c.name, func(t *testing.T) {
			if c.hangul == nil && c.name == "with a Hangul font" {
				if os.Getenv("CI") != "" {
					t.Fatal("no Hangul font: .ci/run installs fonts-nanum")
				}
				t.Skip("no Hangul font on this machine (apt-get install fonts-nanum)")
			}
			var b bytes.Buffer
			if err := WriteCasesPDF(&b, cases, actors, PDFOptions{Hangul: c.hangul, Now: time.Date(2026, 12, 5, 19, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			text, pages := pdfText(t, b.Bytes())
			t.Logf("%d bytes, %d pages (Hangul font %q)", b.Len(), pages, path)
			if pages != 4 {
				t.Errorf("%d pages, want a cover and one per case (4)", pages)
			}
			flat := strings.Join(strings.Fields(text), " ")
			for _, want := range []string{
				"Case " + fx.fp.ID, "Pak Chol", "PAK, Chol", "Matched alias: Park Cheol", "name · romanisation · 0.9400", "dob · conflict · -0.1500",
				"Alice Analyst (" + fx.alice.ID + ") alert.decided", "status: false_positive; reason: " + fx.reason,
				"Bob Reviewer (" + fx.bob.ID + ") alert.approved", fx.approveMsg, "carol alert.commented",
				"List version: us_ofac_sdn@2026-11-30", "un_sc_sanctions@2026-12-01",
				"Case " + fx.tm.ID, "status: true_match; reason: same entity", "Lazarus Group",
				"Matched alias: " + fx.cyrillicAlias,
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(flat, "0.93999") {
				t.Errorf("an unrounded score in the PDF")
			}
			if c.hangul != nil {
				if !strings.Contains(flat, "Name: "+fx.hangulName) || strings.Contains(flat, "‹") {
					t.Errorf("with a Hangul font the name should be written as is, %s:\n%s", fx.hangulName, text)
				}
			} else if !strings.Contains(flat, "Name: ‹Gimjeongeun›") || !strings.Contains(flat, "shown romanised") {
				t.Errorf("without a Hangul font the name should be romanised with a note:\n%s", text)
			}
		})
	}
}

func TestAuditPDFReadsBack(t *testing.T) {
	fx := newFixture(t)
	var b bytes.Buffer
	if err := WriteAuditPDF(context.Background(), &b, fx.st, Actors{fx.bob.ID: "Bob Reviewer"}, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, b.Bytes())
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Audit trail", "screening.created", "Bob Reviewer (" + fx.bob.ID + ") alert.approved alert:" + fx.fp.ID, "comment: filed with the SAR team"} {
		if !strings.Contains(flat, want) {
			t.Errorf("audit PDF lacks %q:\n%s", want, text)
		}
	}
}

// A case's history is found from where its alert opened, without reading
// the trail before it; it is the same as from a scan of the whole trail.
func TestCaseHistoryFromTheAlertsOpening(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	all, err := LoadCases(ctx, fx.st, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer func(s time.Duration) { clockSlack = s }(clockSlack)
	clockSlack = 0
	for _, c := range all {
		one, err := LoadCases(ctx, fx.st, Filter{Alert: c.Alert.ID})
		if err != nil || len(one) != 1 {
			t.Fatalf("%s: %v, %d cases", c.Alert.ID, err, len(one))
		}
		if len(one[0].Records) != len(c.Records) || len(c.Records) == 0 || one[0].Records[0].Seq != c.Records[0].Seq {
			t.Errorf("%s: %d records from its opening, %d from the whole trail", c.Alert.ID, len(one[0].Records), len(c.Records))
		}
	}
	// The search itself: the last record before each record's time is
	// the one before it (times are distinct to the microsecond here).
	var recs []clearance.AuditRecord
	EachAudit(ctx, fx.st, func(r clearance.AuditRecord) error { recs = append(recs, r); return nil })
	for i, r := range recs {
		if i > 0 && !recs[i-1].Time.Before(r.Time) {
			continue // two records in one microsecond
		}
		got, err := seqBefore(ctx, fx.st, r.Time)
		if err != nil || got != r.Seq-1 {
			t.Errorf("seqBefore(time of #%d) = %d, %v; want %d", r.Seq, got, err, r.Seq-1)
		}
	}
	if got, _ := seqBefore(ctx, fx.st, time.Now().Add(time.Hour)); got != int64(len(recs)) {
		t.Errorf("seqBefore(the future) = %d, want the last record, %d", got, len(recs))
	}
}

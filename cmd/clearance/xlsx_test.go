package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/xuri/excelize/v2"
)

// mainExitCode is the status main exits with for run's error.
func mainExitCode(err error) int {
	var st *exitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &st):
		return st.code
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// The bar: the dev set screened from an XLSX workbook into an XLSX
// workbook gives every row the same matches, scores and alerts as from
// JSONL into JSONL.
func TestBatchXLSXRoundTripsTheDevSetAsJSONL(t *testing.T) {
	t.Parallel()
	dev := sharedfiles.Eval(t, "dev.jsonl")
	dir := t.TempDir()
	book := filepath.Join(dir, "dev.xlsx")
	cols := []string{"id", "name", "type", "dob", "country"}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = strings.ToUpper(c[:1]) + c[1:] // header names match whatever their case
	}
	sw.SetRow("A1", header)
	in, err := os.Open(dev)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	sc := bufio.NewScanner(in)
	n := 0
	for sc.Scan() {
		var q map[string]any
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			s, _ := q[c].(string)
			row[i] = s
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	f.Close()

	vars := realLists(t)
	jsonOut, xlsxOut := filepath.Join(dir, "results.jsonl"), filepath.Join(dir, "results.xlsx")
	_, stderr, code := runBatchCLI(t, vars, "", "batch", "--in", dev, "--out", jsonOut, "--min-score", "0.5", "--no-progress")
	if code != exitAlert {
		t.Fatalf("JSONL batch exit %d, want 1 (alerts):\n%s", code, stderr)
	}
	_, stderr, code = runBatchCLI(t, vars, "", "batch", "--in", book, "--out", xlsxOut, "--min-score", "0.5", "--no-progress")
	if code != exitAlert || !strings.Contains(stderr, "3000 rows read, 3000 screened") {
		t.Fatalf("XLSX batch exit %d, want 1 (alerts) and 3000 rows:\n%s", code, stderr)
	}
	if _, err := os.Stat(xlsxOut + ".checkpoint"); err == nil {
		t.Errorf("an XLSX batch left a checkpoint")
	}

	// id -> "entity score" per match, and whether the row alerted.
	want, wantAlert := map[string][]string{}, map[string]bool{}
	jb, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(jb)) {
		var r struct {
			ID      string
			Alert   bool
			Matches []struct {
				EntityID string `json:"entity_id"`
				Score    float64
			}
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		want[r.ID], wantAlert[r.ID] = []string{}, r.Alert
		for _, m := range r.Matches {
			want[r.ID] = append(want[r.ID], m.EntityID+" "+batchio.FormatScore(m.Score))
		}
	}
	xf, err := excelize.OpenFile(xlsxOut)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	rows, err := xf.GetRows("results")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	cell := func(r []string, name string) string {
		if i := col[name]; i < len(r) {
			return r[i]
		}
		return ""
	}
	got, gotAlert := map[string][]string{}, map[string]bool{}
	var order []string
	for _, r := range rows[1:] {
		id := cell(r, "id")
		if _, ok := got[id]; !ok {
			got[id] = []string{}
			order = append(order, id)
		}
		gotAlert[id] = cell(r, "alert") == "TRUE"
		if e := cell(r, "entity_id"); e != "" {
			got[id] = append(got[id], e+" "+cell(r, "score"))
		}
	}
	if len(want) != 3000 || len(got) != len(want) {
		t.Fatalf("%d subjects from JSONL, %d from XLSX, want 3000 each", len(want), len(got))
	}
	if order[0] != "dev-00001" || order[len(order)-1] != "dev-03000" {
		t.Errorf("XLSX rows from %s to %s, want dev-00001 to dev-03000 in input order", order[0], order[len(order)-1])
	}
	diff, alerts, matches := 0, 0, 0
	for id, w := range want {
		matches += len(w)
		if wantAlert[id] {
			alerts++
		}
		if !slices.Equal(got[id], w) || gotAlert[id] != wantAlert[id] {
			if diff++; diff <= 5 {
				t.Errorf("%s: XLSX %v alert %v, JSONL %v alert %v", id, got[id], gotAlert[id], w, wantAlert[id])
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of 3000 subjects differ", diff)
	}
	if alerts == 0 || matches == 0 {
		t.Errorf("%d alerts, %d matches: the comparison compared nothing", alerts, matches)
	}
	t.Logf("3000 dev subjects: %d matches, %d alerts, the same from XLSX as from JSONL", matches, alerts)
}

// screen and batch exit as grep does: 0 no alert, 1 an alert, 2 an error.
func TestScreenAndBatchExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.csv", "id,name\n1,Margaret Thatcher\n2,Ludwig van Beethoven\n")
	alert := write("alert.csv", "id,name\n1,Margaret Thatcher\n2,Kim Sang Man\n")
	broken := write("broken.csv", "id,name,dob\n1,Kim Sang Man,\n2,Margaret Thatcher,1965-13-45\n")
	notXLSX := write("subjects.xlsx", "id,name\n1,Kim Sang Man\n")
	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"screen, no alert", []string{"screen", "Margaret Thatcher"}, 0},
		{"screen, an alert", []string{"screen", "King San Man"}, 1},
		{"screen, a bad date of birth", []string{"screen", "Kim Sang Man", "--dob", "1965-13-45"}, 2},
		{"screen, no subject", []string{"screen"}, 2},
		{"batch, no alert", []string{"batch", "--in", clean, "--out", filepath.Join(dir, "clean.out.csv")}, 0},
		{"batch, an alert", []string{"batch", "--in", alert, "--out", filepath.Join(dir, "alert.out.xlsx")}, 1},
		{"batch, a failed row beside an alert", []string{"batch", "--in", broken, "--out", filepath.Join(dir, "broken.out.jsonl")}, 2},
		{"batch, a missing input", []string{"batch", "--in", filepath.Join(dir, "missing.csv")}, 2},
		{"batch, a CSV named .xlsx", []string{"batch", "--in", notXLSX}, 2},
		{"batch, XLSX on the queue", []string{"batch", "--in", alert, "--out", filepath.Join(dir, "q.xlsx"), "--queue", "nats://127.0.0.1:1"}, 2},
		{"batch, no input", []string{"batch"}, 2},
	} {
		_, stderr, err := runCLI(t, builtinOnly(t), "", c.args...)
		if got := mainExitCode(err); got != c.code {
			t.Errorf("%s: exit %d (%v), want %d\nstderr: %s", c.name, got, err, c.code, stderr)
		}
	}
}

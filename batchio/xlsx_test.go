package batchio

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX file whose first sheet holds rows (row 1 first);
// a time.Time-free date is set as Excel stores it: a serial number.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	// A second sheet is not read.
	f.NewSheet("Notes")
	f.SetCellValue("Notes", "A1", "not a subject")
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXReaderReadsRowsByHeaderName(t *testing.T) {
	book := workbook(t, [][]any{
		{},
		{"ID", "Name", "DOB", "Country", "Identifiers"},
		{"r1", "Kim Sang Man", 23993, "KP", "passport:109420132"}, // 1965-09-08 as Excel stores it
		{"r2", "Lazarus, Group \"APT38\"", 1965, "", ""},          // a year typed as a number
		{},
		{7, "Ivan\nPetrov", "1970-01", "RU", ""},
		{"r5", "", "", "", ""},
	})
	x, err := OpenXLSX(bytes.NewReader(book), "subjects.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	p, err := NewParser(XLSX, x.Header())
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		no  int
		q   clearance.Query
		err string
	}
	var got []row
	for {
		l, err := x.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if l.Blank() {
			continue
		}
		q, err := p.Parse(l)
		r := row{no: l.No, q: q}
		if err != nil {
			r.err = err.Error()
		}
		got = append(got, r)
	}
	want := []row{
		{3, clearance.Query{ID: "r1", Name: "Kim Sang Man", DOB: "1965-09-08", Country: "KP", Identifiers: []clearance.Identifier{{Type: "passport", Number: "109420132"}}}, ""},
		{4, clearance.Query{ID: "r2", Name: "Lazarus, Group \"APT38\"", DOB: "1965"}, ""},
		{6, clearance.Query{ID: "7", Name: "Ivan Petrov", DOB: "1970-01", Country: "RU"}, ""},
		{7, clearance.Query{ID: "r5"}, "no name"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.no != w.no || g.q.ID != w.q.ID || g.q.Name != w.q.Name || g.q.DOB != w.q.DOB || g.q.Country != w.q.Country || len(g.q.Identifiers) != len(w.q.Identifiers) || !strings.Contains(g.err, w.err) || (w.err == "") != (g.err == "") {
			t.Errorf("row %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestXLSXReaderRefusesWhatIsNotAWorkbook(t *testing.T) {
	if _, err := OpenXLSX(strings.NewReader("id,name\n1,Kim\n"), "subjects.xlsx"); err == nil || !strings.Contains(err.Error(), "subjects.xlsx: not an XLSX workbook") {
		t.Errorf("CSV read as XLSX: %v, want an error naming the file", err)
	}
	if _, err := OpenXLSX(bytes.NewReader(workbook(t, nil)), "empty.xlsx"); err == nil || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("empty workbook: %v, want 'no header row'", err)
	}
	x, err := OpenXLSX(bytes.NewReader(workbook(t, [][]any{{"id", "surname"}})), "x.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := NewParser(XLSX, x.Header()); err == nil || !strings.Contains(err.Error(), "want a name or wallet column") {
		t.Errorf("no name column: %v", err)
	}
}

func TestXLSXWriterWritesTypedCells(t *testing.T) {
	var out bytes.Buffer
	w, err := NewXLSXWriter(&out)
	if err != nil {
		t.Fatal(err)
	}
	r := clearance.Result{ID: "r1", Alert: true, Matches: []clearance.Match{{
		EntityID: "us_ofac_sdn:1", Name: "KIM, Sang Man", MatchedName: "KIM Sang-man", Source: "us_ofac_sdn", Score: 0.9399999976158142,
		Reasons: []clearance.Reason{{Field: "name", Query: "King San Man", Listed: "KIM Sang-man", How: "romanisation", Score: 0.9399999976158142}, {Field: "dob", How: "exact", Score: 0.05000000074505806}},
	}}}
	data := append(Header(XLSX), AppendResult(nil, XLSX, r)...)
	data = AppendResult(data, XLSX, clearance.Result{ID: "r2, \"quoted\"\nline", Matches: []clearance.Match{}})
	// Written in pieces that cut records (and a quoted line break) apart,
	// as a buffered writer does.
	for len(data) > 0 {
		n := min(7, len(data))
		if _, err := w.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "results" {
		t.Fatalf("sheets %v, want one, results", sheets)
	}
	rows, err := f.GetRows("results")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("rows %q", rows)
	}
	col := func(row int, name string) string {
		for i, h := range rows[0] {
			if h == name && i < len(rows[row]) {
				return rows[row][i]
			}
		}
		return ""
	}
	if col(1, "score") != "0.9400" || col(1, "rank") != "1" || col(1, "alert") != "TRUE" || col(1, "matched_alias") != "KIM Sang-man" {
		t.Errorf("row 1 %q: want score 0.9400 (shown with four decimals), rank 1, alert TRUE, the alias", rows[1])
	}
	if want := "name romanisation 0.9400 (King San Man ~ KIM Sang-man); dob exact +0.0500"; col(1, "reasons") != want {
		t.Errorf("reasons %q, want %q", col(1, "reasons"), want)
	}
	if col(2, "id") != "r2, \"quoted\"\nline" || col(2, "alert") != "FALSE" {
		t.Errorf("row 2 %q", rows[2])
	}
	// The score cell is a number, not text.
	if typ, err := f.GetCellType("results", "D2"); err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("score cell type %v (%v), want a number", typ, err)
	}
	if v, _ := f.GetCellValue("results", "D2", excelize.Options{RawCellValue: true}); v != "0.94" {
		t.Errorf("score stored as %q, want 0.94", v)
	}
}

func TestCSVOutputHasReasonsAndAliasAndRoundedScores(t *testing.T) {
	r := clearance.Result{ID: "q", Alert: true, Matches: []clearance.Match{
		{EntityID: "a", Name: "KIM, Sang Man", MatchedName: "KIM, Sang Man", Score: 0.9399999976158142, Reasons: []clearance.Reason{{Field: "name", How: "exact", Score: 1}}},
		{EntityID: "b", Name: "PAK, Chol", MatchedName: "Park Cheol", Score: 0.8999999761581421, Reasons: []clearance.Reason{{Field: "country", How: "conflict", Score: -0.10000000149011612}}},
	}}
	recs, err := csv.NewReader(bytes.NewReader(append(Header(CSV), AppendResult(nil, CSV, r)...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := func(name string) int {
		for i, h := range recs[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, recs[0])
		return -1
	}
	score, alias, reasons := idx("score"), idx("matched_alias"), idx("reasons")
	if recs[1][score] != "0.9400" || recs[2][score] != "0.9000" {
		t.Errorf("scores %q %q, want 0.9400 0.9000", recs[1][score], recs[2][score])
	}
	if recs[1][alias] != "" || recs[2][alias] != "Park Cheol" {
		t.Errorf("aliases %q %q, want none for the primary name and Park Cheol", recs[1][alias], recs[2][alias])
	}
	if recs[1][reasons] != "name exact 1.0000" || recs[2][reasons] != "country conflict -0.1000" {
		t.Errorf("reasons %q %q", recs[1][reasons], recs[2][reasons])
	}
	// JSONL rounds too.
	j := string(AppendResult(nil, JSONL, r))
	if !strings.Contains(j, `"score":0.94,`) || strings.Contains(j, "0.93999") || !strings.Contains(j, `"score":-0.1}`) {
		t.Errorf("JSONL %s: want scores rounded to 0.94 and -0.1", j)
	}
}

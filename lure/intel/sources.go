package intel

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// The source files under sources/ that Build reads.
const (
	CampaignsFile   = "campaigns.csv"
	ReportsFile     = "reports.csv"
	PopularNPMFile  = "popular-npm.txt"
	PopularPyPIFile = "popular-pypi.txt"
)

// Build reads the cited source files in fsys (laid out like sources/)
// into a list. It is what "go generate" runs; a test checks that the
// embedded intel.json is its output.
func Build(fsys fs.FS) (Data, error) {
	var d Data
	b, err := fs.ReadFile(fsys, CampaignsFile)
	if err != nil {
		return d, err
	}
	d, err = ParseCSV(b)
	if err != nil {
		return d, fmt.Errorf("%s: %w", CampaignsFile, err)
	}
	b, err = fs.ReadFile(fsys, ReportsFile)
	if err != nil {
		return d, err
	}
	if d.Reports, err = parseReports(b); err != nil {
		return d, fmt.Errorf("%s: %w", ReportsFile, err)
	}
	keys := map[string]bool{}
	for _, r := range d.Reports {
		keys[r.Key] = true
	}
	for _, r := range d.Records {
		if !keys[r.Report] {
			return d, fmt.Errorf("%s: %s %s cites %q, which %s does not list", CampaignsFile, r.Ecosystem, r.Name, r.Report, ReportsFile)
		}
	}
	d.Popular = map[string][]string{}
	for eco, file := range map[string]string{"npm": PopularNPMFile, "pypi": PopularPyPIFile} {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return d, err
		}
		d.Popular[eco] = parseNames(b)
	}
	return d, d.check()
}

// ParseCSV reads records as CSV with a header naming at least ecosystem
// and name (and optionally campaign, report, osv, versions separated by
// spaces). Lines starting with # are comments; one of them must give the
// list's date as "# date: YYYY-MM-DD".
func ParseCSV(b []byte) (Data, error) {
	var d Data
	var body bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(t, "#")), "date:"); ok {
				d.Date = strings.TrimSpace(v)
			}
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return d, err
	}
	if d.Date == "" {
		return d, errors.New("no '# date: YYYY-MM-DD' line")
	}
	r := csv.NewReader(&body)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return d, err
	}
	if len(rows) == 0 {
		return d, errors.New("no header")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"ecosystem", "name"} {
		if _, ok := col[need]; !ok {
			return d, fmt.Errorf("header lacks %q", need)
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for n, row := range rows[1:] {
		rec := Record{
			Ecosystem: strings.ToLower(get(row, "ecosystem")),
			Name:      get(row, "name"),
			Campaign:  get(row, "campaign"),
			Report:    get(row, "report"),
			OSV:       get(row, "osv"),
			Versions:  strings.Fields(get(row, "versions")),
		}
		if rec.Name == "" {
			return d, fmt.Errorf("row %d: no name", n+2)
		}
		d.Records = append(d.Records, rec)
	}
	return d, nil
}

func parseReports(b []byte) ([]Report, error) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []Report
	for i, row := range rows {
		if i == 0 {
			continue
		}
		if len(row) != 5 {
			return nil, fmt.Errorf("row %d: %d fields, want 5", i+1, len(row))
		}
		out = append(out, Report{Key: row[0], Publisher: row[1], Date: row[2], Title: row[3], URL: row[4]})
	}
	return out, nil
}

// parseNames reads one name a line; # starts a comment and a leading +
// (a hand-added name) is dropped.
func parseNames(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "+")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// osvRecord is the part of an OSV record that names a package.
type osvRecord struct {
	ID        string `json:"id"`
	Modified  string `json:"modified"`
	Withdrawn string `json:"withdrawn"`
	Summary   string `json:"summary"`
	Affected  []struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
		} `json:"package"`
		Versions []string `json:"versions"`
	} `json:"affected"`
}

// ParseOSV reads OSV malicious-package records: a zip of record files (as
// osv.dev publishes per ecosystem), a JSON array of records, or one
// record. Only MAL- records for npm and PyPI are kept; withdrawn ones are
// dropped. The list's date is the latest modification.
func ParseOSV(b []byte) (Data, error) {
	var d Data
	var recs []osvRecord
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return d, err
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".json") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return d, err
			}
			data, err := io.ReadAll(io.LimitReader(rc, 8<<20))
			rc.Close()
			if err != nil {
				return d, fmt.Errorf("%s: %w", f.Name, err)
			}
			var r osvRecord
			if err := json.Unmarshal(data, &r); err != nil {
				return d, fmt.Errorf("%s: %w", f.Name, err)
			}
			recs = append(recs, r)
		}
	case bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")):
		if err := json.Unmarshal(b, &recs); err != nil {
			return d, err
		}
	default:
		var r osvRecord
		if err := json.Unmarshal(b, &r); err != nil {
			return d, err
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		if !strings.HasPrefix(r.ID, "MAL-") || r.Withdrawn != "" {
			continue
		}
		if len(r.Modified) >= 10 && r.Modified[:10] > d.Date {
			d.Date = r.Modified[:10]
		}
		for _, a := range r.Affected {
			eco := strings.ToLower(a.Package.Ecosystem)
			if eco != "npm" && eco != "pypi" || a.Package.Name == "" {
				continue
			}
			d.Records = append(d.Records, Record{
				Ecosystem: eco, Name: a.Package.Name, Versions: a.Versions,
				Campaign: "OSV malicious package (not attributed)", OSV: r.ID,
			})
		}
	}
	return d, nil
}

// ParseAny reads a list in any form Update accepts: this package's JSON,
// OSV records (zip or JSON), or CSV.
func ParseAny(b []byte) (Data, error) {
	t := bytes.TrimSpace(b)
	var d Data
	var err error
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(t, []byte("[")):
		d, err = ParseOSV(b)
	case bytes.HasPrefix(t, []byte("{")):
		var probe struct {
			ID      string          `json:"id"`
			Records json.RawMessage `json:"records"`
		}
		if err = json.Unmarshal(b, &probe); err != nil {
			return d, err
		}
		if probe.ID != "" {
			d, err = ParseOSV(b)
		} else {
			err = json.Unmarshal(b, &d)
		}
	default:
		d, err = ParseCSV(b)
	}
	if err != nil {
		return d, err
	}
	return d, d.check()
}

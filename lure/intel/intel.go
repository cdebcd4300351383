// Package intel is the lure scanner's dependency intelligence: a dated
// list of npm and PyPI package names attributed to North Korea's
// job-offer and developer-targeting campaigns (Contagious Interview,
// TraderTraitor, PolinRider and kin), each with the report that
// attributes it and, where one exists, its OSV malicious-package record;
// and lists of popular names for the typosquat check.
//
// The list is built by "go generate" from the cited source files in
// sources/ and embedded in the binary. "clearance lure update" can put a
// newer list (this package's JSON, a CSV of records, or OSV malicious
// records as JSON or a zip) in the cache folder; it replaces the cached
// copy only after it has parsed and passed the sanity checks.
package intel

//go:generate go run ./gen

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/clearance-screening/clearance/lure"
)

// Record is one package name and why it is listed.
type Record struct {
	Ecosystem string `json:"ecosystem"` // "npm" or "pypi"
	Name      string `json:"name"`
	// Versions lists the malicious versions; empty means every version.
	Versions []string `json:"versions,omitempty"`
	Campaign string   `json:"campaign"`
	// Report is the key of the report (in Data.Reports) that attributes
	// the name; empty for records taken from OSV alone.
	Report string `json:"report,omitempty"`
	OSV    string `json:"osv,omitempty"` // OSV id, e.g. MAL-2024-8868
}

// Report is a public report that records cite.
type Report struct {
	Key       string `json:"key"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
}

// Data is a whole list, as embedded and as cached.
type Data struct {
	Date    string              `json:"date"` // YYYY-MM-DD
	Reports []Report            `json:"reports"`
	Records []Record            `json:"records"`
	Popular map[string][]string `json:"popular"`
}

// DB answers lookups on a Data. It implements lure.Intel and is safe for
// concurrent use; it never changes after it is built.
type DB struct {
	data    Data
	byName  map[string]int // key(eco, name) -> index in data.Records
	reports map[string]Report
}

var _ lure.Intel = (*DB)(nil)

//go:embed intel.json
var embedded []byte

// Embedded returns the list compiled into the binary.
func Embedded() *DB {
	db, err := Parse(embedded)
	if err != nil {
		panic("intel: embedded list does not parse: " + err.Error())
	}
	return db
}

// New indexes d.
func New(d Data) *DB {
	db := &DB{data: d, byName: make(map[string]int, len(d.Records)), reports: map[string]Report{}}
	for _, r := range d.Reports {
		db.reports[r.Key] = r
	}
	for i, r := range d.Records {
		k := key(r.Ecosystem, r.Name)
		if _, dup := db.byName[k]; !dup {
			db.byName[k] = i
		}
	}
	return db
}

// Data returns the list the DB answers from. Callers must not change it.
func (db *DB) Data() Data { return db.data }

// Len is the number of records.
func (db *DB) Len() int { return len(db.data.Records) }

// Date says how fresh the list is (YYYY-MM-DD).
func (db *DB) Date() string { return db.data.Date }

// Popular returns the popular names of an ecosystem ("npm", "pypi"), for
// the typosquat check. Callers must not change the slice.
func (db *DB) Popular(ecosystem string) []string {
	return db.data.Popular[strings.ToLower(ecosystem)]
}

// Lookup says whether a package name (at a version; "" means any) is
// listed, and where the listing comes from.
func (db *DB) Lookup(ecosystem, name, version string) (lure.IntelHit, bool) {
	i, ok := db.byName[key(ecosystem, name)]
	if !ok {
		return lure.IntelHit{}, false
	}
	r := db.data.Records[i]
	if version != "" && len(r.Versions) > 0 && !contains(r.Versions, strings.TrimPrefix(version, "v")) {
		return lure.IntelHit{}, false
	}
	hit := lure.IntelHit{Name: r.Name, Version: version, Campaign: r.Campaign}
	var src []string
	if r.OSV != "" {
		src = append(src, r.OSV)
		hit.Reference = "https://osv.dev/vulnerability/" + r.OSV
	}
	if rep, ok := db.reports[r.Report]; ok {
		src = append(src, fmt.Sprintf("%s %s [%s]", rep.Publisher, rep.Date, rep.Key))
		if rep.URL != "" && hit.Reference == "" {
			hit.Reference = rep.URL
		}
	} else if r.Report != "" {
		src = append(src, r.Report)
	}
	hit.Source = strings.Join(src, "; ")
	return hit, true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var pyRuns = regexp.MustCompile(`[-_.]+`)

// NormalizeName folds a name as its registry does: npm names are
// compared lower-cased, PyPI names by PEP 503 (runs of -, _ and . are one
// hyphen).
func NormalizeName(ecosystem, name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if strings.EqualFold(ecosystem, "pypi") {
		n = pyRuns.ReplaceAllString(n, "-")
	}
	return n
}

func key(eco, name string) string {
	eco = strings.ToLower(eco)
	return eco + "\x00" + NormalizeName(eco, name)
}

// Parse reads a list in this package's JSON form and checks it.
func Parse(b []byte) (*DB, error) {
	var d Data
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("intel: %w", err)
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return New(d), nil
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// check rejects what no good list looks like.
func (d *Data) check() error {
	if !dateRE.MatchString(d.Date) {
		return fmt.Errorf("intel: date %q is not YYYY-MM-DD", d.Date)
	}
	if len(d.Records) == 0 {
		return fmt.Errorf("intel: no records")
	}
	for i, r := range d.Records {
		if r.Name == "" {
			return fmt.Errorf("intel: record %d has no name", i+1)
		}
		switch r.Ecosystem {
		case "npm", "pypi":
		default:
			return fmt.Errorf("intel: record %d (%s): unknown ecosystem %q", i+1, r.Name, r.Ecosystem)
		}
	}
	return nil
}

// Marshal writes d in canonical form: records sorted by ecosystem and
// name, indented, so that regenerating an unchanged list changes no byte.
func Marshal(d Data) ([]byte, error) {
	sort.SliceStable(d.Records, func(i, j int) bool {
		a, b := d.Records[i], d.Records[j]
		if a.Ecosystem != b.Ecosystem {
			return a.Ecosystem < b.Ecosystem
		}
		return a.Name < b.Name
	})
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// CacheFile is where Update keeps the list inside a cache folder.
func CacheFile(cacheDir string) string {
	return filepath.Join(cacheDir, "lure-intel", "intel.json")
}

// Load returns the list to scan with: the cached list from cacheDir
// (written by Update) with the embedded records it lacks added, when the
// cache holds a good list no older than the embedded one; else the
// embedded list. The error reports a cached list that is unusable; the
// embedded list is returned with it.
func Load(cacheDir string) (*DB, error) {
	emb := Embedded()
	if cacheDir == "" {
		return emb, nil
	}
	b, err := os.ReadFile(CacheFile(cacheDir))
	if os.IsNotExist(err) {
		return emb, nil
	}
	if err != nil {
		return emb, err
	}
	cached, err := Parse(b)
	if err != nil {
		return emb, fmt.Errorf("cached list %s: %w", CacheFile(cacheDir), err)
	}
	if cached.Date() < emb.Date() {
		return emb, nil
	}
	return merge(cached, emb), nil
}

// merge returns newer with the records and reports of older that it does
// not have; older's campaign attribution is kept when newer has none.
func merge(newer, older *DB) *DB {
	d := newer.data
	d.Records = append([]Record(nil), d.Records...)
	d.Reports = append([]Report(nil), d.Reports...)
	idx := map[string]int{}
	for i, r := range d.Records {
		idx[key(r.Ecosystem, r.Name)] = i
	}
	for _, r := range older.data.Records {
		if i, ok := idx[key(r.Ecosystem, r.Name)]; ok {
			if d.Records[i].Report == "" && r.Report != "" {
				d.Records[i].Report, d.Records[i].Campaign = r.Report, r.Campaign
				if d.Records[i].OSV == "" {
					d.Records[i].OSV = r.OSV
				}
			}
			continue
		}
		d.Records = append(d.Records, r)
	}
	have := map[string]bool{}
	for _, r := range d.Reports {
		have[r.Key] = true
	}
	for _, r := range older.data.Reports {
		if !have[r.Key] {
			d.Reports = append(d.Reports, r)
		}
	}
	if len(d.Popular) == 0 {
		d.Popular = older.data.Popular
	}
	return New(d)
}

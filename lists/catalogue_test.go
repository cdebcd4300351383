package lists

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func TestCatalogueNamesEveryOfficialSourceOnce(t *testing.T) {
	want := []string{"us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions", "eu_fsf", "gb_hmt_sanctions", "gb_fcdo_sanctions"}
	if got := Keys(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Keys() = %v, want %v", got, want)
	}
	names := map[string]bool{}
	for _, s := range Catalogue() {
		if s.Title == "" || s.Publisher == "" || s.Format == "" || s.parse == nil || len(s.Files) == 0 {
			t.Errorf("%s is incomplete: %+v", s.Key, s)
		}
		for _, f := range s.Files {
			if !strings.HasPrefix(f.URL, "https://") || f.Name == "" || strings.ContainsAny(f.Name, `/\`) {
				t.Errorf("%s: file %+v needs a plain name and an https URL", s.Key, f)
			}
			if names[f.Name] {
				t.Errorf("%s: file name %s used twice", s.Key, f.Name)
			}
			names[f.Name] = true
		}
	}
	if s, ok := Lookup("gb_hmt_sanctions"); !ok || s.Files[0].Name != "ConList.csv" || !reflect.DeepEqual(s.Files[0].Aliases, []string{"sanctionsconlist.csv"}) {
		t.Errorf("the UK list must save as ConList.csv and accept sanctionsconlist.csv: %+v", s.Files)
	}
	if _, ok := Lookup("no_such_list"); ok {
		t.Errorf("Lookup found an unknown key")
	}
}

// fixtureCounts is how many entities each hand-written file in
// testdata/lists holds.
var fixtureCounts = map[string]int{
	"us_ofac_sdn":      3,
	"us_ofac_cons":     2,
	"un_sc_sanctions":  3,
	"eu_fsf":           2,
	"gb_hmt_sanctions": 3,
	// Two designations of the real FCDO extract, cut short by hand.
	"gb_fcdo_sanctions": 2,
}

func countsOf(ds []Dataset) map[string]int {
	m := map[string]int{}
	for _, d := range ds {
		m[d.Source.Key] = len(d.Entities)
	}
	return m
}

func TestLoadDirReadsEveryFormat(t *testing.T) {
	var started, finished []string
	var mu sync.Mutex
	ds, errs := LoadDir("testdata/lists", func(key string, done bool) {
		mu.Lock()
		defer mu.Unlock()
		if done {
			finished = append(finished, key)
		} else {
			started = append(started, key)
		}
	})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := countsOf(ds); !reflect.DeepEqual(got, fixtureCounts) {
		t.Errorf("entity counts %v, want %v", got, fixtureCounts)
	}
	for i, d := range ds {
		if d.Source.Key != Keys()[i] {
			t.Errorf("dataset %d is %s, want catalogue order %v", i, d.Source.Key, Keys())
		}
		for _, e := range d.Entities {
			if !strings.HasPrefix(e.ID, d.Source.Key+":") || e.PrimaryName() == "" {
				t.Errorf("%s: entity %q with name %q", d.Source.Key, e.ID, e.PrimaryName())
			}
		}
		if d.FileDate.IsZero() || d.Dir != filepath.Join("testdata/lists", d.Source.Key) {
			t.Errorf("%s: file date %v, dir %q", d.Source.Key, d.FileDate, d.Dir)
		}
	}
	if len(started) != len(fixtureCounts) || len(finished) != len(fixtureCounts) {
		t.Errorf("progress saw %v started and %v finished, want all six", started, finished)
	}
}

func TestLoadDirReportsABrokenSourceAndLoadsTheRest(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/lists", dir)
	if err := os.Remove(filepath.Join(dir, "us_ofac_sdn", "add.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "us_ofac_cons", "cons_comments.csv")); err != nil {
		t.Fatal(err)
	}
	un := filepath.Join(dir, "un_sc_sanctions", "consolidated.xml")
	data, _ := os.ReadFile(un)
	if err := os.WriteFile(un, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	ds, errs := LoadDir(dir, nil)
	want := map[string]int{"us_ofac_cons": 2, "eu_fsf": 2, "gb_hmt_sanctions": 3, "gb_fcdo_sanctions": 2}
	if got := countsOf(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("loaded %v, want %v (an optional file missing is fine)", got, want)
	}
	if len(errs) != 2 {
		t.Fatalf("errors %v, want two", errs)
	}
	if !strings.Contains(errs[0].Error(), "us_ofac_sdn") || !strings.Contains(errs[0].Error(), "add.csv missing") {
		t.Errorf("first error %q should name us_ofac_sdn and add.csv", errs[0])
	}
	if !strings.Contains(errs[1].Error(), "un_sc_sanctions") || !strings.Contains(errs[1].Error(), "ends before its closing </CONSOLIDATED_LIST>") {
		t.Errorf("second error %q should name un_sc_sanctions and its cut end", errs[1])
	}
	for i, reason := range []string{ReasonMissing, ReasonTruncated} {
		var re *RefusedError
		if !errors.As(errs[i], &re) || re.Reason != reason {
			t.Errorf("error %d: %v, want a refusal for %s", i, errs[i], reason)
		}
	}
}

func TestLoadDirOfAnEmptyOrMissingFolder(t *testing.T) {
	ds, errs := LoadDir(t.TempDir(), nil)
	if len(ds) != 0 || len(errs) != 0 {
		t.Errorf("empty folder: %d datasets, errors %v; want none of either", len(ds), errs)
	}
	_, errs = LoadDir(filepath.Join(t.TempDir(), "nope"), nil)
	if len(errs) != 1 {
		t.Errorf("missing folder: errors %v, want one", errs)
	}
}

// sharedCounts is what the real files in the shared lists folder hold
// (MANIFEST.md): SDN and non-SDN entries, UN records, UK Group IDs.
var sharedCounts = map[string]int{
	"us_ofac_sdn":      14965,
	"us_ofac_cons":     442,
	"un_sc_sanctions":  1003,
	"gb_hmt_sanctions": 2106,
}

func TestLoadDirReadsTheSharedLists(t *testing.T) {
	dir := sharedfiles.ListsDir()
	sharedfiles.Lists(t, "us_ofac_sdn", "sdn.csv")
	start := time.Now()
	ds, errs := LoadDir(dir, nil)
	elapsed := time.Since(start)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := countsOf(ds); !reflect.DeepEqual(got, sharedCounts) {
		t.Errorf("entity counts %v, want %v (the EU list is absent from the shared folder)", got, sharedCounts)
	}
	var total int
	for _, d := range ds {
		total += len(d.Entities)
		t.Logf("%-17s %6d entities, %4d records skipped, published %q, files dated %s, loaded in %v",
			d.Source.Key, len(d.Entities), len(d.Report.Skipped), d.Report.Published, d.FileDate.Format(time.DateOnly), d.LoadTime.Round(time.Millisecond))
	}
	t.Logf("all %d entities in %v", total, elapsed.Round(time.Millisecond))

	// KIM, Sang Man, one of the May 2023 DPRK IT-worker designations.
	var kim *clearance.Entity
	for i := range ds[0].Entities {
		if ds[0].Entities[i].ID == "us_ofac_sdn:43377" {
			kim = &ds[0].Entities[i]
		}
	}
	if kim == nil || kim.PrimaryName() != "KIM, Sang Man" {
		t.Errorf("us_ofac_sdn:43377 = %+v, want KIM, Sang Man", kim)
	}
	// The UK folder holds the file under its old name.
	if hmt := ds[len(ds)-1]; hmt.Source.Key != "gb_hmt_sanctions" {
		t.Errorf("last dataset is %s, want gb_hmt_sanctions", hmt.Source.Key)
	}
}

func BenchmarkLoadDir(b *testing.B) {
	dir := sharedfiles.ListsDir()
	sharedfiles.Lists(b, "us_ofac_sdn", "sdn.csv")
	for b.Loop() {
		ds, errs := LoadDir(dir, nil)
		if len(errs) != 0 || len(ds) != len(sharedCounts) {
			b.Fatalf("%d datasets, errors %v", len(ds), errs)
		}
	}
}

func BenchmarkLoadSource(b *testing.B) {
	dir := sharedfiles.ListsDir()
	sharedfiles.Lists(b, "us_ofac_sdn", "sdn.csv")
	for key := range sharedCounts {
		s, _ := Lookup(key)
		b.Run(key, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Load(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fixturePublisher serves testdata/lists like a mirror.
func fixturePublisher(t *testing.T) (*publisher, *Updater) {
	t.Helper()
	p, srv := newPublisher(t)
	err := filepath.Walk("testdata/lists", func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata/lists", path)
		data, err := os.ReadFile(path)
		p.set("/"+filepath.ToSlash(rel), data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	u := testUpdater(t, srv)
	u.catalogue = nil // the real catalogue
	return p, u
}

func TestUpdateFetchesAndChecksEveryCatalogueSource(t *testing.T) {
	p, u := fixturePublisher(t)
	ctx := context.Background()

	res, err := u.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != Updated || r.Entities != fixtureCounts[r.Key] {
			t.Errorf("first run, %s: %s, %d entities (%s); want updated with %d", r.Key, r.Status, r.Entities, r.Message, fixtureCounts[r.Key])
		}
	}
	if _, err := os.Stat(filepath.Join(u.CacheDir, "gb_hmt_sanctions", "ConList.csv")); err != nil {
		t.Errorf("the UK list is not saved as ConList.csv: %v", err)
	}
	ds, errs := LoadDir(u.CacheDir, nil)
	if got := countsOf(ds); len(errs) != 0 || !reflect.DeepEqual(got, fixtureCounts) {
		t.Errorf("the cache loads %v, %v; want %v", got, errs, fixtureCounts)
	}
	for _, st := range CacheStatus(u.CacheDir) {
		if !st.Present || st.Entities != fixtureCounts[st.Key] || st.Age > time.Minute || st.Problem != "" {
			t.Errorf("status of %s: %+v", st.Key, st)
		}
	}

	p.reset()
	res, _ = u.Update(ctx)
	for _, r := range res {
		if r.Status != NotModified {
			t.Errorf("second run, %s: %s (%s); want not modified", r.Key, r.Status, r.Message)
		}
	}
	nfiles := 0
	for _, s := range Catalogue() {
		nfiles += len(s.Files)
	}
	if paths, hdrs := p.requests(); len(hdrs) != nfiles {
		t.Errorf("second run made %d requests, want one per file (%d): %v", len(hdrs), nfiles, paths)
	} else {
		for i, h := range hdrs {
			if h.Get("If-None-Match") == "" || h.Get("If-Modified-Since") == "" {
				t.Errorf("%s asked without validators: %v", paths[i], h)
			}
		}
	}

	before := snapshot(t, u.CacheDir)
	un, _ := os.ReadFile("testdata/lists/un_sc_sanctions/consolidated.xml")
	p.set("/un_sc_sanctions/consolidated.xml", un[:len(un)*2/3])
	sdn, _ := os.ReadFile("testdata/lists/us_ofac_sdn/sdn.csv")
	p.set("/us_ofac_sdn/sdn.csv", sdn[:strings.Index(string(sdn), "\r\n")+2])
	u.Checks.MinLoss = -1 // the fixtures are small
	res, _ = u.Update(ctx, "un_sc_sanctions", "us_ofac_sdn")
	if r := res[0]; r.Status != Refused || !strings.Contains(r.Err.Error(), "ends before its closing") {
		t.Errorf("truncated UN XML: %s, %v; want refused as truncated", r.Status, r.Err)
	}
	if r := res[1]; r.Status != Refused || r.Entities != 1 || r.Previous != 3 {
		t.Errorf("SDN cut to one entry: %s, %d entities (was %d), %v; want refused for the drop", r.Status, r.Entities, r.Previous, r.Err)
	}
	after := snapshot(t, u.CacheDir)
	for _, m := range []map[string]string{before, after} {
		for k := range m {
			if strings.HasPrefix(k, ".refused") {
				delete(m, k)
			}
		}
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a refused update changed the cache")
	}
}

func TestBuiltinLoads(t *testing.T) {
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if ds.Source.Key != "clearance_dprk" || len(ds.Entities) == 0 {
		t.Fatalf("built-in set: key %q, %d entities", ds.Source.Key, len(ds.Entities))
	}
	for _, e := range ds.Entities {
		if e.Source != "clearance_dprk" || !strings.HasPrefix(e.ID, "clearance_dprk:") {
			t.Errorf("built-in entity %q has source %q", e.ID, e.Source)
		}
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

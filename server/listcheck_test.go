package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/lists/liststest"
)

// dirLoader loads a list folder as `serve --lists` does: the sources that
// load, and the refusals of the others joined into the error.
func dirLoader(dir string) func(context.Context) ([]lists.Dataset, error) {
	return func(context.Context) ([]lists.Dataset, error) {
		ds, errs := lists.LoadDir(dir, nil)
		return ds, errors.Join(errs...)
	}
}

func countSource(snap *Snapshot, key string) int {
	n := 0
	for _, e := range snap.Index.Entities() {
		if e.Source == key {
			n++
		}
	}
	return n
}

func TestARefreshRefusesABrokenListAndKeepsItsVersion(t *testing.T) {
	for _, c := range liststest.Cases(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel() // each case waits on its own database more than it computes
			dir := t.TempDir()
			liststest.CopySource(t, dir, c.Key)
			other := "us_ofac_cons"
			if c.Key == other {
				other = "un_sc_sanctions"
			}
			liststest.CopySource(t, dir, other)
			f := newFixture(t, Config{Load: dirLoader(dir)})
			before := f.srv.Snapshot()
			n := countSource(before, c.Key)
			if n == 0 || countSource(before, other) == 0 {
				t.Fatalf("the good files did not load: %v", before.Version)
			}

			c.Break(t, dir)
			var rep RefreshReport
			f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
			after := f.srv.Snapshot()
			if !rep.Unchanged || after.Version != before.Version || countSource(after, c.Key) != n {
				t.Errorf("refresh %+v: %s now has %d entities (had %d); want the old version kept", rep, c.Key, countSource(after, c.Key), n)
			}
			refs := f.srv.Refusals()
			if len(refs) != 1 || refs[0].Key != c.Key || refs[0].Reason != c.Reason || !refs[0].Kept {
				t.Fatalf("refusals %+v, want %s refused for %s with its old version kept", refs, c.Key, c.Reason)
			}

			_, ready := f.do("GET", "/readyz", "", nil)
			if !strings.Contains(string(ready), `"reason":"`+c.Reason+`"`) {
				t.Errorf("/readyz does not name the refusal: %s", ready)
			}
			var sv sourcesView
			f.call("GET", "/v1/sources", clearance.RoleScreen, nil, http.StatusOK, &sv)
			found := false
			for _, s := range sv.Sources {
				if s.Key == c.Key {
					found = s.Refused != nil && s.Refused.Reason == c.Reason
				}
			}
			if !found {
				t.Errorf("/v1/sources does not mark %s refused: %+v", c.Key, sv)
			}
			_, metrics := f.do("GET", "/metrics", "", nil)
			want := fmt.Sprintf(`clearance_list_refused{reason=%q,source=%q} 1`, c.Reason, c.Key)
			if !strings.Contains(string(metrics), want) {
				t.Errorf("/metrics lacks %s", want)
			}
		})
	}
}

func TestASourceRefusedAtTheFirstLoadIsShownAbsent(t *testing.T) {
	dir := t.TempDir()
	liststest.CopySource(t, dir, "us_ofac_cons")
	liststest.CopySource(t, dir, "un_sc_sanctions")
	if err := os.WriteFile(filepath.Join(dir, "un_sc_sanctions", "consolidated.xml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Config{Load: dirLoader(dir)})
	refs := f.srv.Refusals()
	if len(refs) != 1 || refs[0].Key != "un_sc_sanctions" || refs[0].Kept {
		t.Fatalf("refusals %+v, want the UN list refused with nothing kept", refs)
	}
	status, ready := f.do("GET", "/readyz", "", nil)
	if status != http.StatusOK || !strings.Contains(string(ready), `"kept":false`) {
		t.Errorf("/readyz %d %s: want ready, naming the absent source", status, ready)
	}
	// What the server sends with a refusal is what openapi.json says.
	d := loadDoc(t)
	for _, path := range []string{"/readyz", "/v1/sources"} {
		_, data := f.do("GET", path, clearance.RoleScreen, nil)
		resp, _ := d.deref(d.operations()["GET "+path]["responses"].(map[string]any)["200"].(map[string]any))
		schema := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		if err := d.validate(schema, v, "GET "+path); err != nil {
			t.Errorf("%s: %v\n%s", path, err, data)
		}
	}
	// The page says so too.
	c := f.webClient(clearance.RoleAnalyst)
	if _, body := get(t, c, f.ts.URL+"/ui/sources"); !strings.Contains(body, "un_sc_sanctions</b> is not screened") {
		t.Errorf("the lists page does not say the UN list is not screened")
	}
}

// Screening goes on without a failure while refreshes swap lists in,
// refuse them, and swap them in again.
func TestReloadUnderLoadFailsNoScreening(t *testing.T) {
	var gen atomic.Int64
	load := func(context.Context) ([]lists.Dataset, error) {
		g := gen.Add(1)
		ds := testDatasets(t, clearance.Entity{ID: fmt.Sprintf("test_list:g%d", g), Source: "test_list", Type: clearance.Person, Names: []clearance.Name{{Full: fmt.Sprintf("GENERATION %d", g), Kind: clearance.Primary}}})
		if g%3 == 0 {
			return ds[1:], &lists.RefusedError{Key: "test_list", Reason: lists.ReasonTruncated, Err: errors.New("cut")}
		}
		return ds, nil
	}
	f := newFixture(t, Config{Load: load})
	var failed, done atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, _ := f.do("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Pak Jin Hyok"}`)
				if status != http.StatusOK {
					failed.Add(1)
				}
				done.Add(1)
			}
		})
	}
	for range 9 {
		if _, err := f.srv.Refresh(context.Background()); err != nil {
			t.Errorf("refresh: %v", err)
		}
	}
	close(stop)
	wg.Wait()
	if failed.Load() != 0 || done.Load() == 0 {
		t.Errorf("%d of %d screenings failed during reloads", failed.Load(), done.Load())
	}
	if countSource(f.srv.Snapshot(), "test_list") == 0 {
		t.Errorf("a refused refresh dropped the test list")
	}
}

// A list copied today but generated in February is months old on every
// surface: /v1/sources, the metric, the lists page.
func TestAgesCountFromTheDataDateNotTheFileTime(t *testing.T) {
	dir := t.TempDir()
	liststest.CopySource(t, dir, "un_sc_sanctions") // files written just now
	f := newFixture(t, Config{Load: dirLoader(dir)})
	var sv sourcesView
	f.call("GET", "/v1/sources", clearance.RoleScreen, nil, http.StatusOK, &sv)
	var un *sourceView
	for i := range sv.Sources {
		if sv.Sources[i].Key == "un_sc_sanctions" {
			un = &sv.Sources[i]
		}
	}
	if un == nil || un.AgeSeconds == nil {
		t.Fatalf("no age for the UN list: %+v", sv.Sources)
	}
	want := f.srv.cfg.now().Sub(un.DataDate)
	if un.DataDate.Format("2006-01-02") != "2026-02-27" || un.DateFrom != "file" || *un.AgeSeconds < int64(want.Seconds())-60 {
		t.Errorf("UN list: data date %v (%s), age %ds; want 2026-02-27 from the file, %0.fs old", un.DataDate, un.DateFrom, *un.AgeSeconds, want.Seconds())
	}
	if len(un.Warnings) == 0 || !strings.Contains(un.Warnings[0], "stale: data dated 2026-02-27") {
		t.Errorf("UN list warnings %q, want it called stale", un.Warnings)
	}
	_, metrics := f.do("GET", "/metrics", "", nil)
	var age float64
	for _, line := range strings.Split(string(metrics), "\n") {
		if v, ok := strings.CutPrefix(line, `clearance_list_age_seconds{source="un_sc_sanctions"} `); ok {
			fmt.Sscan(v, &age)
		}
	}
	if age < want.Seconds()-60 {
		t.Errorf("clearance_list_age_seconds for the UN list is %v, want about %v", age, want.Seconds())
	}
}

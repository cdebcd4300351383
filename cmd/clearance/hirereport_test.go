package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/hire"
	"github.com/clearance-screening/clearance/hire/report"
)

func TestHireReportWritesPages(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "population.jsonl")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hire.Generate(f, hire.GenConfig{People: 300, EventsPerPerson: 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "pages")
	stdout, _ := mustRun(t, builtinOnly(t), "", "hire", "report", "--in", in, "--out", out, "--json")
	var sum struct {
		Flagged      int    `json:"flagged"`
		PersonPages  int    `json:"person_pages"`
		ClusterPages int    `json:"cluster_pages"`
		Index        string `json:"index"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if sum.Flagged == 0 || sum.PersonPages < sum.Flagged || sum.ClusterPages == 0 {
		t.Fatalf("summary %+v", sum)
	}
	index, err := os.ReadFile(sum.Index)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	if len(pages) != sum.PersonPages+sum.ClusterPages+1 {
		t.Errorf("%d files for %+v", len(pages), sum)
	}
	// The first flagged person on the index has a page with the hours
	// chart and signals.
	i := strings.Index(string(index), `href="person-`)
	if i < 0 {
		t.Fatal("the index links no person")
	}
	name := strings.SplitN(string(index[i+6:]), `"`, 2)[0]
	page, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="hours-chart"`, `class="signal`, "FLAGGED", "Source: hire-red-flags.md"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}

	// --flagged-only: fewer or as many pages, still one per flagged person.
	only := filepath.Join(dir, "only")
	stdout, _ = mustRun(t, builtinOnly(t), "", "hire", "report", "--in", in, "--out", only, "--json", "--flagged-only")
	var sum2 struct {
		Flagged     int `json:"flagged"`
		PersonPages int `json:"person_pages"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum2); err != nil {
		t.Fatal(err)
	}
	if sum2.PersonPages != sum2.Flagged || sum2.PersonPages > sum.PersonPages {
		t.Errorf("--flagged-only wrote %d person pages for %d flagged (all: %d)", sum2.PersonPages, sum2.Flagged, sum.PersonPages)
	}
	if _, err := os.Stat(filepath.Join(only, report.PageName("person", strings.TrimSuffix(strings.TrimPrefix(name, "person-"), ".html")))); err != nil {
		t.Errorf("--flagged-only lacks %s", name)
	}

	// Without --out: usage.
	if _, _, err := runCLI(t, builtinOnly(t), "", "hire", "report", "--in", in); !errors.Is(err, errUsage) {
		t.Errorf("no --out: %v", err)
	}
}

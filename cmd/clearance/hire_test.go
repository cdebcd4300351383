package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/hire"
)

func TestHireAssessWritesPeopleClustersErrorsInOrder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "records")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(in, "population.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	truth, err := hire.Generate(f, hire.GenConfig{People: 300, EventsPerPerson: 10, Seed: 3})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	bad := `{"kind":"event","person":"nobody","at":"2025-01-01T00:00:00Z"}` + "\n" + `not json` + "\n"
	if err := os.WriteFile(filepath.Join(in, "z-bad.jsonl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	_, stderr := mustRun(t, builtinOnly(t), "", "hire", "assess", "--in", in, "--out", out)
	if !strings.Contains(stderr, "2 input lines could not be used") || !strings.Contains(stderr, "flagged at threshold 0.60") {
		t.Errorf("summary: %s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	order := map[string]int{"person": 0, "cluster": 1, "error": 2}
	last, people, flagged := 0, 0, ""
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			Kind    string `json:"kind"`
			Person  string `json:"person"`
			Flagged bool   `json:"flagged"`
			Line    int    `json:"line"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if order[r.Kind] < last {
			t.Fatalf("%s line after a later kind", r.Kind)
		}
		last = order[r.Kind]
		if r.Kind == "person" {
			people++
			if r.Flagged && truth.Ring[r.Person] != "" && flagged == "" {
				flagged = r.Person
			}
		}
	}
	if people != truth.Persons || flagged == "" {
		t.Fatalf("%d people (want %d), a flagged ring member %q", people, truth.Persons, flagged)
	}
	text, _ := mustRun(t, builtinOnly(t), "", "hire", "explain", "--in", in, flagged)
	if !strings.Contains(text, flagged+": FLAGGED") || !strings.Contains(text, "source: hire-red-flags.md") || !strings.Contains(text, "Cluster ") {
		t.Errorf("explain:\n%s", text)
	}
}

func TestHireWithoutSubcommandIsAUsageError(t *testing.T) {
	if _, _, err := runCLI(t, builtinOnly(t), "", "hire"); err != errUsage {
		t.Errorf("err = %v", err)
	}
}

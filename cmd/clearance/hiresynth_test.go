package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHireSynthThenEvalBaseline(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "knobs.json")
	if err := os.WriteFile(cfg, []byte(`{"ring_share": 0.1, "signals": {"astrill": 1}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	names := filepath.Join("..", "..", "..", "shared", "data", "names")
	out, _ := mustRun(t, nil, "", "hire", "synth", "--people", "400", "--seed", "5", "--events-per-person", "4",
		"--config", cfg, "--names", names, "--out", filepath.Join(dir, "pop"), "--json")
	var sum struct {
		People     int `json:"people"`
		RingPeople int `json:"ring_people"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// The config file's ring share (10%) wins over the default (3%).
	if sum.People != 400 || sum.RingPeople < 35 || sum.RingPeople > 40 {
		t.Errorf("%d ring personas of 400, want about 40 from the config file", sum.RingPeople)
	}
	out, _ = mustRun(t, nil, "", "hire", "eval", "--truth", filepath.Join(dir, "pop", "truth.jsonl"), "--baseline", "--json")
	var rep struct {
		People     int     `json:"people"`
		RingRecall float64 `json:"ring_recall"`
		Bars       []struct {
			Name string `json:"name"`
		} `json:"bars"`
		Pass *bool `json:"pass"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.People != 400 || len(rep.Bars) != 6 || rep.Pass == nil || rep.RingRecall == 0 {
		t.Errorf("baseline report: %s", out)
	}
}

func TestHireSynthAndEvalNeedTheirFlags(t *testing.T) {
	for _, args := range [][]string{
		{"hire", "synth", "--people", "10"},
		{"hire", "eval", "--baseline"},
		{"hire", "eval", "--truth", "t.jsonl", "--baseline", "--assessments", "a.jsonl"},
		{"hire", "nothing"},
	} {
		_, stderr, err := runCLI(t, nil, "", args...)
		if !errors.Is(err, errUsage) {
			t.Errorf("%s: err %v, want a usage error", strings.Join(args, " "), err)
		}
		if stderr == "" {
			t.Errorf("%s: nothing said on stderr", strings.Join(args, " "))
		}
	}
}

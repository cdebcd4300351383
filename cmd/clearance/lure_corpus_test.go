package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/lure/synth"
)

func TestLureSynthWritesCasesAndTheirTruth(t *testing.T) {
	out := filepath.Join(t.TempDir(), "corpus")
	stdout, stderr, err := runCLI(t, builtinOnly(t), "", "lure", "synth", "--out", out, "--seed", "3", "--only", "remote-eval/route/,lookalike/clean/express")
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if !strings.Contains(stdout, "wrote 3 cases") {
		t.Errorf("stdout: %s", stdout)
	}
	m, err := synth.ReadManifest(out)
	if err != nil || len(m.Cases) != 3 || m.Seed != 3 {
		t.Fatalf("manifest: %+v %v", m, err)
	}
	// The untouched template scans clean through the same command line
	// (whether each lure is found is the evaluation's business).
	for _, c := range m.Cases {
		if c.Malicious {
			continue
		}
		if _, _, err := runCLI(t, builtinOnly(t), "", "lure", "scan", filepath.Join(out, c.Dir)); err != nil {
			t.Errorf("%s: scan: %v", c.ID, err)
		}
	}
	if _, _, err := runCLI(t, builtinOnly(t), "", "lure", "synth"); err == nil {
		t.Error("synth without --out is not a usage error")
	}
}

func TestLureUpdateFromAFile(t *testing.T) {
	vars := builtinOnly(t)
	list := filepath.Join(t.TempDir(), "list.csv")
	var b strings.Builder
	b.WriteString("# date: 2099-01-01\necosystem,name,campaign,report,osv\n")
	for i := range 200 {
		fmt.Fprintf(&b, "npm,cli-test-listed-%d,test,,\n", i)
	}
	os.WriteFile(list, []byte(b.String()), 0o644)
	stdout, stderr, err := runCLI(t, vars, "", "lure", "update", "--from", list)
	if err != nil || !strings.Contains(stdout, "updated: 200 records") {
		t.Fatalf("update: %v\n%s%s", err, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(vars["CLEARANCE_CACHE"], "lure-intel", "intel.json")); err != nil {
		t.Fatal(err)
	}
	// A broken list is refused and the command fails.
	os.WriteFile(list, []byte("garbage"), 0o644)
	stdout, _, err = runCLI(t, vars, "", "lure", "update", "--from", list)
	if err == nil || !strings.Contains(stdout, "refused") {
		t.Errorf("broken list: %v %s", err, stdout)
	}
	// Scans now use the updated list: a listed name in a package.json is a
	// known malicious dependency.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"x","dependencies":{"cli-test-listed-7":"1.0.0"}}`), 0o644)
	stdout, _, err = runCLI(t, vars, "", "lure", "scan", dir)
	if err == nil || !strings.Contains(stdout, "cli-test-listed-7") || !strings.Contains(stdout, "2099-01-01") {
		t.Errorf("scan with the updated list: %v\n%s", err, stdout)
	}
	if _, _, err := runCLI(t, builtinOnly(t), "", "lure", "update"); err == nil {
		t.Error("update without a source is not an error")
	}
}

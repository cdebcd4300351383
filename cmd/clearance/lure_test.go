package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func lureExit(err error) int {
	if err == nil {
		return 0
	}
	var st *exitStatus
	if errors.As(err, &st) {
		return st.code
	}
	return -1
}

// The exit code is the verdict: 0 clean, 1 review, 2 suspicious, 3
// malicious, 4 error.
func TestLureScanExitCodes(t *testing.T) {
	td := filepath.Join("..", "..", "lure", "testdata")
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"lure", "scan", filepath.Join(td, "benign", "next-template")}, 0},
		{[]string{"lure", "scan", filepath.Join(td, "lures", "obfuscated-route")}, 2},
		{[]string{"lure", "scan", "--json", filepath.Join(td, "lures", "renamed-imports")}, 3},
		{[]string{"lure", "scan", filepath.Join(td, "lures", "renamed-imports"), "--format", "sarif"}, 3},
		{[]string{"lure", "scan", filepath.Join(td, "no-such-dir")}, 4},
		{[]string{"lure", "scan"}, 4},
		{[]string{"lure", "scan", "--format", "xml", filepath.Join(td, "benign", "next-template")}, 4},
		{[]string{"lure", "frobnicate"}, 4},
	}
	for _, c := range cases {
		out, _, err := runCLI(t, builtinOnly(t), "", c.args...)
		if got := lureExit(err); got != c.code {
			t.Errorf("%s: exit %d (%v), want %d", strings.Join(c.args, " "), got, err, c.code)
		}
		if c.code == 3 && strings.Contains(strings.Join(c.args, " "), "json") {
			var rep struct {
				Verdict  string           `json:"verdict"`
				Findings []map[string]any `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Verdict != "malicious" {
				t.Errorf("json output: %v %q", err, out)
			}
		}
	}
	// review: an auto-run task with nothing bad in it
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".vscode", "tasks.json"), `{"tasks":[{"label":"watch","command":"npm run watch","runOptions":{"runOn":"folderOpen"}}]}`)
	out, _, err := runCLI(t, builtinOnly(t), "", "lure", "scan", dir)
	if got := lureExit(err); got != 1 || !strings.Contains(out, "REVIEW") {
		t.Errorf("review: exit %d, output %s", got, out)
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

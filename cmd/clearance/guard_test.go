package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/internal/faults"
)

func TestScreenOfAQueryThatPanicsTheEngineIsAnError(t *testing.T) {
	defer faults.OnScreen(func(name string) {
		if name == "Boom Jin Hyok" {
			panic("injected fault")
		}
	})()
	_, _, err := runCLI(t, builtinOnly(t), "", "screen", "Boom Jin Hyok")
	if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "Boom Jin Hyok") {
		t.Fatalf("screen of the panicking query: %v; want an error naming the query", err)
	}
	// batch answers that row with an error and the others as usual.
	in := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","name":"Boom Jin Hyok"}`+"\n"+`{"id":"b","name":"Kim Sang Man"}`+"\n"), 0o644)
	stdout, _, _ := runCLI(t, builtinOnly(t), "", "batch", "--in", in)
	rs := readResults(t, stdout)
	if len(rs) != 2 || !strings.Contains(rs[0].Error, "internal error") || rs[1].Error != "" || !rs[1].Alert {
		t.Fatalf("batch: %+v", rs)
	}
}

func TestScreenOfNamesThatOnceCrashedTheTokeniser(t *testing.T) {
	for _, name := range []string{"(김정은)", `"김정은"`, "Kim김정은", "Mr.김정은", "김0&0000"} {
		if _, stderr, err := runCLI(t, builtinOnly(t), "", "screen", name, "--json"); err != nil {
			t.Errorf("screen %q: %v\n%s", name, err, stderr)
		}
	}
}

func TestIndexBuildLeavesOutANameThatPanicsAndWarns(t *testing.T) {
	defer faults.OnTokenize(func(name string) {
		if name == "KIM, Sangman" {
			panic("injected fault")
		}
	})()
	stdout, stderr := mustRun(t, builtinOnly(t), "", "screen", "Kim Sangman")
	if !strings.Contains(stderr, `clearance: warning: left out of the index: clearance_dprk:`) || !strings.Contains(stderr, `"KIM, Sangman"`) {
		t.Errorf("stderr does not name the name left out:\n%s", stderr)
	}
	if ms := parseScreenText(t, stdout); len(ms) == 0 || !ms[0].alert {
		t.Errorf("the entity's other names no longer alert:\n%s", stdout)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commandFlags runs every command (and every subcommand its usage names)
// with -h and collects the flags each prints, as "command sub": flags.
func commandFlags(t *testing.T) map[string][]string {
	t.Helper()
	flagLine := regexp.MustCompile(`(?m)^\s+-([a-z0-9][a-z0-9-]*)`)
	help := func(args ...string) []string {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a command that would start work instead of printing its help stops at once
		run(ctx, e, append(args, "-h"))
		var names []string
		for _, m := range flagLine.FindAllStringSubmatch(errb.String()+out.String(), -1) {
			if !slices.Contains(names, m[1]) {
				names = append(names, m[1])
			}
		}
		return names
	}
	word := regexp.MustCompile(`^[a-z][a-z-]*$`)
	got := map[string][]string{"": help()} // the global flags, from "clearance -h"
	for _, c := range commands() {
		if fl := help(c.name); len(fl) > 0 {
			got[c.name] = fl
		}
		// Subcommands: the bare lower-case words of the usage line
		// ("assess|explain|bench", "create --role R | list | revoke ID"),
		// not a flag's values ("--format csv|pdf").
		value := false // the token after a flag is its value
		for _, tok := range strings.Fields(c.args) {
			tok = strings.Trim(tok, "[]")
			wasValue := value
			value = strings.HasPrefix(tok, "-")
			if value || (wasValue && tok != "|") {
				continue
			}
			for _, w := range strings.Split(tok, "|") {
				if !word.MatchString(w) || w == c.name {
					continue
				}
				if fl := help(c.name, w); len(fl) > 0 {
					got[c.name+" "+w] = fl
				}
			}
		}
	}
	return got
}

// TestEveryFlagIsInTheREADME fails for a flag of any command that README.md
// does not mention as --flag: a new flag is documented where users look.
func TestEveryFlagIsInTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mentioned := map[string]bool{}
	for _, m := range regexp.MustCompile(`--([a-z0-9][a-z0-9-]*[a-z0-9])`).FindAllStringSubmatch(string(readme), -1) {
		mentioned[m[1]] = true
	}
	flags := commandFlags(t)
	for _, must := range []string{"", "screen", "batch", "serve", "export", "hire assess", "lure scan", "keys create"} {
		if len(flags[must]) == 0 {
			t.Errorf("found no flags of %q: the walk missed a command", must)
		}
	}
	missing := map[string][]string{}
	n := 0
	for cmd, fl := range flags {
		for _, f := range fl {
			n++
			if !mentioned[f] {
				missing[f] = append(missing[f], strings.TrimSpace("clearance "+cmd))
			}
		}
	}
	names := make([]string, 0, len(missing))
	for f := range missing {
		names = append(names, f)
	}
	slices.Sort(names)
	for _, f := range names {
		slices.Sort(missing[f])
		t.Errorf("--%s (%s) is not in README.md", f, strings.Join(missing[f], ", "))
	}
	cmds := make([]string, 0, len(flags))
	for c := range flags {
		cmds = append(cmds, strings.TrimSpace("clearance "+c))
	}
	slices.Sort(cmds)
	t.Logf("%d flags of %d commands checked: %s", n, len(flags), strings.Join(cmds, ", "))
}

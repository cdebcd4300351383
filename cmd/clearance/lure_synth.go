package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance/lure/synth"
)

// runLureSynth writes the defanged synthetic lures and look-alikes.
func runLureSynth(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("lure synth", "--out DIR [--seed S] [--template T,...] [--only SUBSTR,...]",
		"Write defanged synthetic lures (each technique at each location of each benign template) and benign look-alikes, one repository per case, with the truth in DIR/manifest.json. The payloads are inert: they reach only .invalid names and TEST-NET addresses.")
	out := fs.String("out", "", "folder to write the cases into (required)")
	seed := fs.Uint64("seed", 1, "seed for the variations (names, encodings, padding, URLs)")
	tpls := fs.String("template", "", "comma-separated templates to use (default all: "+strings.Join(synth.Templates(), ", ")+")")
	only := fs.String("only", "", "comma-separated substrings: keep the cases whose ID holds one")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errUsage
	}
	m, err := synth.Generate(*out, synth.Options{Seed: *seed, Templates: splitList(*tpls), Only: splitList(*only)})
	if err != nil {
		return err
	}
	var mal, holdout int
	cells := map[string]bool{}
	for _, c := range m.Cases {
		if c.Malicious {
			mal++
			cells[c.Cell()] = true
			if c.Split == "holdout" {
				holdout++
			}
		}
	}
	fmt.Fprintf(e.stdout, "wrote %d cases to %s: %d lures in %d technique × location cells (%d in held-out cells), %d benign look-alikes and clean templates; truth in %s\n",
		len(m.Cases), *out, mal, len(cells), holdout, len(m.Cases)-mal, synth.ManifestName)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/clearance-screening/clearance/hire/hireeval"
	"github.com/clearance-screening/clearance/hire/synth"
)

// runHireSynth writes a synthetic remote-hire population with its truth.
func runHireSynth(ctx context.Context, e *env, args []string) error {
	cfg := synth.DefaultConfig()
	fs := e.newFlagSet("hire synth", "--people N --seed S --out DIR [--events-per-person K] [--event-files M] [--config FILE]",
		"Generate a synthetic population (people.jsonl, events, truth.jsonl) with planted persona rings and benign look-alikes.")
	people := fs.Int("people", cfg.People, "people to generate")
	seed := fs.Uint64("seed", cfg.Seed, "random seed; the same seed gives the same files")
	out := fs.String("out", "", "folder to write into (created if missing)")
	perPerson := fs.Int("events-per-person", cfg.EventsPerPerson, "mean events per person")
	eventFiles := fs.Int("event-files", cfg.EventFiles, "split events over this many files (events-NN.jsonl)")
	config := fs.String("config", "", "JSON file overriding any knob of the population (see README)")
	ringShare := fs.Float64("ring-share", cfg.RingShare, "share of people who are ring personas")
	workers := fs.Int("workers", cfg.Workers, "blocks generated in parallel (the output does not depend on it)")
	names := fs.String("names", "", "folder of name-frequency tables (default: $CLEARANCE_NAMES, else ../shared/data/names)")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(e.stderr, "clearance hire synth: --out is required")
		return errUsage
	}
	if *config != "" {
		f, err := os.Open(*config)
		if err != nil {
			return err
		}
		err = synth.ReadConfig(f, &cfg)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *config, err)
		}
	}
	// Flags given on the command line win over the config file.
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "people":
			cfg.People = *people
		case "seed":
			cfg.Seed = *seed
		case "events-per-person":
			cfg.EventsPerPerson = *perPerson
		case "event-files":
			cfg.EventFiles = *eventFiles
		case "ring-share":
			cfg.RingShare = *ringShare
		case "workers":
			cfg.Workers = *workers
		}
	})
	switch {
	case *names != "":
		cfg.NamesDir = *names
	case e.getenv("CLEARANCE_NAMES") != "":
		cfg.NamesDir = e.getenv("CLEARANCE_NAMES")
	}
	sum, err := synth.Generate(ctx, cfg, *out)
	if err != nil {
		return err
	}
	if e.json {
		return writeJSON(e.stdout, sum)
	}
	fmt.Fprintf(e.stdout, "wrote %d people, %d events, %d bad records planted, in %s (%.1fs)\n", sum.People, sum.Events, sum.BadInputs, *out, sum.Elapsed.Seconds())
	fmt.Fprintf(e.stdout, "rings: %d with %d personas (%d weakly linked); Korean heritage: %d\n", sum.Rings, sum.RingPeople, sum.Weak, sum.Korean)
	var groups []string
	for g := range sum.Groups {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		fmt.Fprintf(e.stdout, "  %-18s %6d\n", g, sum.Groups[g])
	}
	for _, f := range sum.Files {
		fmt.Fprintf(e.stdout, "  %s\n", filepath.Join(*out, f))
	}
	for k, v := range sum.Names {
		if v == "built-in" {
			fmt.Fprintf(e.stderr, "clearance hire synth: %s names from the built-in fallback list (table not found in %s)\n", k, cfg.NamesDir)
		}
	}
	return nil
}

// runHireEval scores an assessment (or the reference baseline) against a
// synthetic population's truth.
func runHireEval(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("hire eval", "--truth DIR/truth.jsonl (--assessments OUT.jsonl | --baseline) [--people FILE] [--json]",
		"Score remote-hire assessments against the truth of a synthetic population: ring recall (all, strong, weakly linked), benign flag rate per look-alike group, Korean-heritage fairness ratio, evidence, ring cohesion, bad inputs reported, and the issue's bars.")
	truthPath := fs.String("truth", "", "truth.jsonl of the population")
	assessPath := fs.String("assessments", "", "the assessor's JSONL output")
	baseline := fs.Bool("baseline", false, "score the reference rule (flag whoever shares a phone, account, wallet or ship-to) computed from the population instead")
	peoplePath := fs.String("people", "", "people.jsonl for --baseline (default: beside the truth file)")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *truthPath == "" || (*assessPath == "") == !*baseline {
		fmt.Fprintln(e.stderr, "clearance hire eval: give --truth and one of --assessments or --baseline")
		return errUsage
	}
	tf, err := os.Open(*truthPath)
	if err != nil {
		return err
	}
	truth, err := hireeval.ReadTruth(tf)
	tf.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *truthPath, err)
	}
	var a *hireeval.Assessment
	if *baseline {
		if *peoplePath == "" {
			*peoplePath = filepath.Join(filepath.Dir(*truthPath), "people.jsonl")
		}
		pf, err := os.Open(*peoplePath)
		if err != nil {
			return err
		}
		a, err = hireeval.Baseline(pf, filepath.Base(*peoplePath))
		pf.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *peoplePath, err)
		}
	} else {
		af, err := os.Open(*assessPath)
		if err != nil {
			return err
		}
		a, err = hireeval.ReadAssessment(af)
		af.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *assessPath, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rep := hireeval.Score(truth, a)
	if e.json {
		return writeJSON(e.stdout, struct {
			*hireeval.Report
			Pass bool `json:"pass"`
		}{rep, rep.Pass()})
	}
	if *baseline {
		fmt.Fprintln(e.stdout, "baseline: flag whoever shares a phone, account, wallet or ship-to with anyone")
	}
	rep.WriteText(e.stdout)
	return nil
}

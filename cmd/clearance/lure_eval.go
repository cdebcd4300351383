package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/clearance-screening/clearance/lure"
	"github.com/clearance-screening/clearance/lure/evaluate"
	"github.com/clearance-screening/clearance/lure/intel"
	"github.com/clearance-screening/clearance/lure/synth"
)

// runLureEval measures the lure scanner on synthetic lures and look-alikes
// and on a corpus of benign npm packages.
func runLureEval(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("lure eval", "[--corpus DIR] [--seeds N] [--synth DIR]",
		"Generate the synthetic lures (seeds 1..N), scan them and report recall at suspicious or worse, whether the top finding names the infected file, false alarms on look-alikes, and recall per technique × location cell (held-out cells apart); then scan the benign npm corpus that lure/testdata/fetch-benign.sh fetched and report its false alarms.")
	corpus := fs.String("corpus", defaultLureCorpus(e), "folder of benign npm packages (.tgz) to scan; empty skips it")
	seeds := fs.Int("seeds", 1, "generate and scan this many synthetic corpora (seeds 1..N)")
	keep := fs.String("synth", "", "write the synthetic corpora here (default a temporary folder, removed after)")
	noIntel := fs.Bool("no-intel", false, "scan the synthetic corpora without the dependency name lists (the malicious-dependency cells then count as missed: their code is not in the repository)")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	db, err := intel.Load(e.cacheDir)
	if err != nil {
		fmt.Fprintf(e.stderr, "lure eval: %v; using the embedded list\n", err)
	}
	opt := evaluate.Options{Scan: lure.Options{Intel: db}}
	if *noIntel {
		opt.Scan.Intel = nil
	}
	root := *keep
	if root == "" {
		if root, err = os.MkdirTemp("", "clearance-lure-eval-"); err != nil {
			return err
		}
		defer os.RemoveAll(root)
	}
	var cases []evaluate.CaseResult
	for s := 1; s <= *seeds; s++ {
		dir := filepath.Join(root, fmt.Sprintf("seed-%d", s))
		m, err := synth.Generate(dir, synth.Options{Seed: uint64(s)})
		if err != nil {
			return err
		}
		r, err := evaluate.Synthetic(ctx, dir, m, opt)
		if err != nil {
			return err
		}
		cases = append(cases, r.Cases...)
	}
	evaluate.Tally(cases).WriteText(e.stdout)
	if *corpus == "" {
		return nil
	}
	pkgs, err := evaluate.CorpusPackages(*corpus)
	if err != nil || len(pkgs) == 0 {
		fmt.Fprintf(e.stdout, "\nbenign npm corpus: none at %s (run lure/testdata/fetch-benign.sh)\n", *corpus)
		return nil
	}
	// Each package is scanned by a child "clearance lure scan", so that a
	// scanner crash on one package is reported, not fatal.
	self, err := os.Executable()
	if err != nil {
		return err
	}
	opt.Isolated = evaluate.ChildScan(func(ctx context.Context, path string) *exec.Cmd {
		return exec.CommandContext(ctx, self, "--cache", e.cacheDir, "lure", "scan", "--format", "json", path)
	})
	b, err := evaluate.Benign(ctx, pkgs, opt)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	b.WriteText(e.stdout)
	return nil
}

// defaultLureCorpus is where fetch-benign.sh puts the benign packages.
func defaultLureCorpus(e *env) string {
	if d := e.getenv("CLEARANCE_LURE_CORPUS"); d != "" {
		return d
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".cache", "clearance", "lure-corpus")
	}
	return ""
}

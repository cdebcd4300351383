package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/quality"
)

// runEval measures the engine on the labelled eval sets (see package
// quality) and prints every figure.
func runEval(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("eval", "[--eval DIR] [--min-score S] [--results FILE]",
		"Measure the engine on the labelled sets: the dev set (as score.py scores it), the name-pair bench against logic-v2, cross-script pairs, yente's negatives and UN positives.")
	evalDir := fs.String("eval", "", "folder of eval sets (default: $CLEARANCE_EVAL, else ../shared/eval beside the source)")
	minScore := fs.Float64("min-score", quality.DefaultDevMinScore, "minimum score asked of the engine for the dev set; keep it below the threshold so the sweep has scores")
	results := fs.String("results", "", "also write the dev-set answers here, in the results format score.py reads")
	namesakes := fs.String("namesakes", "", "also write every alert on the drawn common names here, one JSON object a line, with its reasons")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *evalDir == "" {
		*evalDir = e.getenv(sharedfiles.EvalEnv)
	}
	if *evalDir == "" {
		*evalDir = sharedfiles.EvalDir()
	}
	// The labels were made from the shared list files, so those are what
	// to measure against unless the user names others.
	if e.listsDir == "" {
		if _, err := os.Stat(sharedfiles.ListsDir()); err == nil {
			e.listsDir = sharedfiles.ListsDir()
		}
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "clearance: measuring against %s (%d entities, threshold %.2f)\n", l.origin, l.index.Len(), l.index.Threshold())
	r, err := quality.Run(l.index, *evalDir, *minScore)
	if err != nil {
		return err
	}
	if *results != "" {
		f, err := os.Create(*results)
		if err != nil {
			return err
		}
		if err := r.Dev.WriteResults(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", *results, err)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if *namesakes != "" {
		if err := writeNamesakeAlerts(*namesakes, r.Namesakes); err != nil {
			return err
		}
	}
	if e.json {
		return writeJSON(e.stdout, struct {
			quality.Reports
			Figures []quality.Figure `json:"figures"`
		}{r, r.Figures()})
	}
	r.WriteText(e.stdout)
	return nil
}

// writeNamesakeAlerts writes every namesake alert, population by
// population in the report's order, as JSON lines.
func writeNamesakeAlerts(path string, r quality.NamesakeReport) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, pop := range slices.Sorted(maps.Keys(r.ByPopulation)) {
		for _, a := range r.ByPopulation[pop].Alerts {
			if err := enc.Encode(a); err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

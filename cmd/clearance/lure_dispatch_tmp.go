package main

// Temporary wiring of the lure-corpus branch, for the lead to fold into
// lure.go at merge and then delete: the synth, update and eval
// subcommands are dispatched here before runLure, and scans use the
// dependency intelligence of lure/intel (the cached list from
// "clearance lure update" if it is good, else the embedded one).

import (
	"context"
	"fmt"

	"github.com/clearance-screening/clearance/lure"
	"github.com/clearance-screening/clearance/lure/intel"
)

func init() {
	lureIntel = func(e *env) lure.Intel {
		db, err := intel.Load(e.cacheDir)
		if err != nil {
			fmt.Fprintf(e.stderr, "clearance: lure intel: %v; using the embedded list\n", err)
		}
		return db
	}
}

// runLureCorpus dispatches the lure subcommands of the lure-corpus branch
// and hands the others to runLure.
func runLureCorpus(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "synth":
			return runLureSynth(ctx, e, args[1:])
		case "update":
			return runLureUpdate(ctx, e, args[1:])
		case "eval":
			return runLureEval(ctx, e, args[1:])
		}
	}
	err := runLure(ctx, e, args)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "       clearance lure synth --out DIR [--seed S]\n       clearance lure update [--from URL-or-FILE]\n       clearance lure eval [--corpus DIR] [--seeds N]")
	}
	return err
}

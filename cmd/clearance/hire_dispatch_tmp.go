package main

// TEMPORARY (hire-synth branch only): the "hire" dispatcher belongs to
// cmd/clearance/hire.go on the hire-core branch. Drop this file at merge;
// hire.go's runHire should route "synth" to runHireSynth and "eval" to
// runHireEval (its commented-out cases), and its usage text and the
// commands() line in main.go (kept here identical to hire-core's, so the
// two branches merge cleanly) should name synth and eval too.

import (
	"context"
	"fmt"
)

func runHire(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "Usage: clearance hire synth|eval [flags]")
		return errUsage
	}
	switch args[0] {
	case "synth":
		return runHireSynth(ctx, e, args[1:])
	case "eval":
		return runHireEval(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "clearance hire: unknown subcommand %q (want synth or eval)\n", args[0])
	return errUsage
}

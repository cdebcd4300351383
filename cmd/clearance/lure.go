package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance/lure"
	"github.com/clearance-screening/clearance/lure/intel"
)

// lureVersion is reported in SARIF output.
const lureVersion = "0.1.0"

// Exit codes of "clearance lure scan": the verdict's number, or 4.
const lureExitError = 4

// lureIntel gives the dependency intelligence for a scan: the list
// 'clearance lure update' cached, if it is good, else the embedded one.
func lureIntel(e *env) lure.Intel {
	db, err := intel.Load(e.cacheDir)
	if err != nil {
		fmt.Fprintf(e.stderr, "clearance: lure intel: %v; using the embedded list\n", err)
	}
	return db
}

// runLure dispatches the lure subcommands.
func runLure(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Usage: clearance lure scan PATH [--json | --format text|json|sarif] [--no-intel] [--include-vendored]\n       clearance lure synth --out DIR [--seed S]\n       clearance lure update [--from URL-or-FILE]\n       clearance lure eval [--corpus DIR] [--seeds N]")
		if len(args) == 0 {
			return &exitStatus{code: lureExitError, err: errUsage}
		}
		return nil
	}
	switch args[0] {
	case "scan":
		return runLureScan(ctx, e, args[1:])
	case "synth":
		return runLureSynth(ctx, e, args[1:])
	case "update":
		return runLureUpdate(ctx, e, args[1:])
	case "eval":
		return runLureEval(ctx, e, args[1:])
	default:
		return &exitStatus{code: lureExitError, err: fmt.Errorf("lure: unknown subcommand %q (want scan, synth, update or eval)", args[0])}
	}
}

func runLureScan(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("lure scan", "PATH [flags]",
		"Scan a directory, git working tree or archive (.zip, .tar, .tgz, .whl, .vsix, .crx) for fake-job lure malware, without executing anything. Exit code: 0 clean, 1 review, 2 suspicious, 3 malicious, 4 error.")
	format := fs.String("format", "", "output format: text, json or sarif (default text, or json with --json)")
	noIntel := fs.Bool("no-intel", false, "do not check dependency names against the intelligence list")
	vendored := fs.Bool("include-vendored", false, "analyse node_modules contents too, not only installed package names and install scripts")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		if errors.Is(err, errHelp) {
			return err
		}
		return &exitStatus{code: lureExitError, err: err}
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitStatus{code: lureExitError, err: errUsage}
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = "text"
		if e.json {
			f = "json"
		}
	}
	if f != "text" && f != "json" && f != "sarif" {
		return &exitStatus{code: lureExitError, err: fmt.Errorf("--format %q: want text, json or sarif", *format)}
	}
	opts := lure.Options{IncludeVendored: *vendored}
	if !*noIntel {
		opts.Intel = lureIntel(e)
	}
	rep, err := lure.Scan(ctx, pos[0], opts)
	if err != nil {
		return &exitStatus{code: lureExitError, err: err}
	}
	switch f {
	case "json":
		err = rep.WriteJSON(e.stdout)
	case "sarif":
		err = rep.WriteSARIF(e.stdout, lureVersion)
	default:
		err = rep.WriteText(e.stdout, pos[0])
	}
	if err != nil {
		return &exitStatus{code: lureExitError, err: err}
	}
	if rep.Verdict == lure.Clean {
		return nil
	}
	return &exitStatus{code: int(rep.Verdict)}
}

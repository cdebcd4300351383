// Command clearance screens people, organisations, vessels and crypto
// wallets against the official sanctions lists (OFAC, UN, EU, UK) and a
// built-in set of North Korean IT-worker and cyber designations.
//
// Usage:
//
//	clearance [global flags] COMMAND [flags] [args]
//
// Run "clearance help" for the commands. Flags may stand before or after
// the arguments.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/clearance-screening/clearance/lists"
)

// env is what a command runs with: its streams and the global options.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	listsDir       string // --lists: load these list files
	cacheDir       string // --cache: where update stores lists and later runs load them
	json           bool
	threshold      float64
	noBuiltin      bool // --no-builtin: official lists alone, without the built-in set's extra designations
	// force accepts lists that fail the plausibility checks (a drop of
	// more than 20% of a source's entities, an older data date); broken
	// files are refused whatever it says.
	force bool
	// maxAge is the data age past which a list is called stale.
	maxAge time.Duration
	getenv func(string) string
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"screen", "NAME [--dob D] [--country C] [--type T] [--id TYPE:NUMBER] [--wallet ADDR] [--explain]", "screen one subject and print its matches with reasons; exits 0 with no alert, 1 with an alert, 2 on an error (as grep)", runScreen},
		{"batch", "--in FILE [--out FILE] [--format jsonl|csv|xlsx] [--queue URL]", "screen a JSONL, CSV or XLSX file of subjects, streaming; resumable (not XLSX); on workers with --queue; exits 0 with no alert, 1 with an alert, 2 when a row failed", runBatch},
		{"worker", "--queue nats://HOST:PORT", "screen chunks of distributed batch jobs until stopped", runWorker},
		{"jobs", "--queue nats://HOST:PORT", "list distributed batch jobs with their progress", runJobs},
		{"lists", "", "show each loaded source: key, date, entities by type, rows skipped and why", runLists},
		{"update", "[KEY...]", "download the official lists into the cache (conditional, checked, atomic)", runUpdate},
		{"compare", "--in PAIRS.csv | NAME1 NAME2", "score name pairs (name1 as query, name2 as listed name)", runCompare},
		{"bench", "--in QUERIES.jsonl [--synthetic N]", "measure index build, heap, throughput and latency", runBench},
		{"eval", "[--eval DIR] [--min-score S] [--results FILE]", "measure the engine on the labelled eval sets", runEval},
		{"serve", "--db FILE-or-URL [--addr HOST:PORT]", "serve the screening API and the analysts' web page", runServe},
		{"keys", "create --role R [--owner U] | list | revoke ID", "manage API keys", runKeys},
		{"users", "create --username U --role R | list | disable U | enable U | totp U | password U", "manage the people who sign in", runUsers},
		{"audit", "verify|export --db FILE-or-URL", "verify or export the audit trail", runAudit},
		{"export", "alerts|decisions|audit --db FILE-or-URL [--format csv|pdf] [--out FILE]", "export alerts, decisions or the audit trail as CSV or a PDF report (a page per case) for an examiner", runExport},
		{"entity", "ID", "show one listed entity with all its fields", runEntity},
		{"targets", "[--sample N]", "report the targets several lists designate, by kind of evidence, with a sample to check", runTargets},
		{"hire", "assess|explain|bench|synth|eval [flags]", "remote-hire risk: find IT-worker personas in people and event records", runHire},
		{"lure", "scan PATH [--json|--format sarif] [--no-intel] | synth | update | eval", "scan a coding-test repository or archive for fake-job lure malware (exit 0 clean, 1 review, 2 suspicious, 3 malicious, 4 error)", runLure},
		{"mcp", "", "serve the MCP tools screen, entity and list_status over stdio, for AI assistants", runMCP},
		{"version", "", "print the build's version, VCS revision, Go version and the cached lists' versions (also --version)", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
	if err := run(ctx, e, os.Args[1:]); err != nil {
		// Commands with their own exit codes (batch: alerts and failed
		// rows; lure scan: the verdict).
		var st *exitStatus
		if errors.As(err, &st) {
			if st.err != nil && !errors.Is(st.err, errUsage) {
				fmt.Fprintln(os.Stderr, "clearance:", st.err)
			}
			os.Exit(st.code)
		}
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "clearance:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// exitStatus is a command's outcome when it is not "success" (0) or "an
// error" (1): batch and screen exit 1 when a subject alerted and 2 when a
// subject could not be screened, as grep exits 1 on no match and 2 on
// trouble, so that scripts can gate on it; lure scan exits with its
// verdict's number. err, when not nil, is printed.
type exitStatus struct {
	code int
	err  error
}

func (s *exitStatus) Error() string {
	if s.err != nil {
		return s.err.Error()
	}
	return fmt.Sprintf("exit status %d", s.code)
}

func (s *exitStatus) Unwrap() error { return s.err }

// errAlert is screen's outcome when a match reaches the alert threshold:
// not a failure, but exit status 1.
var errAlert error = &exitStatus{code: exitAlert}

// globalFlags registers the options every command accepts, so that
// "clearance screen X --json" and "clearance --json screen X" agree.
func (e *env) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&e.listsDir, "lists", e.listsDir, "folder of official list files laid out as <dir>/<dataset key>/<file> (default: $CLEARANCE_LISTS, else the update cache, else the built-in set)")
	fs.StringVar(&e.cacheDir, "cache", e.cacheDir, "cache folder that 'update' fills and later runs load (default: $CLEARANCE_CACHE or the user cache dir)")
	fs.BoolVar(&e.json, "json", e.json, "machine-readable JSON output")
	fs.Float64Var(&e.threshold, "threshold", e.threshold, "alert threshold (default: the engine's, see README)")
	fs.BoolVar(&e.noBuiltin, "no-builtin", e.noBuiltin, "do not screen the built-in DPRK set alongside the official lists (by default its entities the official lists lack are added, in every command as in serve)")
	fs.BoolVar(&e.force, "force", e.force, "accept list files that lost more than 20% of a source's entities or carry an older data date than the version last accepted (a cut or malformed file is refused all the same)")
	fs.DurationVar(&e.maxAge, "max-age", e.maxAge, "warn when a list's data date is older than this ($CLEARANCE_MAX_LIST_AGE)")
}

func run(ctx context.Context, e *env, args []string) error {
	e.listsDir = e.getenv("CLEARANCE_LISTS")
	e.cacheDir = e.getenv("CLEARANCE_CACHE")
	e.maxAge = lists.DefaultMaxAge
	if v := e.getenv("CLEARANCE_MAX_LIST_AGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("$CLEARANCE_MAX_LIST_AGE %q: want a duration such as 720h", v)
		}
		e.maxAge = d
	}
	if e.cacheDir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			e.cacheDir = filepath.Join(d, "clearance")
		}
	}
	fs := flag.NewFlagSet("clearance", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	e.globalFlags(fs)
	showVersion := fs.Bool("version", false, "print the version (as the version command) and exit")
	fs.Usage = func() { e.usage(fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	rest := fs.Args()
	if *showVersion {
		return runVersion(ctx, e, nil)
	}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" {
		e.usage(fs)
		if len(rest) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			err := c.run(ctx, e, rest[1:])
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	fmt.Fprintf(e.stderr, "clearance: unknown command %q\n", rest[0])
	e.usage(fs)
	return errUsage
}

func (e *env) usage(fs *flag.FlagSet) {
	w := e.stderr
	fmt.Fprintln(w, "clearance screens names and wallets against the official sanctions lists.")
	fmt.Fprintln(w, "\nUsage: clearance [global flags] COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nExit status: 0 on success; screen and batch exit 1 when a match reaches the")
	fmt.Fprintln(w, "alert threshold and 2 on an error; usage errors exit 2, other errors 1.")
	fmt.Fprintln(w, "\nGlobal flags (accepted before or after the command):")
	fs.PrintDefaults()
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments, which it returns. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet makes a command's flag set with the global flags included.
func (e *env) newFlagSet(name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	e.globalFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: clearance %s %s\n\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseCommand parses a command's flags, reporting usage errors once.
func (e *env) parseCommand(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, errHelp
	}
	if err != nil {
		return nil, errUsage
	}
	return pos, nil
}

var errHelp = errors.New("help shown")

func joinArgs(pos []string) string { return strings.TrimSpace(strings.Join(pos, " ")) }

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// loaded is what a command screens against.
type loaded struct {
	datasets []lists.Dataset
	index    *match.Index
	origin   string // where the lists came from, in a phrase
	took     time.Duration
	build    time.Duration
}

// load reads the lists the user asked for: --lists (or $CLEARANCE_LISTS),
// else the update cache, else the built-in set. It says on stderr which
// it used, so that an analyst never screens stale data unknowingly. The
// built-in set's designations that the official lists lack are added, as
// serve adds them, unless --no-builtin.
func (e *env) load() (*loaded, error) {
	start := time.Now()
	l := &loaded{}
	switch {
	case e.listsDir != "":
		ds, errs := lists.LoadDir(e.listsDir, nil)
		for _, err := range errs {
			fmt.Fprintln(e.stderr, "clearance: warning:", err)
		}
		if len(ds) == 0 {
			return nil, fmt.Errorf("no list could be loaded from %s (want <dir>/<dataset key>/<file>, keys: %v)", e.listsDir, lists.Keys())
		}
		l.datasets = ds
		l.origin = "lists in " + e.listsDir
	case e.cachePresent():
		ds, errs := lists.LoadDir(e.cacheDir, nil)
		for _, err := range errs {
			fmt.Fprintln(e.stderr, "clearance: warning:", err)
		}
		if len(ds) > 0 {
			l.datasets = ds
			l.origin = "cached lists in " + e.cacheDir
			for _, st := range lists.CacheStatus(e.cacheDir) {
				if st.Present {
					fmt.Fprintf(e.stderr, "clearance: using cache: %s %s\n", st.Key, st)
				}
			}
			break
		}
		fallthrough
	default:
		ds, err := lists.Builtin()
		if err != nil {
			return nil, fmt.Errorf("built-in set: %w", err)
		}
		l.datasets = []lists.Dataset{ds}
		l.origin = "the built-in DPRK set"
		fmt.Fprintln(e.stderr, "clearance: no lists downloaded; using the built-in DPRK set (run 'clearance update' for the official lists)")
	}
	if l.origin != "the built-in DPRK set" && !e.noBuiltin {
		// As serve does: the built-in designations the official lists
		// lack are screened beside them, so the CLI and the API agree.
		b, err := lists.Builtin()
		if err != nil {
			return nil, fmt.Errorf("built-in set: %w", err)
		}
		l.datasets = append(l.datasets, lists.Supplement(b, l.datasets))
	}
	l.took = time.Since(start)
	var all []clearance.Entity
	for _, d := range l.datasets {
		all = append(all, d.Entities...)
	}
	b := time.Now()
	l.index = match.Build(all, match.Options{Threshold: e.threshold})
	l.build = time.Since(b)
	// A name the engine could not index is a bug in the engine; the rest
	// of the lists still screen, so it is a warning, not a failure.
	for _, sk := range l.index.Skipped() {
		fmt.Fprintln(e.stderr, "clearance: warning: left out of the index:", sk)
	}
	return l, nil
}

func (e *env) cachePresent() bool {
	if e.cacheDir == "" {
		return false
	}
	if _, err := os.Stat(e.cacheDir); err != nil {
		return false
	}
	for _, st := range lists.CacheStatus(e.cacheDir) {
		if st.Present {
			return true
		}
	}
	return false
}

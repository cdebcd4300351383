package main

import (
	"fmt"
	"os"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/server"
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
// it used, so that an analyst never screens stale data unknowingly.
func (e *env) load() (*loaded, error) {
	l, err := e.loadDatasets()
	if err != nil {
		return nil, err
	}
	var all []clearance.Entity
	for _, d := range l.datasets {
		all = append(all, d.Entities...)
	}
	b := time.Now()
	l.index = match.Build(all, match.Options{Threshold: e.threshold})
	l.build = time.Since(b)
	return l, nil
}

// loadSnapshot loads the lists as load does and indexes them with their
// version, for the commands that must tell one version from another
// (batch checkpoints, distributed jobs and workers).
func (e *env) loadSnapshot() (*server.Snapshot, error) {
	l, err := e.loadDatasets()
	if err != nil {
		return nil, err
	}
	return server.NewSnapshot(l.datasets, match.Options{Threshold: e.threshold}), nil
}

// loadDatasets reads the lists load indexes.
func (e *env) loadDatasets() (*loaded, error) {
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
	l.took = time.Since(start)
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

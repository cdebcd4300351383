package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	// refused are the sources whose files were refused; errs the other
	// sources that did not load. Only the lists command goes on with them.
	refused []*lists.RefusedError
	errs    error
}

// load reads the lists the user asked for: --lists (or $CLEARANCE_LISTS),
// else the update cache, else the built-in set. It says on stderr which
// it used, so that an analyst never screens stale data unknowingly, and
// warns of lists that are stale, of unknown date or retired. The built-in
// set's designations that the official lists lack are added, as serve
// adds them, unless --no-builtin.
//
// A source whose folder is there but whose files are refused (cut, empty,
// of the wrong format, or against the cache's record far smaller or older)
// fails the command: screening without it would miss its matches while
// looking complete. The operator fixes or removes the folder, or passes
// --force when a list really did shrink or go back in time.
func (e *env) load() (*loaded, error) {
	l, err := e.loadLists()
	if err != nil {
		return nil, err
	}
	if l.errs != nil {
		return nil, fmt.Errorf("not screening with a source missing: %w", l.errs)
	}
	return l, nil
}

// loadSnapshot loads the lists as load does and indexes them with their
// version, for the commands that must tell one version from another
// (batch checkpoints, distributed jobs and workers).
func (e *env) loadSnapshot() (*server.Snapshot, error) {
	ds, err := e.loadWhole()
	if err != nil {
		return nil, err
	}
	snap := server.NewSnapshot(ds, match.Options{Threshold: e.threshold})
	e.warnSkipped(snap.Index)
	return snap, nil
}

// loadVersions reads the lists as loadSnapshot does, failing alike, but
// builds no index: the snapshot's Index is nil.
func (e *env) loadVersions() (*server.Snapshot, error) {
	ds, err := e.loadWhole()
	if err != nil {
		return nil, err
	}
	return server.Describe(ds), nil
}

// loadWhole reads the lists, failing if a source is missing or refused.
func (e *env) loadWhole() ([]lists.Dataset, error) {
	l, err := e.loadDatasets()
	if err != nil {
		return nil, err
	}
	if l.errs != nil {
		return nil, fmt.Errorf("not screening with a source missing: %w", l.errs)
	}
	return l.datasets, nil
}

// loadLists is load without failing on refused sources: the lists command
// shows them.
func (e *env) loadLists() (*loaded, error) {
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
	e.warnSkipped(l.index)
	return l, nil
}

// warnSkipped says which listed names the index left out. A name the
// engine could not index is a bug in the engine; the rest of the lists
// still screen, so it is a warning, not a failure.
func (e *env) warnSkipped(ix *match.Index) {
	for _, sk := range ix.Skipped() {
		fmt.Fprintln(e.stderr, "clearance: warning: left out of the index:", sk)
	}
}

// loadDatasets reads the lists, without indexing them.
func (e *env) loadDatasets() (*loaded, error) {
	start := time.Now()
	l := &loaded{}
	checks := lists.Checks{Force: e.force}
	switch {
	case e.listsDir != "":
		// A folder given by hand is judged against what the update cache
		// last accepted of each source, when there is a cache.
		var prev map[string]lists.Accepted
		if e.cacheDir != "" && filepath.Clean(e.cacheDir) != filepath.Clean(e.listsDir) {
			prev = lists.CacheRecords(e.cacheDir)
		}
		ds, errs := lists.LoadDirWith(e.listsDir, lists.LoadOptions{Previous: prev, Checks: checks})
		l.note(errs)
		if len(ds) == 0 && len(l.refused) == 0 {
			return nil, fmt.Errorf("no list could be loaded from %s (want <dir>/<dataset key>/<file>, keys: %v)", e.listsDir, lists.Keys())
		}
		l.datasets = ds
		l.origin = "lists in " + e.listsDir
	case e.cachePresent():
		ds, errs := lists.LoadDirWith(e.cacheDir, lists.LoadOptions{Checks: checks})
		l.note(errs)
		if len(ds) > 0 || len(l.refused) > 0 {
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
	now := time.Now()
	for _, d := range l.datasets {
		for _, w := range d.Warnings(now, e.maxAge) {
			fmt.Fprintf(e.stderr, "clearance: warning: %s: %s\n", d.Source.Key, w)
		}
	}
	for _, r := range l.refused {
		fmt.Fprintf(e.stderr, "clearance: REFUSED: %v\n", r)
	}
	l.took = time.Since(start)
	return l, nil
}

// note sorts the errors of a load into refusals and the rest.
func (l *loaded) note(errs []error) {
	for _, err := range errs {
		var re *lists.RefusedError
		if errors.As(err, &re) {
			l.refused = append(l.refused, re)
		}
	}
	l.errs = errors.Join(errs...)
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

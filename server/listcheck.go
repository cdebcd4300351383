package server

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
)

// SourceRefusal is a source whose files the last refresh refused: cut,
// empty, of the wrong format, far smaller or older than the version in
// use. The previous version stays in use (Kept); when there was none (the
// first load since start), the source is absent, and says so here, in
// /readyz, /v1/sources and the clearance_list_refused metric.
type SourceRefusal struct {
	Key     string    `json:"key"`
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
	// Kept is true when the version of the source screened before the
	// refresh stays in use.
	Kept bool `json:"kept"`
}

// Refusals returns the sources the last refresh refused.
func (s *Server) Refusals() []SourceRefusal {
	if r := s.refused.Load(); r != nil {
		return *r
	}
	return nil
}

// acceptedVersions reads, from the list state the store keeps, what was
// last accepted of each source: its entity count (IDs are namespaced by
// dataset key) and the date in its version ("key@2026-02-27-<hash>").
func acceptedVersions(st clearance.ListState) map[string]lists.Accepted {
	out := map[string]lists.Accepted{}
	for id := range st.Entities {
		if key, _, ok := strings.Cut(id, ":"); ok {
			a := out[key]
			a.Entities++
			out[key] = a
		}
	}
	for _, v := range strings.Split(st.Version, ",") {
		key, rest, ok := strings.Cut(v, "@")
		if !ok || len(rest) < len("2006-01-02-") {
			continue
		}
		if _, err := time.Parse(time.DateOnly, rest[:10]); err == nil && rest[10] == '-' {
			a := out[key]
			a.DataDate = rest[:10]
			out[key] = a
		}
	}
	return out
}

// checkDatasets drops from ds the sources that fail the plausibility
// checks against the versions last accepted, adding them to refs. The
// built-in set is not checked: what it adds depends on the official lists.
func (s *Server) checkDatasets(ds []lists.Dataset, prev map[string]lists.Accepted, refs []*lists.RefusedError) ([]lists.Dataset, []*lists.RefusedError) {
	out := make([]lists.Dataset, 0, len(ds))
	for _, d := range ds {
		a, ok := prev[d.Source.Key]
		if ok && d.Source.Key != lists.BuiltinSource().Key {
			// Only a date the files state is compared: a stored version's
			// date may be a file's (OFAC's legacy CSV states none).
			date := ""
			if !d.DataDate.IsZero() && d.DateFrom == "file" {
				date = d.Report.Published
			} else {
				a.DataDate = ""
			}
			if err := s.cfg.Checks.Plausible(d.Source.Key, a, len(d.Entities), date); err != nil {
				var re *lists.RefusedError
				if errors.As(err, &re) {
					refs = append(refs, re)
					continue
				}
			}
		}
		out = append(out, d)
	}
	return out, refs
}

// keepRefused puts back, for each refused source, the version the current
// snapshot screens against, so that a bad file costs its source nothing
// but the update. The datasets come back in the order the old snapshot
// had them, so an unchanged source keeps its place in the version.
func keepRefused(old *Snapshot, ds []lists.Dataset, refs []*lists.RefusedError, now time.Time) ([]lists.Dataset, []SourceRefusal) {
	var out []SourceRefusal
	kept := false
	for _, r := range refs {
		sr := SourceRefusal{Key: r.Key, Reason: r.Reason, Message: r.Err.Error(), At: now}
		if slices.ContainsFunc(ds, func(x lists.Dataset) bool { return x.Source.Key == r.Key }) {
			// The loader kept the previous version itself, as the update
			// cache does when it refuses a download.
			sr.Kept = true
		} else if d, ok := old.dataset(r.Key); ok {
			ds = append(ds, d)
			sr.Kept, kept = true, true
		}
		out = append(out, sr)
	}
	if kept {
		order := map[string]int{}
		for i, si := range old.Sources {
			order[si.Key] = i
		}
		slices.SortStableFunc(ds, func(a, b lists.Dataset) int {
			ia, oka := order[a.Source.Key]
			ib, okb := order[b.Source.Key]
			switch {
			case oka && okb:
				return ia - ib
			case oka:
				return -1
			case okb:
				return 1
			}
			return 0
		})
	}
	return ds, out
}

// dataset rebuilds the dataset of one source from the snapshot, entities
// in their order, so that it hashes to the same version.
func (s *Snapshot) dataset(key string) (lists.Dataset, bool) {
	if s == nil {
		return lists.Dataset{}, false
	}
	i, ok := s.source[key]
	if !ok {
		return lists.Dataset{}, false
	}
	si := s.Sources[i]
	src, ok := lists.Lookup(key)
	if !ok {
		src = lists.Source{Key: key, Title: si.Title, Publisher: si.Publisher}
	}
	d := lists.Dataset{Source: src, FileDate: si.FileDate, DataDate: si.DataDate, DateFrom: si.DateFrom, Fetched: si.Fetched}
	d.Report.Published = si.Published
	for _, e := range s.Index.Entities() {
		if e.Source == key {
			d.Entities = append(d.Entities, e)
		}
	}
	return d, true
}

package server

import (
	"strings"

	"github.com/clearance-screening/clearance"
)

// searchFilter narrows the search page's matches to a list (source key)
// and a programme (a case-insensitive part of a programme's name). A
// match passes when it, or another listing of its target, fits both: the
// analyst looking for UN listings sees the target an OFAC entry matched
// when the UN lists it too.
type searchFilter struct {
	Source, Program string
}

func (f searchFilter) active() bool { return f.Source != "" || f.Program != "" }

func (f searchFilter) fits(source string, programs []string) bool {
	if f.Source != "" && source != f.Source {
		return false
	}
	if f.Program == "" {
		return true
	}
	want := strings.ToLower(f.Program)
	for _, p := range programs {
		if strings.Contains(strings.ToLower(p), want) {
			return true
		}
	}
	return false
}

// apply keeps the matches that fit, at most limit of them.
func (f searchFilter) apply(ms []clearance.Match, limit int) []clearance.Match {
	if !f.active() {
		return ms
	}
	var out []clearance.Match
	for _, m := range ms {
		ok := f.fits(m.Source, m.Programs)
		for _, l := range m.Listings {
			ok = ok || f.fits(l.Source, l.Programs)
		}
		if ok {
			out = append(out, m)
		}
		if len(out) == limit {
			break
		}
	}
	return out
}

// sourceKeys lists the loaded lists' keys for the search page's filter.
func sourceKeys(snap *Snapshot) []string {
	var out []string
	for _, si := range snap.Sources {
		out = append(out, si.Key)
	}
	return out
}

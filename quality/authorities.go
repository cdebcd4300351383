package quality

import (
	"slices"
	"sort"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// AuthorityPair is how often a listing of one source is found from
// another source's spelling of the same target's name.
type AuthorityPair struct {
	Query  string `json:"query_source"`  // whose spelling is asked
	Listed string `json:"listed_source"` // whose listing must be found
	Pairs  int    `json:"pairs"`
	Found  int    `json:"found"`
}

// Recall is the share of pairs found at the threshold.
func (p AuthorityPair) Recall() float64 { return ratio(p.Found, p.Pairs) }

// AuthoritiesReport measures spellings across authorities: for every
// target several sources list (as the full index links them), each
// listing's primary name is screened, name alone, (a) against an index of
// one other source only, which must find that source's listing, and (b)
// against an index of every source but the asking one, with targets on,
// which must find any other listing of the target.
type AuthoritiesReport struct {
	OneList     []AuthorityPair `json:"one_list"`
	OneListAll  AuthorityPair   `json:"one_list_total"`
	AllLists    []AuthorityPair `json:"all_lists"`
	AllListsAll AuthorityPair   `json:"all_lists_total"`
	Misses      []Offender      `json:"misses,omitempty"` // a sample of (a)'s misses
}

// Authorities takes the measure on the entities of ix.
func Authorities(ix *match.Index) AuthoritiesReport {
	es := ix.Entities()
	bySource := map[string][]clearance.Entity{}
	for _, e := range es {
		bySource[e.Source] = append(bySource[e.Source], e)
	}
	sources := make([]string, 0, len(bySource))
	for s := range bySource {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	only := map[string]*match.Index{}
	without := map[string]*match.Index{}
	for _, s := range sources {
		only[s] = match.Build(bySource[s], match.Options{Threshold: ix.Threshold()})
		var rest []clearance.Entity
		for _, t := range sources {
			if t != s {
				rest = append(rest, bySource[t]...)
			}
		}
		without[s] = match.Build(rest, match.Options{Threshold: ix.Threshold()})
	}
	type job struct {
		q      *clearance.Entity
		listed []string // the target's listings in other sources
	}
	var jobs []job
	for _, t := range ix.Targets() {
		for _, id := range t.Entities {
			e, _ := ix.Entity(id)
			var others []string
			for _, o := range t.Entities {
				if oe, _ := ix.Entity(o); oe.Source != e.Source {
					others = append(others, o)
				}
			}
			if len(others) > 0 && (e.Type == clearance.Person || e.Type == clearance.Organization) {
				jobs = append(jobs, job{e, others})
			}
		}
	}
	type outcome struct {
		one       map[string]bool // listed source -> found (one list loaded)
		all       bool
		missedOne []string
	}
	outs := make([]outcome, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		q := clearance.Query{Name: j.q.PrimaryName()}
		o := outcome{one: map[string]bool{}}
		for _, id := range j.listed {
			l, _ := ix.Entity(id)
			ms, _ := only[l.Source].Screen(q, clearance.ScreenOptions{Limit: 10})
			found := slices.ContainsFunc(ms, func(m clearance.Match) bool { return m.EntityID == id })
			o.one[l.Source] = o.one[l.Source] || found
			if !found {
				o.missedOne = append(o.missedOne, id)
			}
		}
		ms, _ := without[j.q.Source].Screen(q, clearance.ScreenOptions{Limit: 10})
		for _, m := range ms {
			if slices.Contains(j.listed, m.EntityID) || slices.ContainsFunc(m.Listings, func(l clearance.Listing) bool { return slices.Contains(j.listed, l.EntityID) }) {
				o.all = true
			}
		}
		outs[i] = o
	})
	var rep AuthoritiesReport
	one := map[[2]string]*AuthorityPair{}
	all := map[string]*AuthorityPair{}
	for i, j := range jobs {
		for src, found := range outs[i].one {
			k := [2]string{j.q.Source, src}
			if one[k] == nil {
				one[k] = &AuthorityPair{Query: k[0], Listed: k[1]}
			}
			one[k].Pairs++
			rep.OneListAll.Pairs++
			if found {
				one[k].Found++
				rep.OneListAll.Found++
			}
		}
		if all[j.q.Source] == nil {
			all[j.q.Source] = &AuthorityPair{Query: j.q.Source, Listed: "any other"}
		}
		all[j.q.Source].Pairs++
		rep.AllListsAll.Pairs++
		if outs[i].all {
			all[j.q.Source].Found++
			rep.AllListsAll.Found++
		}
		for _, id := range outs[i].missedOne {
			if len(rep.Misses) < 30 {
				l, _ := ix.Entity(id)
				rep.Misses = append(rep.Misses, Offender{File: j.q.ID, Query: clearance.Query{Name: j.q.PrimaryName()}, EntityID: id, MatchedName: l.PrimaryName()})
			}
		}
	}
	for _, p := range one {
		rep.OneList = append(rep.OneList, *p)
	}
	for _, p := range all {
		rep.AllLists = append(rep.AllLists, *p)
	}
	sortPairs := func(ps []AuthorityPair) {
		sort.Slice(ps, func(a, b int) bool {
			if ps[a].Query != ps[b].Query {
				return ps[a].Query < ps[b].Query
			}
			return ps[a].Listed < ps[b].Listed
		})
	}
	sortPairs(rep.OneList)
	sortPairs(rep.AllLists)
	rep.OneListAll.Query, rep.OneListAll.Listed = "all", "all"
	rep.AllListsAll.Query, rep.AllListsAll.Listed = "all", "any other"
	return rep
}

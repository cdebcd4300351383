package hire

import (
	"fmt"
	"sort"
	"strings"

	"github.com/clearance-screening/clearance/match"
)

// DefaultThreshold is the risk at or above which a person is flagged when
// their evidence spans at least two independent families of signals (a
// hard signal flags on its own). See README, "Remote-hire risk", for how
// it was chosen.
const DefaultThreshold = 0.6

// Options configure an Assessor.
type Options struct {
	// Threshold is the flag threshold; zero means DefaultThreshold.
	Threshold float64
	// Screener screens payees, facilitators and wallets against sanctions
	// lists, and lends its name statistics to payee-name comparison. Nil
	// means no sanctions screening (payee names are still compared).
	Screener *match.Index
}

// Signal is one piece of evidence about a person.
type Signal struct {
	Code     string         `json:"code"`
	Family   string         `json:"family"`
	Weight   float64        `json:"weight"`
	Hard     bool           `json:"hard,omitempty"` // flags on its own
	Evidence map[string]any `json:"evidence"`
	Source   string         `json:"source"`
	Reason   string         `json:"reason"`
}

// PersonResult is the assessment of one person: an output line.
type PersonResult struct {
	Kind    string   `json:"kind"` // "person"
	Person  string   `json:"person"`
	Risk    float64  `json:"risk"`
	Flagged bool     `json:"flagged"`
	Signals []Signal `json:"signals"`
	Cluster string   `json:"cluster,omitempty"`
}

// Link is one shared identifier between two people.
type Link struct {
	A      string  `json:"a"`
	B      string  `json:"b"`
	Kind   string  `json:"kind"`
	Value  string  `json:"value"`
	Weight float64 `json:"weight"`
}

// Cluster is a group of people tied by shared identifiers.
type Cluster struct {
	Kind    string   `json:"kind"` // "cluster"
	Cluster string   `json:"cluster"`
	Members []string `json:"members"`
	Links   []Link   `json:"links"`
	Risk    float64  `json:"risk"`
	Flagged int      `json:"flagged_members"`
}

// ErrorRecord is one input line that could not be used.
type ErrorRecord struct {
	Kind  string `json:"kind"` // "error"
	File  string `json:"file"`
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// Result is a whole assessment.
type Result struct {
	People   []PersonResult
	Clusters []Cluster
	Errors   []ErrorRecord
}

// Flagged counts the flagged people.
func (r *Result) Flagged() int {
	n := 0
	for i := range r.People {
		if r.People[i].Flagged {
			n++
		}
	}
	return n
}

// loc is where an input line was read.
type loc struct {
	file string
	line int
}

type entry struct {
	person  *Person
	agg     *Aggregate
	pending []loc // events read before (or without) their person
	records []loc // where each record of a person given more than once was read
}

// Assessor collects people and events and assesses them. Add people and
// events in any order; call Assess when all are in (and again after more
// arrive). It is not safe for concurrent use.
type Assessor struct {
	opts    Options
	entries map[string]*entry
	order   []string // person ids in the order first read
	errors  []ErrorRecord
	classes [2]map[string]string // egress class by network name, [1] for VPN events
	names   *match.Index
}

// NewAssessor returns an empty Assessor.
func NewAssessor(opts Options) *Assessor {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	a := &Assessor{opts: opts, entries: map[string]*entry{}}
	a.classes[0] = map[string]string{}
	a.classes[1] = map[string]string{}
	a.names = opts.Screener
	if a.names == nil {
		a.names = match.Build(nil, match.Options{})
	}
	return a
}

// AddPerson adds or replaces a person. A second record with the same id
// replaces the first and is reported as an error record, so that nothing
// changes silently.
func (a *Assessor) AddPerson(p *Person) {
	e := a.entries[p.ID]
	if e == nil {
		e = &entry{}
		a.entries[p.ID] = e
	}
	if e.person == nil {
		a.order = append(a.order, p.ID)
	} else {
		// Reading goroutines deliver records in any order, so which one
		// came last says nothing: the record later in the input (file,
		// then line) is used, and the error records are written by Assess
		// from every location, so both reproduce whatever the worker count.
		if len(e.records) == 0 {
			e.records = append(e.records, loc{e.person.File, e.person.Line})
		}
		e.records = append(e.records, loc{p.File, p.Line})
		if inputBefore(loc{p.File, p.Line}, loc{e.person.File, e.person.Line}) {
			return
		}
	}
	e.person = p
	e.pending = nil
}

// inputBefore reports whether a was read before b (file name, then line).
// Records without a place (a service's) are never before another, so the
// last one given is used.
func inputBefore(a, b loc) bool {
	if a.line == 0 || b.line == 0 {
		return false
	}
	if a.file != b.file {
		return a.file < b.file
	}
	return a.line < b.line
}

// AddEvent folds an event into its person's aggregate. The event's strings
// are not kept (values worth keeping are copied), so a reader may reuse
// their memory. file and line say where it was read, for the error record
// if its person never appears.
func (a *Assessor) AddEvent(ev *Event, file string, line int) {
	e := a.entries[ev.Person]
	if e == nil {
		e = &entry{}
		a.entries[strings.Clone(ev.Person)] = e
	}
	if e.person == nil {
		e.pending = append(e.pending, loc{file, line})
	}
	if e.agg == nil {
		e.agg = &Aggregate{}
	}
	e.agg.add(ev, classOf(&a.classes, ev))
}

// AddError records an input line that could not be used.
func (a *Assessor) AddError(file string, line int, msg string) {
	a.errors = append(a.errors, ErrorRecord{Kind: "error", File: file, Line: line, Error: msg})
}

// Aggregate returns a person's event aggregate (nil when they have no
// events), for a service to store.
func (a *Assessor) Aggregate(id string) *Aggregate {
	if e := a.entries[id]; e != nil {
		return e.agg
	}
	return nil
}

// SetAggregate folds a stored aggregate into a person's.
func (a *Assessor) SetAggregate(id string, g *Aggregate) {
	e := a.entries[id]
	if e == nil {
		e = &entry{}
		a.entries[id] = e
	}
	if e.agg == nil {
		e.agg = &Aggregate{}
	}
	e.agg.merge(g)
}

// Errors returns the error records so far.
func (a *Assessor) Errors() []ErrorRecord { return a.errors }

// People is the number of people added.
func (a *Assessor) People() int {
	n := 0
	for _, e := range a.entries {
		if e.person != nil {
			n++
		}
	}
	return n
}

// Assess assesses every person added so far.
func (a *Assessor) Assess() Result {
	var res Result
	ps := make([]*pstate, 0, len(a.order))
	byID := map[string]int{}
	// People in input order (file, then line), whatever order the
	// reading goroutines delivered them in.
	order := make([]*entry, 0, len(a.order))
	for _, id := range a.order {
		if e := a.entries[id]; e.person != nil {
			order = append(order, e)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		pi, pj := order[i].person, order[j].person
		if pi.File != pj.File {
			return pi.File < pj.File
		}
		return pi.Line < pj.Line
	})
	for _, e := range order {
		byID[e.person.ID] = len(ps)
		ps = append(ps, newPState(e.person, e.agg))
	}
	errs := append([]ErrorRecord(nil), a.errors...)
	for id, e := range a.entries {
		if e.person != nil {
			// A person given more than once: an error at every record
			// after the first; the last in the input is the one used.
			rs := append([]loc(nil), e.records...)
			sort.SliceStable(rs, func(i, j int) bool { return inputBefore(rs[i], rs[j]) })
			for _, r := range rs[min(1, len(rs)):] {
				errs = append(errs, ErrorRecord{Kind: "error", File: r.file, Line: r.line,
					Error: fmt.Sprintf("person %q appears again (first at %s:%d); the later record is used", id, rs[0].file, rs[0].line)})
			}
			continue
		}
		for _, l := range e.pending {
			errs = append(errs, ErrorRecord{Kind: "error", File: l.file, Line: l.line, Error: fmt.Sprintf("event for unknown person %q", id)})
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return errs[i].File < errs[j].File
		}
		return errs[i].Line < errs[j].Line
	})
	res.Errors = errs

	pop := &population{people: ps, byID: byID, names: a.names, screener: a.opts.Screener, threshold: a.opts.Threshold}
	pop.assess()
	res.People = make([]PersonResult, len(ps))
	for i, p := range ps {
		res.People[i] = p.result()
	}
	res.Clusters = pop.clusters
	return res
}

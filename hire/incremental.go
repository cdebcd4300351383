package hire

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/clearance-screening/clearance/match"
)

// Engine keeps a population for a service that receives people and events
// a batch at a time: each person's record, the running aggregate of their
// events (new events are folded into it; the events are not kept), their
// normalised identifiers and the index of who holds which, and the last
// assessment of each. Assess assesses the population as it now stands and
// returns only what changed since the last call, so a service writes and
// alerts on that alone.
//
// The assessment itself reads the whole population held in memory (its
// records and aggregates, never an event again): how rare a shared value
// is, which VPN is one organisation's, how common a payee's name is and
// which resume text is a template are statistics of the population, so a
// person's result can move when people they are not linked to arrive. An
// Engine's results are therefore those of a batch `hire assess` over the
// same records, whatever batches they came in (TestEngineMatchesBatch).
//
// An Engine is not safe for concurrent use.
type Engine struct {
	opts     Options
	people   map[string]*Person
	aggs     map[string]*Aggregate
	idents   map[string][]Identifier
	index    map[Identifier]map[string]bool
	last     map[string][]byte // JSON of the last result per person
	results  map[string]PersonResult
	clusters map[string]Cluster // by stable ID
	order    []string           // person IDs in the order first put
	dirty    map[string]bool
	reindex  map[string]bool // people whose identifiers changed since the last Assess
	// recIdents caches each person's record identifiers (recordIdentifiers).
	recIdents map[string][]Identifier
	classes   [2]map[string]string
	lp        lineParser
}

// Identifier is one normalised identifier a person holds.
type Identifier struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// NewEngine returns an empty Engine.
func NewEngine(opts Options) *Engine {
	if opts.Threshold == 0 {
		opts.Threshold = DefaultThreshold
	}
	return &Engine{opts: opts, people: map[string]*Person{}, aggs: map[string]*Aggregate{}, idents: map[string][]Identifier{},
		index: map[Identifier]map[string]bool{}, last: map[string][]byte{}, results: map[string]PersonResult{},
		clusters: map[string]Cluster{}, dirty: map[string]bool{}, reindex: map[string]bool{}, recIdents: map[string][]Identifier{}, classes: [2]map[string]string{{}, {}}}
}

// SetScreener sets the sanctions index the next assessments screen payees,
// facilitators and wallets against (a service's lists are refreshed while
// it runs).
func (e *Engine) SetScreener(ix *match.Index) { e.opts.Screener = ix }

// Load restores a stored person: record, aggregate (nil for none) and
// last result (nil for none). The person is not marked changed.
func (e *Engine) Load(p *Person, g *Aggregate, last *PersonResult) {
	if _, ok := e.people[p.ID]; !ok {
		e.order = append(e.order, p.ID)
	}
	e.people[p.ID] = p
	delete(e.recIdents, p.ID)
	if g != nil {
		e.aggs[p.ID] = g
	}
	e.setIdents(p.ID)
	delete(e.reindex, p.ID) // stored with them
	if last != nil {
		e.results[p.ID] = *last
		if b, err := json.Marshal(last); err == nil {
			e.last[p.ID] = b
		}
	}
}

// LoadCluster restores a stored cluster, so that Assess reports only the
// clusters that change.
func (e *Engine) LoadCluster(c Cluster) { e.clusters[c.Cluster] = c }

// PutPerson adds or replaces a person. It reports whether the person's
// identifiers changed (a new person's always do).
func (e *Engine) PutPerson(p *Person) bool {
	if _, ok := e.people[p.ID]; !ok {
		e.order = append(e.order, p.ID)
	}
	e.people[p.ID] = p
	e.dirty[p.ID] = true
	delete(e.recIdents, p.ID)
	return e.setIdents(p.ID)
}

// AddEvent folds an event into its person's aggregate. An event for a
// person the Engine does not hold is an error: post the person first.
func (e *Engine) AddEvent(ev *Event) error {
	if ev.Person == "" {
		return fmt.Errorf(`event has no "person"`)
	}
	if _, ok := e.people[ev.Person]; !ok {
		return fmt.Errorf("event for unknown person %q (post the person first)", ev.Person)
	}
	g := e.aggs[ev.Person]
	if g == nil {
		g = &Aggregate{}
		e.aggs[strings.Clone(ev.Person)] = g
	}
	g.add(ev, classOf(&e.classes, ev))
	if !e.dirty[ev.Person] {
		e.dirty[strings.Clone(ev.Person)] = true // ev's strings are a parser's
	}
	return nil
}

// Touched returns the people put or given events since the last Assess,
// sorted; a service stores their records and aggregates.
func (e *Engine) Touched() []string { return keysOf(e.dirty) }

// Person returns a held person, or nil.
func (e *Engine) Person(id string) *Person { return e.people[id] }

// Aggregate returns a person's aggregate, or nil when they have no events.
func (e *Engine) Aggregate(id string) *Aggregate { return e.aggs[id] }

// Identifiers returns a person's identifiers as last indexed.
func (e *Engine) Identifiers(id string) []Identifier { return e.idents[id] }

// Holders returns the people who hold an identifier, sorted.
func (e *Engine) Holders(id Identifier) []string { return keysOf(e.index[id]) }

// Linked returns the people who share at least one identifier with the
// person, sorted, found from the index alone.
func (e *Engine) Linked(id string) []string {
	set := map[string]bool{}
	for _, x := range e.idents[id] {
		for p := range e.index[x] {
			if p != id {
				set[p] = true
			}
		}
	}
	return keysOf(set)
}

// setIdents re-indexes a person and reports whether their identifiers
// changed.
func (e *Engine) setIdents(id string) bool {
	rec, ok := e.recIdents[id]
	if !ok {
		rec = recordIdentifiers(e.people[id])
		e.recIdents[id] = rec
	}
	now := mergeIdents(rec, e.aggs[id])
	old := e.idents[id]
	if identsEqual(old, now) {
		return false
	}
	for _, x := range old {
		if s := e.index[x]; s != nil {
			delete(s, id)
			if len(s) == 0 {
				delete(e.index, x)
			}
		}
	}
	for _, x := range now {
		s := e.index[x]
		if s == nil {
			s = map[string]bool{}
			e.index[x] = s
		}
		s[id] = true
	}
	e.idents[id] = now
	e.reindex[id] = true
	return true
}

func identsEqual(a, b []Identifier) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Identifiers lists the normalised identifiers of a person that can tie
// them to others, sorted: e-mails, phones, bank accounts, wallets, devices
// (inventoried or seen in events), home and ship-to addresses, home
// networks (from the aggregate), the photo hash, third-party payee names
// and referrers. The assessment decides which shared values weigh; the
// index only says who holds what.
func Identifiers(p *Person, g *Aggregate) []Identifier {
	return mergeIdents(recordIdentifiers(p), g)
}

// recordIdentifiers are the identifiers of the person record alone,
// sorted: normalising phones is the costly part, done once per record.
func recordIdentifiers(p *Person) []Identifier {
	set := map[Identifier]bool{}
	add := func(kind, v string) {
		if v != "" {
			set[Identifier{kind, v}] = true
		}
	}
	region := CountryCode(p.Claimed.Country)
	for _, x := range p.Emails {
		add("email", NormEmail(x))
	}
	for _, x := range p.Phones {
		add("phone", NormPhone(x, region))
	}
	for _, po := range p.Payouts {
		if po.Account != "" {
			if walletKey(po.Account) != "" || strings.EqualFold(po.Method, "crypto") {
				add("wallet", NormWallet(po.Account))
			} else {
				add("account", NormAccount(po.Account))
			}
		}
		if po.Wallet != "" {
			add("wallet", NormWallet(po.Wallet))
		}
		if po.HolderName != "" {
			add("payee", payeeKey(po.HolderName))
		}
	}
	for _, d := range p.Devices {
		add("device", d.ID)
	}
	add("address", NormAddress(p.HomeAddress).Key)
	add("address", NormAddress(p.ShipTo).Key)
	if h, ok := parsePHash(p.PhotoPHash); ok {
		add("photo", fmt.Sprintf("%016x", h))
	}
	add("referral", p.ReferredBy)
	return sortedIdents(set)
}

// mergeIdents adds the identifiers events reveal (devices, home networks)
// to a record's.
func mergeIdents(rec []Identifier, g *Aggregate) []Identifier {
	if g == nil {
		return rec
	}
	set := make(map[Identifier]bool, len(rec)+4)
	for _, x := range rec {
		set[x] = true
	}
	for _, d := range g.Devices.Keys() {
		if d != "" {
			set[Identifier{"device", d}] = true
		}
	}
	for _, n := range homeNets(g) {
		set[Identifier{"network", n}] = true
	}
	return sortedIdents(set)
}

func sortedIdents(set map[Identifier]bool) []Identifier {
	out := make([]Identifier, 0, len(set))
	for x := range set {
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// Update is what an assessment changed.
type Update struct {
	// Assessed counts the people assessed.
	Assessed int
	// Changed are the results that differ from the last assessment (new
	// people included), in the order people were first put.
	Changed []PersonResult
	// NewlyFlagged are the people flagged now and not at the last
	// assessment.
	NewlyFlagged []string
	// Identifiers holds the identifiers of the people whose identifiers
	// changed since the last assessment (events can add a device or a
	// home network).
	Identifiers map[string][]Identifier
	// Clusters are the clusters new or changed; Removed the IDs of those
	// gone.
	Clusters []Cluster
	Removed  []string
	// Touched are the people put or given events since the last Assess.
	Touched []string
}

// ClusterID is the stable ID of a cluster: it depends on its first
// member by ID only, so a cluster keeps its ID as members join, and the
// ID can be used in a URL.
func ClusterID(members []string) string {
	if len(members) == 0 {
		return ""
	}
	first := members[0]
	for _, m := range members[1:] {
		if m < first {
			first = m
		}
	}
	sum := sha256.Sum256([]byte(first))
	return "hc_" + hex.EncodeToString(sum[:6])
}

// Assess assesses the population and returns what changed.
func (e *Engine) Assess() *Update {
	u := &Update{Identifiers: map[string][]Identifier{}, Touched: e.Touched()}
	for _, id := range u.Touched {
		e.setIdents(id) // events may have added a device or a home network
	}
	for id := range e.reindex {
		u.Identifiers[id] = e.idents[id]
	}
	e.reindex = map[string]bool{}
	a := NewAssessor(e.opts)
	for i, id := range e.order {
		p := *e.people[id]
		// Input order decides cluster numbering in the assessor; the
		// stable IDs below do not depend on it.
		p.File, p.Line = "", i+1
		a.AddPerson(&p)
		if g := e.aggs[id]; g != nil {
			a.SetAggregate(id, g)
		}
	}
	res := a.Assess()
	u.Assessed = len(res.People)
	stable := map[string]string{}
	seen := map[string]bool{}
	for _, c := range res.Clusters {
		sid := ClusterID(c.Members)
		stable[c.Cluster] = sid
		c.Cluster = sid
		seen[sid] = true
		if old, ok := e.clusters[sid]; !ok || !clusterEqual(old, c) {
			u.Clusters = append(u.Clusters, c)
		}
		e.clusters[sid] = c
	}
	for sid := range e.clusters {
		if !seen[sid] {
			u.Removed = append(u.Removed, sid)
			delete(e.clusters, sid)
		}
	}
	sort.Strings(u.Removed)
	for _, r := range res.People {
		r.Cluster = stable[r.Cluster]
		b, err := json.Marshal(r)
		if err != nil {
			b = nil
		}
		prev, had := e.results[r.Person]
		if had && bytes.Equal(b, e.last[r.Person]) {
			continue
		}
		if r.Flagged && (!had || !prev.Flagged) {
			u.NewlyFlagged = append(u.NewlyFlagged, r.Person)
		}
		e.results[r.Person] = r
		e.last[r.Person] = b
		u.Changed = append(u.Changed, r)
	}
	e.dirty = map[string]bool{}
	return u
}

func clusterEqual(a, b Cluster) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// Result returns a person's last result.
func (e *Engine) Result(id string) (PersonResult, bool) {
	r, ok := e.results[id]
	return r, ok
}

// Cluster returns a cluster by stable ID.
func (e *Engine) Cluster(id string) (Cluster, bool) {
	c, ok := e.clusters[id]
	return c, ok
}

// Len is the number of people held.
func (e *Engine) Len() int { return len(e.people) }

// RecordError is one record of a posted batch that could not be used:
// Index is its position in a JSON array (from 0), Line its line in an
// NDJSON stream (from 1).
type RecordError struct {
	Index *int   `json:"index,omitempty"`
	Line  int    `json:"line,omitempty"`
	Error string `json:"error"`
}

// Records reads a JSON array or an NDJSON stream of person and event
// records (each with its "kind"; want names the kind a caller expects, ""
// for either) and calls fn with each person or event in turn; an event's
// strings are valid only during the call. A record that cannot be read is
// passed to fn as an error, with its index or line, and reading goes on.
// Only a failure to read r, or a malformed array, stops it.
func (e *Engine) Records(r io.Reader, want string, fn func(pos RecordError, p *Person, ev *Event, err error)) error {
	br := bufio.NewReaderSize(r, 1<<16)
	// Peek past white space to tell an array from a stream.
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			br.Discard(1) //nolint:errcheck // peeked
			continue
		}
		if b[0] == '[' {
			return e.array(br, want, fn)
		}
		break
	}
	var ev Event
	line := 0
	for {
		l, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long := append([]byte(nil), l...)
			for err == bufio.ErrBufferFull {
				l, err = br.ReadSlice('\n')
				long = append(long, l...)
			}
			l = long
		}
		if len(l) > 0 {
			line++
			e.record(l, nil, want, &ev, RecordError{Line: line}, fn)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if line%4096 == 0 {
			e.lp.arena = e.lp.arena[:0]
		}
	}
}

func (e *Engine) array(r io.Reader, want string, fn func(RecordError, *Person, *Event, error)) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(body)
	if err != nil {
		return fmt.Errorf("malformed JSON array: %v", err)
	}
	arr, err := v.Array()
	if err != nil {
		return fmt.Errorf("not a JSON array: %v", err)
	}
	var ev Event
	for i, x := range arr {
		idx := i
		e.record(nil, x, want, &ev, RecordError{Index: &idx}, fn)
		if i%4096 == 4095 {
			e.lp.arena = e.lp.arena[:0]
		}
	}
	return nil
}

// record parses one record, from a line or a parsed value. A record
// without "kind" is of the kind wanted, when one is.
func (e *Engine) record(line []byte, v *fastjson.Value, want string, ev *Event, pos RecordError, fn func(RecordError, *Person, *Event, error)) {
	if v == nil {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			return
		}
		var err error
		if v, err = e.lp.p.ParseBytes(line); err != nil {
			fn(pos, nil, nil, fmt.Errorf("malformed JSON: %v", err))
			return
		}
	}
	p, isEvent, err := e.lp.parseValue(v, ev, want)
	switch {
	case err != nil:
	case want == "event" && !isEvent:
		err = fmt.Errorf(`a person record where an event was expected (post people to /v1/hire/people)`)
	case want == "person" && isEvent:
		err = fmt.Errorf(`an event record where a person was expected (post events to /v1/hire/events)`)
	}
	if err != nil {
		fn(pos, nil, nil, err)
		return
	}
	if isEvent {
		fn(pos, nil, ev, nil)
		return
	}
	fn(pos, p, nil, nil)
}

package server

// Remote-hire risk on the service: people and their events are posted
// (JSON array or NDJSON), folded into a hire.Engine held in memory and
// kept in the store (records, running aggregates, results, the identifier
// index, clusters: clearance.HireStore), and assessed again after each
// post; a person newly flagged opens a hire alert through the alert,
// decision, audit and webhook flow of screening alerts.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/hire"
	"github.com/clearance-screening/clearance/hire/report"
)

// hireService is the population the service holds: loaded from the store
// at the first hire request, then kept in step with what it stores. One
// mutex serialises posts: each folds its records, assesses and writes in
// one go, so what is stored is always what the engine holds.
type hireService struct {
	mu     sync.Mutex
	engine *hire.Engine
	// version is the store's population version the engine is at: a
	// write at another version is refused (another instance wrote), and
	// the engine is loaded again.
	version int64
	// assessing counts the posts waiting for mu that will assess.
	assessing atomic.Int64
}

func (s *Server) registerHire() {
	s.hire = &hireService{}
	s.handle("POST", "/v1/hire/people", clearance.RoleScreen, true, s.postHirePeople)
	s.handle("POST", "/v1/hire/events", clearance.RoleScreen, true, s.postHireEvents)
	s.handle("GET", "/v1/hire/people/{id}", clearance.RoleAnalyst, true, s.getHirePerson)
	s.handle("GET", "/v1/hire/clusters/{id}", clearance.RoleAnalyst, true, s.getHireCluster)
	s.handle("GET", "/ui/hire/people/{id}", "", false, s.web(clearance.RoleAnalyst, s.hirePersonPage))
	s.handle("GET", "/ui/hire/clusters/{id}", "", false, s.web(clearance.RoleAnalyst, s.hireClusterPage))
	s.handle("GET", "/ui/hire.css", "", false, hireCSS)
}

// hireStore returns the store's HireStore, or answers 501.
func (s *Server) hireStore(w http.ResponseWriter) clearance.HireStore {
	hs, ok := s.store.(clearance.HireStore)
	if !ok {
		writeError(w, http.StatusNotImplemented, "not_implemented", "this store keeps no remote-hire data")
	}
	return hs
}

// load fills the engine from the store the first time. Called with mu held.
func (h *hireService) load(ctx context.Context, hs clearance.HireStore) error {
	if h.engine != nil {
		return nil
	}
	// The version before the people: a write made while they are read
	// makes the next write from this engine a conflict, and a reload.
	version, err := hs.HireVersion(ctx)
	if err != nil {
		return err
	}
	e := hire.NewEngine(hire.Options{})
	clusters := map[string]bool{}
	err = hs.EachHirePerson(ctx, func(p clearance.HirePerson) error {
		rec, g, last, err := decodeHirePerson(p)
		if err != nil {
			return err
		}
		e.Load(&rec, g, last)
		if p.Cluster != "" {
			clusters[p.Cluster] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The stored clusters' IDs, so that one that dissolves is deleted;
	// their content is compared anew at the first assessment.
	for id := range clusters {
		e.LoadCluster(hire.Cluster{Kind: "cluster", Cluster: id})
	}
	h.engine, h.version = e, version
	return nil
}

// decodeHirePerson reads a stored person: the record, and the aggregate
// and last result when there are any (nil otherwise).
func decodeHirePerson(p clearance.HirePerson) (rec hire.Person, agg *hire.Aggregate, res *hire.PersonResult, err error) {
	if err := json.Unmarshal(p.Record, &rec); err != nil {
		return rec, nil, nil, fmt.Errorf("stored hire person %s: record: %v", p.ID, err)
	}
	if len(p.Aggregate) > 0 {
		agg = &hire.Aggregate{}
		if err := json.Unmarshal(p.Aggregate, agg); err != nil {
			return rec, nil, nil, fmt.Errorf("stored hire person %s: aggregate: %v", p.ID, err)
		}
	}
	if len(p.Result) > 0 {
		res = &hire.PersonResult{}
		if err := json.Unmarshal(p.Result, res); err != nil {
			return rec, nil, nil, fmt.Errorf("stored hire person %s: result: %v", p.ID, err)
		}
	}
	return rec, agg, res, nil
}

// hireAnswer is what a post answers.
type hireAnswer struct {
	Accepted int                `json:"accepted"`
	Rejected int                `json:"rejected"`
	Errors   []hire.RecordError `json:"errors"`
	// Assessed says whether the population was assessed (assess=false
	// defers it to the next post). Deferred says it was left to a post
	// queued behind this one, which assesses this one's records too.
	Assessed       bool              `json:"assessed"`
	Deferred       bool              `json:"deferred,omitempty"`
	PeopleAssessed int               `json:"people_assessed,omitempty"`
	Changed        []string          `json:"changed"`
	NewlyFlagged   []string          `json:"newly_flagged"`
	Alerts         []clearance.Alert `json:"alerts"`
	// ReadError is set when the body could not be read to the end; what
	// was read before it is accepted or rejected as said.
	ReadError string `json:"read_error,omitempty"`
}

func (s *Server) postHirePeople(w http.ResponseWriter, r *http.Request) { s.hireIngest(w, r, "person") }
func (s *Server) postHireEvents(w http.ResponseWriter, r *http.Request) { s.hireIngest(w, r, "event") }

// hireMaxBody caps a hire post: event streams are long, so sixteen times
// the API's body cap (64 MiB by default).
func (s *Server) hireMaxBody() int64 { return 16 * s.cfg.MaxBodyBytes }

func (s *Server) hireIngest(w http.ResponseWriter, r *http.Request, want string) {
	hs := s.hireStore(w)
	if hs == nil {
		return
	}
	snap := s.snapshot(w) // payees and wallets are screened against the lists
	if snap == nil {
		return
	}
	assess := true
	switch v := r.URL.Query().Get("assess"); v {
	case "", "true":
	case "false":
		assess = false
	default:
		writeError(w, http.StatusBadRequest, "bad_param", fmt.Sprintf("assess=%q: want true or false", v))
		return
	}
	// The body is read whole first: if another instance wrote meanwhile,
	// the population is reloaded and the records applied again.
	r.Body = http.MaxBytesReader(w, r.Body, s.hireMaxBody())
	body, readErr := io.ReadAll(r.Body)
	ctx := r.Context()
	h := s.hire
	if assess {
		h.assessing.Add(1)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	deferred := false
	if assess {
		// Posts that queue behind one another are assessed together: a
		// post with another assessing post waiting behind it leaves the
		// assessment to that one, which covers both.
		deferred = h.assessing.Add(-1) > 0
	}
	for attempt := 1; ; attempt++ {
		if err := h.load(ctx, hs); err != nil {
			s.storeError(w, r, err)
			return
		}
		ans, wr := hireApply(h.engine, body, readErr, want, assess && !deferred, snap)
		ans.Deferred = deferred
		wr.Actor, wr.Notify, wr.Version = actor(ctx), s.cfg.Webhooks, h.version
		alerts, err := hs.SaveHire(ctx, wr)
		if err != nil {
			// The engine holds what the store does not: start again from
			// the store rather than go on from a population never kept.
			h.engine = nil
			if errors.Is(err, clearance.ErrConflict) && attempt < 3 {
				continue // another instance wrote: reload and apply again
			}
			s.storeError(w, r, err)
			return
		}
		h.version = wr.Version
		s.alertsOpened(len(alerts))
		ans.Alerts = append(ans.Alerts, alerts...)
		status := http.StatusOK
		if ans.Accepted == 0 && (ans.Rejected > 0 || ans.ReadError != "") {
			status = http.StatusUnprocessableEntity
		}
		writeJSON(w, status, ans)
		return
	}
}

// hireApply folds a post's records into the engine, assesses (unless
// told not to) and returns the answer and the write that keeps it all.
func hireApply(e *hire.Engine, body []byte, readErr error, want string, assess bool, snap *Snapshot) (hireAnswer, *clearance.HireWrite) {
	ans := hireAnswer{Errors: []hire.RecordError{}, Changed: []string{}, NewlyFlagged: []string{}, Alerts: []clearance.Alert{}}
	err := e.Records(bytes.NewReader(body), want, func(pos hire.RecordError, p *hire.Person, ev *hire.Event, err error) {
		if err == nil {
			if p != nil {
				e.PutPerson(p)
			} else {
				err = e.AddEvent(ev)
			}
		}
		if err != nil {
			pos.Error = err.Error()
			ans.Errors = append(ans.Errors, pos)
			return
		}
		ans.Accepted++
	})
	ans.Rejected = len(ans.Errors)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(readErr, &tooBig):
		ans.ReadError = fmt.Sprintf("request body over %d bytes: the records before the cut are accepted or rejected as said; post the rest separately", tooBig.Limit)
	case readErr != nil:
		ans.ReadError = "reading the body: " + readErr.Error()
	case err != nil:
		ans.ReadError = err.Error()
	}

	wr := &clearance.HireWrite{Identifiers: map[string][]clearance.HireIdentifier{}}
	rows := map[string]bool{}
	for _, id := range e.Touched() {
		rows[id] = true
	}
	if assess {
		e.SetScreener(snap.Index)
		u := e.Assess()
		ans.Assessed, ans.PeopleAssessed = true, u.Assessed
		for _, res := range u.Changed {
			rows[res.Person] = true
			ans.Changed = append(ans.Changed, res.Person)
		}
		for id, idents := range u.Identifiers {
			wr.Identifiers[id] = storeIdents(id, idents)
		}
		for _, c := range u.Clusters {
			wr.Clusters = append(wr.Clusters, clearance.HireCluster{ID: c.Cluster, Members: c.Members, Body: mustMarshal(c)})
		}
		wr.DeleteClusters = u.Removed
		for _, id := range u.NewlyFlagged {
			res, _ := e.Result(id)
			wr.Flagged = append(wr.Flagged, clearance.HireFlag{Person: id, Risk: res.Risk})
		}
		ans.NewlyFlagged = append(ans.NewlyFlagged, u.NewlyFlagged...)
	} else {
		for id := range rows {
			wr.Identifiers[id] = storeIdents(id, e.Identifiers(id))
		}
	}
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		wr.People = append(wr.People, hireRow(e, id))
	}
	return ans, wr
}

func storeIdents(person string, idents []hire.Identifier) []clearance.HireIdentifier {
	out := make([]clearance.HireIdentifier, 0, len(idents))
	for _, x := range idents {
		out = append(out, clearance.HireIdentifier{Kind: x.Kind, Value: x.Value, Person: person})
	}
	return out
}

// hireRow is a person as stored: record, aggregate and last result.
func hireRow(e *hire.Engine, id string) clearance.HirePerson {
	row := clearance.HirePerson{ID: id, Record: mustMarshal(e.Person(id))}
	if g := e.Aggregate(id); g != nil {
		row.Aggregate = mustMarshal(g)
	}
	if res, ok := e.Result(id); ok {
		row.Result = mustMarshal(res)
		row.Risk, row.Flagged, row.Cluster = res.Risk, res.Flagged, res.Cluster
	}
	return row
}

func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("server: marshal %T: %v", v, err)) // plain data types only
	}
	return b
}

// hirePersonView is a person as the API and the case page show them.
type hirePersonView struct {
	ID      string        `json:"id"`
	Name    string        `json:"legal_name"`
	Role    string        `json:"role,omitempty"`
	Org     string        `json:"org,omitempty"`
	Title   string        `json:"title,omitempty"`
	Claimed hire.Claimed  `json:"claimed"`
	Risk    float64       `json:"risk"`
	Flagged bool          `json:"flagged"`
	Signals []hire.Signal `json:"signals"`
	Cluster string        `json:"cluster,omitempty"`
	// Assessed is false until the person has been assessed.
	Assessed bool `json:"assessed"`
	// ClaimedTimezone is the zone the person claims, which the hours
	// chart draws their activity against.
	ClaimedTimezone string `json:"claimed_timezone,omitempty"`
	// Events counts the events folded in; HourCounts counts them by UTC
	// hour (0-23), HourMonth by month (0 = January) and UTC hour, so that
	// a chart can shift each month by the claimed zone's offset then.
	Events     uint32         `json:"events"`
	HourCounts [24]uint32     `json:"hour_counts"`
	HourMonth  [12][24]uint32 `json:"hour_month"`
	// Identifiers are the person's normalised identifiers, each with the
	// other people holding it (from the index).
	Identifiers []hireIdentView `json:"identifiers"`

	agg *hire.Aggregate
	// HoursChart and Graph are the case page's drawings (not in the API).
	HoursChart template.HTML `json:"-"`
	Graph      template.HTML `json:"-"`
}

type hireIdentView struct {
	Kind   string   `json:"kind"`
	Value  string   `json:"value"`
	Others []string `json:"others"`
}

func (s *Server) loadHirePerson(ctx context.Context, hs clearance.HireStore, id string) (*hirePersonView, error) {
	p, err := hs.GetHirePerson(ctx, id)
	if err != nil {
		return nil, err
	}
	rec, agg, res, err := decodeHirePerson(p)
	if err != nil {
		return nil, err
	}
	v := &hirePersonView{ID: p.ID, Name: rec.LegalName, Role: rec.Role, Org: rec.Org, Title: rec.Title, Claimed: rec.Claimed,
		ClaimedTimezone: rec.Claimed.Timezone, Signals: []hire.Signal{}, Identifiers: []hireIdentView{}}
	if res != nil {
		v.Assessed, v.Risk, v.Flagged, v.Cluster = true, res.Risk, res.Flagged, res.Cluster
		if res.Signals != nil {
			v.Signals = res.Signals
		}
	}
	v.agg = agg
	if v.agg == nil {
		v.agg = &hire.Aggregate{}
	}
	v.Events, v.HourMonth = v.agg.Events, v.agg.HourMonth
	for m := range v.HourMonth {
		for h, n := range v.HourMonth[m] {
			v.HourCounts[h] += n
		}
	}
	idents, err := hs.HireIdentifiersOf(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, x := range idents {
		holders, err := hs.HireHolders(ctx, x.Kind, x.Value)
		if err != nil {
			return nil, err
		}
		others := []string{}
		for _, o := range holders {
			if o != id {
				others = append(others, o)
			}
		}
		v.Identifiers = append(v.Identifiers, hireIdentView{Kind: x.Kind, Value: x.Value, Others: others})
	}
	return v, nil
}

func (s *Server) getHirePerson(w http.ResponseWriter, r *http.Request) {
	hs := s.hireStore(w)
	if hs == nil {
		return
	}
	v, err := s.loadHirePerson(r.Context(), hs, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// hireClusterView is a cluster as the API and the cluster page show it.
type hireClusterView struct {
	ID             string      `json:"id"`
	Members        []string    `json:"members"`
	Links          []hire.Link `json:"links"`
	Risk           float64     `json:"risk"`
	FlaggedMembers int         `json:"flagged_members"`

	body  hire.Cluster
	Graph template.HTML `json:"-"` // the cluster page's drawing (not in the API)
}

func (s *Server) loadHireCluster(ctx context.Context, hs clearance.HireStore, id string) (*hireClusterView, error) {
	c, err := hs.GetHireCluster(ctx, id)
	if err != nil {
		return nil, err
	}
	var body hire.Cluster
	if err := json.Unmarshal(c.Body, &body); err != nil {
		return nil, fmt.Errorf("hire cluster %s: %v", id, err)
	}
	v := &hireClusterView{ID: c.ID, Members: c.Members, Links: body.Links, Risk: body.Risk, FlaggedMembers: body.Flagged, body: body}
	if v.Links == nil {
		v.Links = []hire.Link{}
	}
	return v, nil
}

func (s *Server) getHireCluster(w http.ResponseWriter, r *http.Request) {
	hs := s.hireStore(w)
	if hs == nil {
		return
	}
	v, err := s.loadHireCluster(r.Context(), hs, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// ---- web pages ----

func (s *Server) hirePersonPage(w http.ResponseWriter, r *http.Request) {
	hs, ok := s.store.(clearance.HireStore)
	if !ok {
		s.render(w, r, http.StatusNotImplemented, "message", pageData{Data: "This store keeps no remote-hire data."})
		return
	}
	v, err := s.loadHirePerson(r.Context(), hs, r.PathValue("id"))
	if err != nil {
		s.webError(w, r, err)
		return
	}
	v.HoursChart = report.HoursChartFit(v.agg, v.ClaimedTimezone, report.BestFit(v.Signals))
	if v.Cluster != "" {
		if c, err := s.loadHireCluster(r.Context(), hs, v.Cluster); err == nil {
			v.Graph = s.hireClusterGraph(r.Context(), hs, c, v.ID)
		}
	}
	s.render(w, r, http.StatusOK, "hire_person", pageData{Data: v})
}

func (s *Server) hireClusterPage(w http.ResponseWriter, r *http.Request) {
	hs, ok := s.store.(clearance.HireStore)
	if !ok {
		s.render(w, r, http.StatusNotImplemented, "message", pageData{Data: "This store keeps no remote-hire data."})
		return
	}
	v, err := s.loadHireCluster(r.Context(), hs, r.PathValue("id"))
	if err != nil {
		s.webError(w, r, err)
		return
	}
	v.Graph = s.hireClusterGraph(r.Context(), hs, v, "")
	s.render(w, r, http.StatusOK, "hire_cluster", pageData{Data: v})
}

// hireCSS serves the drawings' styles: the page's Content-Security-Policy
// (default-src 'self') refuses the <style> elements inside the SVG.
func hireCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	io.WriteString(w, report.HoursCSS+"\n"+report.GraphCSS+"\n")
}

// hireClusterGraph draws the cluster with its members' records and
// results, marking the person whose page it is on (own, "" for none).
func (s *Server) hireClusterGraph(ctx context.Context, hs clearance.HireStore, c *hireClusterView, own string) template.HTML {
	people := make(map[string]hire.Person, len(c.Members))
	results := make(map[string]hire.PersonResult, len(c.Members))
	for _, id := range c.Members {
		p, err := hs.GetHirePerson(ctx, id)
		if err != nil {
			continue
		}
		rec, _, res, err := decodeHirePerson(p)
		if err != nil {
			continue
		}
		people[id] = rec
		if res != nil {
			results[id] = *res
		}
	}
	body := c.body
	body.Cluster, body.Members, body.Links = c.ID, c.Members, c.Links
	return report.Options{PersonPrefix: "/ui/hire/people/", ClusterPrefix: "/ui/hire/clusters/", Highlight: own}.ClusterGraph(body, people, results)
}

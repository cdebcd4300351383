package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// wireQuery is a query as callers send it: the batch JSONL line format,
// where the type may be spelled as users spell it and the ID may be a number.
type wireQuery struct {
	clearance.Query
	Type string `json:"type"`
	ID   any    `json:"id"`
}

// toQuery checks a decoded query and brings it to the domain form.
func (wq *wireQuery) toQuery() (clearance.Query, error) {
	q := wq.Query
	switch id := wq.ID.(type) {
	case string:
		q.ID = id
	case float64:
		q.ID = strconv.FormatFloat(id, 'f', -1, 64)
	case nil:
	default:
		return q, errors.New("id: want a string or a number")
	}
	t, err := clearance.ParseEntityType(wq.Type)
	if err != nil {
		return q, fmt.Errorf("type: %w", err)
	}
	q.Type = t
	return q, q.Check()
}

// screenOptions reads ?min_score= and ?limit=.
func screenOptions(r *http.Request) (clearance.ScreenOptions, error) {
	var o clearance.ScreenOptions
	if v := r.URL.Query().Get("min_score"); v != "" {
		f, err := clearance.ParseMinScore(v)
		if err != nil {
			return o, fmt.Errorf("min_score: %w", err)
		}
		o.MinScore = &f
	}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return o, fmt.Errorf("limit %q: want 1 to 100", v)
		}
		o.Limit = n
	}
	return o, nil
}

// screenOne screens q and records the screening timing. The Result is
// the batch output line for q.
func (s *Server) screenOne(snap *Snapshot, q clearance.Query, opts clearance.ScreenOptions) (clearance.Result, error) {
	start := time.Now()
	res, err := snap.screen(q, opts)
	s.metrics.screenTook(time.Since(start))
	s.enginePanicked(err, q)
	return res, err
}

// screen is the answer to one query against the snapshot, as /v1/screen,
// the batch and the MCP screen tool give it.
func (snap *Snapshot) screen(q clearance.Query, opts clearance.ScreenOptions) (clearance.Result, error) {
	ms, err := snap.Index.Screen(q, opts)
	res := clearance.Result{ID: q.ID, Matches: ms}
	if res.Matches == nil {
		res.Matches = []clearance.Match{}
	}
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	for _, m := range ms {
		if m.Score >= snap.Index.Threshold() {
			res.Alert = true
		}
	}
	return res, nil
}

// enginePanicked counts and logs a panic in the screening engine, which
// match has already turned into err for this one query (the process, and
// every other query, carry on). It reports whether err was one.
func (s *Server) enginePanicked(err error, q clearance.Query) bool {
	var pe *match.PanicError
	if !errors.As(err, &pe) {
		return false
	}
	s.metrics.panicked(pe.Op)
	// The name is logged (quoted, so control characters cannot forge log
	// lines) because it is what reproduces the bug; it is the same data
	// the stored screenings hold.
	s.log.Error("screening engine panicked; the query was answered with an error", "op", pe.Op, "query_id", q.ID,
		"input", strconv.Quote(pe.Input), "panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
	return true
}

func (s *Server) screen(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshot(w)
	if snap == nil {
		return
	}
	opts, err := screenOptions(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	var wq wireQuery
	warnings, ok := s.decodeBodyFields(w, r, &wq)
	if !ok {
		return
	}
	q, err := wq.toQuery()
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_query", err.Error())
		return
	}
	res, err := s.screenOne(snap, q, opts)
	res.Warnings = warnings
	if errors.Is(err, match.ErrInternal) {
		writeError(w, http.StatusInternalServerError, "screen_failed", err.Error())
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_query", err.Error())
		return
	}
	if s.cfg.RecordScreenings {
		sc := newScreening(actor(r.Context()), snap, q, res.Matches)
		if _, err := s.store.SaveScreening(r.Context(), sc, nil); err != nil {
			s.storeError(w, r, err)
			return
		}
		w.Header().Set("Clearance-Screening-Id", sc.ID)
	}
	w.Header().Set("Clearance-Lists-Version", snap.Version)
	writeJSON(w, http.StatusOK, res)
}

// newScreening is the record of a screening made by the key named by.
func newScreening(by string, snap *Snapshot, q clearance.Query, ms []clearance.Match) *clearance.Screening {
	sc := &clearance.Screening{Query: q, Matches: ms, Threshold: snap.Index.Threshold(), ListVersion: snap.Version, By: by}
	sc.EntityVersions = make(map[string]string, len(ms))
	for _, m := range ms {
		sc.EntityVersions[m.EntityID] = snap.EntityVersion(m.EntityID)
	}
	return sc
}

func (s *Server) screenBatch(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshot(w)
	if snap == nil {
		return
	}
	opts, err := screenOptions(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	var raw []json.RawMessage
	if !s.decodeBody(w, r, &raw) {
		return
	}
	if len(raw) > s.cfg.MaxBatch {
		writeError(w, http.StatusRequestEntityTooLarge, "batch_too_large", fmt.Sprintf("%d queries; at most %d per batch", len(raw), s.cfg.MaxBatch))
		return
	}
	out := make([]clearance.Result, len(raw))
	queries := make([]clearance.Query, len(raw))
	ok := make([]bool, len(raw))
	// A bad item is answered in its place, as the batch command writes a
	// bad line, so one typo does not fail a thousand screenings.
	work := func(i int) {
		var wq wireQuery
		if err := json.Unmarshal(raw[i], &wq); err != nil {
			out[i] = clearance.Result{ID: "item-" + strconv.Itoa(i), Matches: []clearance.Match{}, Error: "not a JSON query object: " + err.Error()}
			return
		}
		q, err := wq.toQuery()
		if q.ID == "" {
			q.ID = "item-" + strconv.Itoa(i)
		}
		warnings := unknownFields(raw[i], wq)
		if err != nil {
			out[i] = clearance.Result{ID: q.ID, Matches: []clearance.Match{}, Error: err.Error(), Warnings: warnings}
			return
		}
		out[i], err = s.screenOne(snap, q, opts)
		out[i].Warnings = warnings
		queries[i], ok[i] = q, err == nil
	}
	workers := min(runtime.GOMAXPROCS(0), len(raw))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= len(raw) {
					return
				}
				work(j)
			}
		})
	}
	wg.Wait()
	answer := make([]batchResult, len(out))
	for i := range out {
		answer[i].Result = out[i]
	}
	if s.cfg.RecordScreenings {
		// Saved all at once, not one after another, so the store commits
		// them together instead of a transaction (and a wait) each.
		errs := make([]error, len(out))
		for i := range out {
			if !ok[i] {
				continue
			}
			wg.Go(func() {
				sc := newScreening(actor(r.Context()), snap, queries[i], out[i].Matches)
				_, errs[i] = s.store.SaveScreening(r.Context(), sc, nil)
				answer[i].ScreeningID = sc.ID
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				s.storeError(w, r, err)
				return
			}
		}
	}
	w.Header().Set("Clearance-Lists-Version", snap.Version)
	writeJSON(w, http.StatusOK, answer)
}

// batchResult is an item of a batch answer: the batch output line for the
// query and, when the server records every screening, the stored
// screening's ID (what /v1/screen sends in its Clearance-Screening-Id
// header; a header for a thousand items would outgrow what proxies pass).
type batchResult struct {
	clearance.Result
	ScreeningID string `json:"screening_id,omitempty"`
}

// entityView is a listed entity with where it came from.
type entityView struct {
	clearance.Entity
	// Version is the entity's content hash, as alerts record it.
	Version    string     `json:"version"`
	SourceInfo SourceInfo `json:"list"`
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshot(w)
	if snap == nil {
		return
	}
	v, ok := snap.entityView(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no listed entity %q in the loaded lists", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (snap *Snapshot) entityView(id string) (entityView, bool) {
	e, ok := snap.Index.Entity(id)
	if !ok {
		return entityView{}, false
	}
	src, _ := snap.SourceOf(e)
	return entityView{Entity: *e, Version: snap.EntityVersion(id), SourceInfo: src}, true
}

// sourceView is a loaded list with its age at the time of asking.
type sourceView struct {
	SourceInfo
	// AgeSeconds counts from the data date; absent when it is unknown.
	AgeSeconds *int64 `json:"age_seconds,omitempty"`
	// Warnings say what an analyst must know of the list: stale, of no
	// known date, retired by its publisher, a newer file refused.
	Warnings []string `json:"warnings,omitempty"`
	// Refused is set when the last refresh refused the source's new files;
	// the version shown stays in use.
	Refused *SourceRefusal `json:"refused,omitempty"`
}

type sourcesView struct {
	Version   string       `json:"version"`
	Loaded    time.Time    `json:"loaded"`
	Threshold float64      `json:"threshold"`
	Entities  int          `json:"entities"`
	Sources   []sourceView `json:"sources"`
	// Refused lists every source the last refresh refused, those absent
	// from Sources (refused at the first load) included.
	Refused []SourceRefusal `json:"refused,omitempty"`
}

func (s *Server) sourcesView(snap *Snapshot) sourcesView {
	return snap.sourcesView(s.cfg.now(), s.cfg.MaxListAge, s.Refusals())
}

// sourcesView is what /v1/sources answers: the snapshot's lists with their
// ages at now, and the sources the last refresh refused.
func (snap *Snapshot) sourcesView(now time.Time, maxAge time.Duration, refused []SourceRefusal) sourcesView {
	v := sourcesView{Version: snap.Version, Loaded: snap.Loaded, Threshold: snap.Index.Threshold(), Entities: snap.Index.Len(), Sources: []sourceView{}, Refused: refused}
	for _, si := range snap.Sources {
		sv := sourceView{SourceInfo: si, Warnings: si.warnings(now, maxAge)}
		if age, ok := si.age(now); ok {
			secs := int64(age.Seconds())
			sv.AgeSeconds = &secs
		}
		for _, r := range v.Refused {
			if r.Key == si.Key {
				sv.Refused = &r
				sv.Warnings = append(sv.Warnings, "newer files refused ("+r.Reason+"): "+r.Message+"; this version stays in use")
			}
		}
		v.Sources = append(v.Sources, sv)
	}
	return v
}

// age is how old the list is, from its data date (or, for the built-in
// set, the date it states); false when neither is known.
func (si SourceInfo) age(now time.Time) (time.Duration, bool) {
	if !si.DataDate.IsZero() {
		return now.Sub(si.DataDate), true
	}
	if si.Published != "" {
		if t, err := time.Parse(time.DateOnly, si.Published); err == nil {
			return now.Sub(t), true
		}
	}
	return 0, false
}

// warnings are the dataset's (stale, of no known date, retired).
func (si SourceInfo) warnings(now time.Time, maxAge time.Duration) []string {
	src, ok := lists.Lookup(si.Key)
	if !ok {
		return nil // the built-in set, or a source only tests know
	}
	return lists.Dataset{Source: src, DataDate: si.DataDate, DateFrom: si.DateFrom}.Warnings(now, maxAge)
}

func (s *Server) getSources(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshot(w)
	if snap == nil {
		return
	}
	writeJSON(w, http.StatusOK, s.sourcesView(snap))
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// RefreshReport says what a refresh did.
type RefreshReport struct {
	Version         string `json:"version"`
	PreviousVersion string `json:"previous_version,omitempty"`
	Added           int    `json:"added"`
	Removed         int    `json:"removed"`
	Changed         int    `json:"changed"`
	// Rescreened is how many stored subjects were screened against the
	// added and changed entities; Alerts how many alerts that opened.
	Rescreened int     `json:"rescreened"`
	Alerts     int     `json:"alerts"`
	Seconds    float64 `json:"seconds"`
	// Unchanged is true when the lists were the same and nothing was swapped.
	Unchanged bool `json:"unchanged,omitempty"`
	// Followed is true when this instance is not the leader of the
	// instances on its database: it loaded the version the leader recorded
	// (Version) instead of refreshing, and re-screened nothing.
	Followed bool `json:"followed,omitempty"`
}

// ErrNoLoader is returned by Refresh when the server has no way to load lists.
var ErrNoLoader = errors.New("no list source configured")

// Refresh loads the lists, and if they changed since the subjects were
// last screened — in this process, or before a restart as the store
// remembers — re-screens every stored subject against the added and changed
// entities only, opening alerts (with their webhook messages) for the new
// matches; then it records the new lists' state and the update in the
// store and swaps the new lists in.
//
// The swap comes last so that a refresh that fails part way leaves the old
// lists in force, and the next refresh finds the same change again and
// re-screens the subjects it missed (the store does not open an alert
// twice).
func (s *Server) Refresh(ctx context.Context) (RefreshReport, error) {
	if s.cfg.Load == nil {
		return RefreshReport{}, ErrNoLoader
	}
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	start := time.Now()
	var rep RefreshReport
	var err error
	if s.IsLeader() {
		rep, err = s.refresh(ctx)
		if err == nil {
			s.setSync(rep.Version, "")
		}
	} else {
		rep, err = s.follow(ctx)
	}
	rep.Seconds = time.Since(start).Seconds()
	if errors.Is(err, errNoVersion) {
		return rep, err
	}
	s.metrics.refreshed(err)
	if err != nil {
		s.log.Error("refresh failed", "followed", rep.Followed, "err", err)
		return rep, err
	}
	if rep.Followed && rep.Unchanged {
		return rep, nil
	}
	s.log.Info("refresh", "followed", rep.Followed, "version", rep.Version, "added", rep.Added, "removed", rep.Removed, "changed", rep.Changed,
		"rescreened", rep.Rescreened, "alerts", rep.Alerts, "seconds", rep.Seconds, "unchanged", rep.Unchanged)
	return rep, nil
}

func (s *Server) refresh(ctx context.Context) (RefreshReport, error) {
	ds, err := s.cfg.Load(ctx)
	// A source whose files were refused (a *lists.RefusedError, which
	// Load may return joined with the datasets that loaded) keeps the
	// version in use; any other error fails the refresh.
	refs, err := lists.Refusals(err)
	if err != nil {
		return RefreshReport{}, fmt.Errorf("load lists: %w", err)
	}
	// The subjects were last screened against the lists whose state the
	// store keeps: the last refresh's, by this process before a restart or
	// by another instance on the same database. It is also the version
	// each source's new files are judged against.
	prev, err := s.store.LoadListState(ctx)
	stored := err == nil
	if err != nil && !errors.Is(err, clearance.ErrNotFound) {
		return RefreshReport{}, fmt.Errorf("load the last list state: %w", err)
	}
	old := s.Snapshot()
	switch {
	case stored:
		ds, refs = s.checkDatasets(ds, acceptedVersions(prev), refs)
	case old != nil:
		ds, refs = s.checkDatasets(ds, acceptedVersions(clearance.ListState{Version: old.Version, Entities: old.hashes}), refs)
	}
	ds, refused := keepRefused(old, ds, refs, s.cfg.now().UTC())
	s.refused.Store(&refused)
	for _, r := range refused {
		s.log.Error("list refused", "source", r.Key, "reason", r.Reason, "kept_previous", r.Kept, "err", r.Message)
	}
	if len(ds) == 0 {
		return RefreshReport{}, errors.New("load lists: no list loaded")
	}
	next, all := describe(ds)
	rep := RefreshReport{Version: next.Version}
	if old != nil {
		rep.PreviousVersion = old.Version
		// Unchanged, unless another instance, leader before this one,
		// recorded another version since: then this one's is recorded
		// (and the subjects re-screened against the difference), since
		// the leader's lists are the ones every instance screens against.
		if old.Version == next.Version && (!stored || prev.Version == next.Version) {
			rep.Unchanged = true
			return rep, nil
		}
	}
	next.Index = match.Build(all, s.cfg.IndexOptions)
	// Only a database that has never kept a list state (new, or from
	// before the state was kept) falls back to the lists in memory; on the
	// first load of such a database there is nothing to compare with, and
	// the subjects, screened when stored, are screened again at the next
	// change.
	var before map[string]string
	switch {
	case stored:
		before, rep.PreviousVersion = prev.Entities, prev.Version
	case old != nil:
		before = old.hashes
	}
	d := diffVersions(before, next.hashes)
	rep.Added, rep.Removed, rep.Changed = len(d.Added), len(d.Removed), len(d.Changed)
	if (stored || old != nil) && len(d.Added)+len(d.Changed) > 0 {
		n, alerts, err := s.rescreen(ctx, next, d)
		rep.Rescreened, rep.Alerts = n, alerts
		if err != nil {
			return rep, fmt.Errorf("re-screen subjects: %w", err)
		}
	}
	// The state is saved before the swap: a refresh that fails to save it
	// leaves the old lists in force, and the next finds the same change.
	if !s.IsLeader() {
		// Another instance took over while this one re-screened: it
		// records the version, not this one.
		return rep, errors.New("no longer the leader: the new leader records the lists")
	}
	if s.cfg.Cluster != nil && stored {
		// A leader that lost its lock without noticing yet must not record
		// over what the new leader recorded meanwhile.
		if v, err := s.recordedVersion(ctx); err != nil || v != prev.Version {
			return rep, fmt.Errorf("the recorded list version changed during the refresh (now %q, %v): another instance leads", v, err)
		}
	}
	data, _ := json.Marshal(rep)
	rec := &clearance.AuditRecord{Actor: clearance.MonitorActor, Action: clearance.ActionListsUpdated, Object: "lists", Data: data}
	if stored && prev.Version == next.Version {
		err = s.store.AppendAudit(ctx, rec)
	} else {
		err = s.store.SaveListState(ctx, &clearance.ListState{Version: next.Version, Entities: next.hashes}, rec)
	}
	if err != nil {
		return rep, fmt.Errorf("record the update: %w", err)
	}
	s.Swap(next)
	if rep.Alerts > 0 {
		s.Wake()
	}
	return rep, nil
}

// rescreen screens every stored subject against the entities d added or
// changed. Candidates come from a small index of those entities alone, which
// is cheap to build and to search; their names are then scored with the
// full index's token weights (a name common in the lists must weigh as
// little as it does in an ordinary screening), so a subject gets the same
// score it would get from a full screening.
func (s *Server) rescreen(ctx context.Context, next *Snapshot, d Diff) (subjects, alerts int, err error) {
	delta := deltaIndex(next, d)
	threshold := next.Index.Threshold()
	opts := clearance.ListOptions{Limit: 500}
	for {
		subs, err := s.store.ListSubjects(ctx, opts)
		if err != nil {
			return subjects, alerts, err
		}
		for _, sub := range subs {
			subjects++
			ms, err := rescore(delta, next, sub.Query, threshold)
			if err != nil {
				// A bad stored query or a bug in the engine fails this
				// subject, not the refresh: the others are screened.
				if !s.enginePanicked(err, sub.Query) {
					s.log.Warn("re-screen: subject not screened", "subject", sub.ID, "err", err)
				}
				continue
			}
			if len(ms) == 0 {
				continue
			}
			sc := &clearance.Screening{SubjectID: sub.ID, Query: sub.Query, Matches: ms, Threshold: threshold, ListVersion: next.Version, By: clearance.MonitorActor}
			sc.EntityVersions = make(map[string]string, len(ms))
			for _, m := range ms {
				sc.EntityVersions[m.EntityID] = next.EntityVersion(m.EntityID)
			}
			opened, err := s.store.SaveScreening(ctx, sc, s.cfg.Webhooks)
			if errors.Is(err, clearance.ErrConflict) {
				// Re-screened against this version already, by a leader
				// that died before recording it (or by the one that
				// replaced this one): once is enough.
				continue
			}
			if err != nil {
				return subjects, alerts, fmt.Errorf("subject %s: %w", sub.ID, err)
			}
			alerts += len(opened)
			s.alertsOpened(len(opened))
		}
		if len(subs) < 500 {
			return subjects, alerts, nil
		}
		opts.After = subs[len(subs)-1].ID
	}
}

// rescore screens q against the delta index and scores each candidate as
// the full index would, keeping those at or above the threshold.
func rescore(delta interface {
	Screen(clearance.Query, clearance.ScreenOptions) ([]clearance.Match, error)
}, next *Snapshot, q clearance.Query, threshold float64) ([]clearance.Match, error) {
	// Everything scored, since a candidate's score in the small index says
	// little of its score in the full one.
	cands, err := delta.Screen(q, clearance.ScreenOptions{MinScore: new(0.0), Limit: 50})
	if err != nil {
		return nil, err
	}
	var out []clearance.Match
	for _, c := range cands {
		e, ok := next.Index.Entity(c.EntityID)
		if !ok {
			continue
		}
		m := c
		m.Entity = e
		if q.Name != "" {
			full, err := next.Index.Compare(q, e)
			if errors.Is(err, match.ErrInternal) {
				return nil, err
			}
			// Wallet and identifier hits do not depend on token weights;
			// keep them when they beat the name.
			if err == nil && (!hardHit(c) || full.Score >= c.Score) {
				m = full
			}
		}
		if m.Score >= threshold {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b clearance.Match) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out, nil
}

// hardHit reports a match made on a wallet or identifier.
func hardHit(m clearance.Match) bool {
	for _, r := range m.Reasons {
		if r.Field == "wallet" || r.Field == "identifier" {
			return true
		}
	}
	return false
}

// RunRefresher refreshes the lists every interval until ctx ends. Only the
// leader refreshes: the other instances on its database follow it
// (RunCluster).
func (s *Server) RunRefresher(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if s.IsLeader() {
				s.Refresh(ctx)
			}
		}
	}
}

func (s *Server) refreshLists(w http.ResponseWriter, r *http.Request) {
	rep, err := s.Refresh(r.Context())
	if errors.Is(err, ErrNoLoader) {
		writeError(w, http.StatusNotImplemented, "no_list_source", "this server was started without a lists folder or cache to refresh from")
		return
	}
	if err != nil {
		writeError(w, http.StatusBadGateway, "refresh_failed", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

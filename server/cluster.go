package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// Cluster is what a server needs to know of the other instances on its
// database (store/postgres.Cluster): whether it is the one leader, which
// alone refreshes the lists on schedule and re-screens the subjects, and
// when the leader may have recorded a new list version. A server without
// one is alone, and always the leader.
type Cluster interface {
	IsLeader() bool
	// ListChanges receives when another instance may have saved a new
	// list state.
	ListChanges() <-chan struct{}
}

// listVersioner is a store that reads the recorded list version without
// the entities' versions, cheaply enough to poll.
type listVersioner interface {
	ListVersion(ctx context.Context) (string, error)
}

// IsLeader reports whether this instance refreshes the lists and
// re-screens the subjects for all the instances on its database.
func (s *Server) IsLeader() bool { return s.cfg.Cluster == nil || s.cfg.Cluster.IsLeader() }

// listSync is a follower's state against the version the leader accepted.
type listSync struct {
	Want   string // the version recorded in the store
	Reason string // why this instance does not screen against it; "" when it does
}

func (s *Server) setSync(want, reason string) {
	s.sync.Store(&listSync{Want: want, Reason: reason})
}

// syncProblem says why this instance does not screen against the version
// the leader accepted, or "" if it does (or knows of none).
func (s *Server) syncProblem() (want, reason string) {
	if st := s.sync.Load(); st != nil {
		return st.Want, st.Reason
	}
	return "", ""
}

// errNoVersion is a follower's refresh before the leader recorded any list
// version.
var errNoVersion = errors.New("no list version recorded yet: waiting for the leader")

// follow makes this instance screen against the list version the store
// records (the leader's): it loads its lists (its --lists folder or the
// shared cache) through the same checks the leader's refresh ran, and
// swaps them in if they make the same version. If they do not, it keeps
// the lists it has and says why in /readyz and clearance_lists_in_sync,
// rather than screen against a version no other instance has.
func (s *Server) follow(ctx context.Context) (RefreshReport, error) {
	want, err := s.recordedVersion(ctx)
	if errors.Is(err, clearance.ErrNotFound) {
		return RefreshReport{Followed: true}, errNoVersion
	}
	if err != nil {
		return RefreshReport{Followed: true}, fmt.Errorf("read the recorded list version: %w", err)
	}
	old := s.Snapshot()
	rep := RefreshReport{Version: want, Followed: true}
	if old != nil {
		rep.PreviousVersion = old.Version
		if old.Version == want {
			rep.Unchanged = true
			s.setSync(want, "")
			return rep, nil
		}
	}
	fail := func(err error) (RefreshReport, error) {
		s.setSync(want, err.Error())
		s.metrics.outOfSync.Inc()
		return rep, err
	}
	load := s.cfg.Load
	if s.cfg.LoadCached != nil {
		load = s.cfg.LoadCached
	}
	ds, err := load(ctx)
	refs, err := lists.Refusals(err)
	if err != nil {
		return fail(fmt.Errorf("load lists: %w", err))
	}
	st, err := s.store.LoadListState(ctx)
	if err != nil {
		return fail(fmt.Errorf("load the recorded list state: %w", err))
	}
	want, rep.Version = st.Version, st.Version
	ds, refs = s.checkDatasets(ds, acceptedVersions(st), refs)
	ds, refused := keepRefused(old, ds, refs, s.cfg.now().UTC())
	next, all := describe(ds)
	if next.Version != want {
		return fail(fmt.Errorf("the lists this instance can load are version %s, not the %s the leader accepted: keeping %s", next.Version, want, versionOf(old)))
	}
	s.refused.Store(&refused)
	next.Index = match.Build(all, s.cfg.IndexOptions)
	s.Swap(next)
	s.setSync(want, "")
	return rep, nil
}

func versionOf(snap *Snapshot) string {
	if snap == nil {
		return "no lists"
	}
	return snap.Version
}

func (s *Server) recordedVersion(ctx context.Context) (string, error) {
	if lv, ok := s.store.(listVersioner); ok {
		return lv.ListVersion(ctx)
	}
	st, err := s.store.LoadListState(ctx)
	return st.Version, err
}

// ClusterOptions tune RunCluster. The zero value is the default.
type ClusterOptions struct {
	// Poll is how often a follower reads the recorded list version besides
	// the notifications; zero means 5 s.
	Poll time.Duration
	// Retry is the wait before a leader whose refresh failed, or a
	// follower that could not load the leader's version, tries again;
	// zero means 30 s.
	Retry time.Duration
}

// RunCluster keeps this instance's lists until ctx ends: as the leader it
// refreshes them when it becomes the leader (at start, or when it takes
// over from one that died) until a refresh succeeds; as a follower it
// loads the version the leader records, when told of a change and every
// Poll. Scheduled refreshes are RunRefresher's, which only the leader runs.
func (s *Server) RunCluster(ctx context.Context, o ClusterOptions) {
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.Retry <= 0 {
		o.Retry = 30 * time.Second
	}
	var changes <-chan struct{}
	if s.cfg.Cluster != nil {
		changes = s.cfg.Cluster.ListChanges()
	}
	if d, ok := s.cfg.Cluster.(interface{ Decided() <-chan struct{} }); ok {
		// An instance about to lead refreshes as the leader, rather than
		// first follow what the last leader recorded.
		select {
		case <-d.Decided():
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Second):
		}
	}
	tick := time.NewTicker(min(o.Poll, 250*time.Millisecond))
	defer tick.Stop()
	var (
		wasLeader, leaderDone bool
		changed               = true
		lastTry, lastPoll     time.Time
	)
	for {
		leader := s.IsLeader()
		if leader != wasLeader {
			s.log.Info("cluster", "leader", leader)
			leaderDone, lastTry = false, time.Time{}
			changed = !leader
		}
		wasLeader = leader
		now := time.Now()
		switch {
		case leader && !leaderDone && now.Sub(lastTry) >= o.Retry:
			lastTry = now
			_, err := s.Refresh(ctx)
			leaderDone = err == nil
		case !leader && (changed || now.Sub(lastPoll) >= o.Poll):
			if changed || s.syncFailed() && now.Sub(lastTry) >= o.Retry || !s.syncFailed() {
				_, err := s.Refresh(ctx)
				if err != nil && !errors.Is(err, errNoVersion) {
					lastTry = now
				}
			}
			changed, lastPoll = false, now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-changes:
			changed = true
		}
	}
}

func (s *Server) syncFailed() bool {
	_, reason := s.syncProblem()
	return reason != ""
}

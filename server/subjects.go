package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// subjectInput is the body of POST and PUT /v1/subjects: the caller's
// reference and the query to screen the subject with.
type subjectInput struct {
	Ref   string    `json:"ref"`
	Query wireQuery `json:"query"`
}

// subjectScreened answers a change to a subject: the subject as stored and,
// unless ?screen=false, the screening made at once and the alerts it opened.
type subjectScreened struct {
	Subject   clearance.Subject    `json:"subject"`
	Screening *clearance.Screening `json:"screening,omitempty"`
	Alerts    []clearance.Alert    `json:"alerts"`
	// Warnings name what of the request was not used (unknown fields).
	Warnings []string `json:"warnings,omitempty"`
}

func (s *Server) readSubject(w http.ResponseWriter, r *http.Request) (clearance.Subject, []string, bool) {
	var in subjectInput
	warnings, ok := s.decodeBodyFields(w, r, &in)
	if !ok {
		return clearance.Subject{}, nil, false
	}
	q, err := in.Query.toQuery()
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_query", "query: "+err.Error())
		return clearance.Subject{}, nil, false
	}
	if in.Ref == "" {
		writeError(w, http.StatusBadRequest, "bad_subject", "ref is required: your own reference for the subject")
		return clearance.Subject{}, nil, false
	}
	if q.ID == "" {
		q.ID = in.Ref
	}
	return clearance.Subject{Ref: in.Ref, Query: q}, warnings, true
}

func (s *Server) createSubject(w http.ResponseWriter, r *http.Request) {
	sub, warnings, ok := s.readSubject(w, r)
	if !ok {
		return
	}
	if err := s.store.CreateSubject(r.Context(), actor(r.Context()), &sub); err != nil {
		s.storeError(w, r, err)
		return
	}
	s.answerSubject(w, r, http.StatusCreated, sub, warnings)
}

func (s *Server) updateSubject(w http.ResponseWriter, r *http.Request) {
	sub, warnings, ok := s.readSubject(w, r)
	if !ok {
		return
	}
	sub.ID = r.PathValue("id")
	old, err := s.store.GetSubject(r.Context(), sub.ID)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	sub.CreatedAt = old.CreatedAt
	if err := s.store.UpdateSubject(r.Context(), actor(r.Context()), &sub); err != nil {
		s.storeError(w, r, err)
		return
	}
	s.answerSubject(w, r, http.StatusOK, sub, warnings)
}

// answerSubject screens a created or updated subject unless told not to:
// onboarding wants the answer in the same call.
func (s *Server) answerSubject(w http.ResponseWriter, r *http.Request, status int, sub clearance.Subject, warnings []string) {
	out := subjectScreened{Subject: sub, Alerts: []clearance.Alert{}, Warnings: warnings}
	if r.URL.Query().Get("screen") != "false" {
		if snap := s.Snapshot(); snap != nil {
			sc, alerts, err := s.screenSubjectWith(r.Context(), snap, sub, actor(r.Context()))
			if err != nil {
				s.storeError(w, r, err)
				return
			}
			out.Screening, out.Alerts = sc, nonNilAlerts(alerts)
		}
	}
	writeJSON(w, status, out)
}

// screenSubjectWith screens a stored subject against the whole index and
// stores the screening, opening alerts (and webhook messages) for the
// matches at or above the threshold.
func (s *Server) screenSubjectWith(ctx context.Context, snap *Snapshot, sub clearance.Subject, by string) (*clearance.Screening, []clearance.Alert, error) {
	res, err := s.screenOne(snap, sub.Query, clearance.ScreenOptions{})
	if errors.Is(err, match.ErrInternal) {
		return nil, nil, fmt.Errorf("subject %s: %w", sub.ID, err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: subject %s: %v", clearance.ErrInvalid, sub.ID, err)
	}
	sc := &clearance.Screening{SubjectID: sub.ID, Query: sub.Query, Matches: res.Matches, Threshold: snap.Index.Threshold(), ListVersion: snap.Version, By: by}
	sc.EntityVersions = make(map[string]string, len(res.Matches))
	for _, m := range res.Matches {
		sc.EntityVersions[m.EntityID] = snap.EntityVersion(m.EntityID)
	}
	alerts, err := s.store.SaveScreening(ctx, sc, s.cfg.Webhooks)
	if err != nil {
		return nil, nil, err
	}
	s.alertsOpened(len(alerts))
	return sc, alerts, nil
}

func nonNilAlerts(a []clearance.Alert) []clearance.Alert {
	if a == nil {
		return []clearance.Alert{}
	}
	return a
}

func (s *Server) screenSubject(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshot(w)
	if snap == nil {
		return
	}
	sub, err := s.store.GetSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	sc, alerts, err := s.screenSubjectWith(r.Context(), snap, sub, actor(r.Context()))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, subjectScreened{Subject: sub, Screening: sc, Alerts: nonNilAlerts(alerts)})
}

func (s *Server) getSubject(w http.ResponseWriter, r *http.Request) {
	sub, err := s.store.GetSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sub)
}

func (s *Server) deleteSubject(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteSubject(r.Context(), actor(r.Context()), r.PathValue("id")); err != nil {
		s.storeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listOptions reads ?after= and ?limit=.
func listOptions(r *http.Request) (clearance.ListOptions, error) {
	o := clearance.ListOptions{After: r.URL.Query().Get("after")}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return o, fmt.Errorf("limit %q: want 1 to 1000", v)
		}
		o.Limit = n
	}
	return o, nil
}

// page is a listing with the cursor for the next page ("" at the end).
type page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

func newPage[T any](items []T, limit int, id func(T) string) page[T] {
	if items == nil {
		items = []T{}
	}
	p := page[T]{Items: items}
	if limit == 0 {
		limit = 100
	}
	if len(items) == limit {
		p.Next = id(items[len(items)-1])
	}
	return p
}

func (s *Server) listSubjects(w http.ResponseWriter, r *http.Request) {
	if ref := r.URL.Query().Get("ref"); ref != "" {
		sub, err := s.store.SubjectByRef(r.Context(), ref)
		if errors.Is(err, clearance.ErrNotFound) {
			writeJSON(w, http.StatusOK, page[clearance.Subject]{Items: []clearance.Subject{}})
			return
		}
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, page[clearance.Subject]{Items: []clearance.Subject{sub}})
		return
	}
	o, err := listOptions(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	subs, err := s.store.ListSubjects(r.Context(), o)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(subs, o.Limit, func(s clearance.Subject) string { return s.ID }))
}

func (s *Server) listSubjectScreenings(w http.ResponseWriter, r *http.Request) {
	o, err := listOptions(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	id := r.PathValue("id")
	if _, err := s.store.GetSubject(r.Context(), id); err != nil && !errors.Is(err, clearance.ErrNotFound) {
		s.storeError(w, r, err)
		return
	}
	scs, err := s.store.ListScreenings(r.Context(), id, o)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(scs, o.Limit, func(s clearance.Screening) string { return s.ID }))
}

func (s *Server) getScreening(w http.ResponseWriter, r *http.Request) {
	sc, err := s.store.GetScreening(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sc)
}

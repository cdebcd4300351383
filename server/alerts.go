package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	o, err := listOptions(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	f := clearance.AlertFilter{Status: clearance.AlertStatus(r.URL.Query().Get("status")), SubjectID: r.URL.Query().Get("subject_id"), ListOptions: o}
	switch f.Status {
	case "", clearance.AlertOpen, clearance.AlertTrueMatch, clearance.AlertFalsePositive:
	default:
		writeError(w, http.StatusBadRequest, "bad_parameter", fmt.Sprintf("status %q: want open, true_match or false_positive", f.Status))
		return
	}
	if f.Kind = r.URL.Query().Get("kind"); f.Kind != "" && f.Kind != "screening" && f.Kind != clearance.AlertKindHire {
		writeError(w, http.StatusBadRequest, "bad_parameter", fmt.Sprintf("kind %q: want screening or hire", f.Kind))
		return
	}
	alerts, err := s.store.ListAlerts(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(alerts, o.Limit, func(a clearance.Alert) string { return a.ID }))
}

// alertView is an alert with what an analyst needs to decide it: the
// subject, the match as screened (with its reasons) and the entity as
// listed now, if it still is.
type alertView struct {
	Alert   clearance.Alert    `json:"alert"`
	Subject *clearance.Subject `json:"subject,omitempty"`
	Match   *clearance.Match   `json:"match,omitempty"`
	Entity  *entityView        `json:"entity,omitempty"`
	// EntityChanged says the listing changed since the screening.
	EntityChanged bool `json:"entity_changed,omitempty"`
}

func (s *Server) alertView(r *http.Request, id string) (alertView, error) {
	a, err := s.store.GetAlert(r.Context(), id)
	if err != nil {
		return alertView{}, err
	}
	v := alertView{Alert: a}
	if sub, err := s.store.GetSubject(r.Context(), a.SubjectID); err == nil {
		v.Subject = &sub
	} else if !errors.Is(err, clearance.ErrNotFound) {
		return v, err
	}
	if sc, err := s.store.GetScreening(r.Context(), a.ScreeningID); err == nil {
		for i := range sc.Matches {
			if sc.Matches[i].EntityID == a.EntityID {
				v.Match = &sc.Matches[i]
			}
		}
		if v.Subject == nil {
			// The subject was removed; the screening keeps its query.
			v.Subject = &clearance.Subject{ID: a.SubjectID, Query: sc.Query}
		}
	} else if !errors.Is(err, clearance.ErrNotFound) {
		return v, err
	}
	if snap := s.Snapshot(); snap != nil {
		if ev, ok := snap.entityView(a.EntityID); ok {
			v.Entity = &ev
			v.EntityChanged = ev.Version != a.EntityVersion
		}
	}
	return v, nil
}

func (s *Server) getAlert(w http.ResponseWriter, r *http.Request) {
	v, err := s.alertView(r, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

type decisionInput struct {
	Status clearance.AlertStatus `json:"status"`
	Reason string                `json:"reason"`
}

func (d decisionInput) check() error {
	if d.Status != clearance.AlertTrueMatch && d.Status != clearance.AlertFalsePositive {
		return fmt.Errorf("status %q: want true_match or false_positive", d.Status)
	}
	// A reason of spaces or invisible characters is no reason: the
	// regulator reads it.
	if strings.TrimFunc(d.Reason, isBlank) == "" {
		return errors.New("reason: required and not blank; the regulator will ask why")
	}
	if n := utf8.RuneCountInString(d.Reason); n > maxReasonLen {
		return fmt.Errorf("reason: %d characters; at most %d", n, maxReasonLen)
	}
	return nil
}

// maxReasonLen bounds a decision's reason: room for a page of argument,
// not for a file pasted in by mistake.
const maxReasonLen = 10000

// isBlank is true of white space and of the invisible format characters
// (zero-width space and joiners, direction marks) that look like nothing.
func isBlank(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// decisionAnswer is the alert as decided, with the request's warnings.
type decisionAnswer struct {
	clearance.Alert
	Warnings []string `json:"warnings,omitempty"`
}

func (s *Server) decideAlert(w http.ResponseWriter, r *http.Request) {
	var in decisionInput
	warnings, ok := s.decodeBodyFields(w, r, &in)
	if !ok {
		return
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := in.check(); err != nil {
		writeError(w, http.StatusBadRequest, "bad_decision", err.Error())
		return
	}
	a, err := s.store.DecideAlert(r.Context(), r.PathValue("id"), clearance.Decision{Status: in.Status, Reason: in.Reason, By: actor(r.Context())})
	if errors.Is(err, clearance.ErrConflict) {
		writeError(w, http.StatusConflict, "already_decided", err.Error())
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, decisionAnswer{a, warnings})
}

// exportAudit streams the trail as JSON lines: all of it, or with
// ?after=SEQ the records after SEQ (for an auditor who fetches increments).
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) {
	var after int64
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "bad_parameter", fmt.Sprintf("after %q: want a record sequence number", v))
			return
		}
		after = n
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	if after == 0 {
		if err := s.store.ExportAudit(r.Context(), w); err != nil {
			// The status line is gone; the log is all that can say it.
			s.log.Error("audit export", "err", err)
		}
		return
	}
	enc := newJSONLines(w)
	for {
		recs, err := s.store.ListAudit(r.Context(), after, 1000)
		if err != nil {
			s.log.Error("audit export", "err", err)
			return
		}
		for _, rec := range recs {
			enc.Encode(rec)
			after = rec.Seq
		}
		if len(recs) < 1000 {
			return
		}
	}
}

func (s *Server) verifyAudit(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

package server

// Case work over HTTP: four-eyes review of closing decisions, assignment,
// comments, escalation, reopening, bulk close, the queue, and the audit
// trail searched by person, action, object and date. The store side is
// clearance.ReviewStore.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

// registerReview adds the case-work routes (called from registerRoutes).
func (s *Server) registerReview() {
	const (
		analyst  = clearance.RoleAnalyst
		reviewer = clearance.RoleReviewer
		admin    = clearance.RoleAdmin
	)
	s.handle("POST", "/v1/alerts/{id}/review", reviewer, true, s.reviewAlert)
	s.handle("POST", "/v1/alerts/{id}/assign", analyst, true, s.assignAlert)
	s.handle("POST", "/v1/alerts/{id}/comments", analyst, true, s.commentAlert)
	s.handle("POST", "/v1/alerts/{id}/escalate", analyst, true, s.escalateAlert)
	s.handle("POST", "/v1/alerts/{id}/reopen", analyst, true, s.reopenAlert)
	s.handle("POST", "/v1/alerts/bulk-decision", analyst, true, s.bulkDecide)
	s.handle("GET", "/v1/audit/records", admin, true, s.searchAudit)
	s.registerReviewWeb()
}

// reviewPolicy is the policy in force: the configured one, or the default.
func (s *Server) reviewPolicy() clearance.ReviewPolicy {
	if s.cfg.Review != nil {
		return *s.cfg.Review
	}
	return clearance.DefaultReviewPolicy()
}

// reviewStore is the store's case work; every store in this repository
// has it.
func (s *Server) reviewStore() (clearance.ReviewStore, error) {
	rs, ok := s.store.(clearance.ReviewStore)
	if !ok {
		return nil, fmt.Errorf("the store (%T) keeps no case work", s.store)
	}
	return rs, nil
}

// caseOut is a case as the API sends it: with its age.
type caseOut struct {
	clearance.Case
	// AgeSeconds is how long the alert has been open: until now, or until
	// it was decided.
	AgeSeconds int64 `json:"age_seconds"`
}

func (s *Server) caseOut(c clearance.Case) caseOut {
	end := s.cfg.now()
	if !c.DecidedAt.IsZero() && c.Status != clearance.AlertOpen && c.Status != clearance.AlertPendingReview {
		end = c.DecidedAt
	}
	return caseOut{c, max(0, int64(end.Sub(c.CreatedAt)/time.Second))}
}

// decide records an analyst's decision: closed at once, or pending review
// where the policy asks for a second person.
func (s *Server) decide(ctx context.Context, id string, d clearance.Decision) (caseOut, error) {
	rs, err := s.reviewStore()
	if err != nil {
		return caseOut{}, err
	}
	c, err := rs.DecideCase(ctx, id, d, s.reviewPolicy())
	return s.caseOut(c), err
}

// caseDetail is what the alert view adds: the case, its comments and the
// alert's history from the audit trail, oldest first.
type caseDetail struct {
	Case     *caseOut            `json:"case,omitempty"`
	Comments []clearance.Comment `json:"comments,omitempty"`
	History  []historyEntry      `json:"history,omitempty"`
}

// historyEntry is one audit record on the alert, for people.
type historyEntry struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Name   string    `json:"name,omitempty"` // the actor's name, where known
	Action string    `json:"action"`
	What   string    `json:"what"` // the action in plain words
	Reason string    `json:"reason,omitempty"`
}

// fillCase adds the case work to an alert view; the alert's status shows
// a pending decision.
func (s *Server) fillCase(ctx context.Context, v *alertView) error {
	rs, err := s.reviewStore()
	if err != nil {
		return err
	}
	c, err := rs.GetCase(ctx, v.Alert.ID)
	if err != nil {
		return err
	}
	co := s.caseOut(c)
	v.Case = &co
	v.Alert.Status = c.Status
	if v.Comments, err = rs.CaseComments(ctx, c.ID); err != nil {
		return err
	}
	recs, err := rs.SearchAudit(ctx, clearance.AuditFilter{Object: "alert:" + c.ID, Limit: 1000})
	if err != nil {
		return err
	}
	names := s.actorNames(ctx)
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		v.History = append(v.History, historyEntry{Seq: r.Seq, Time: r.Time, Actor: r.Actor, Name: names[r.Actor], Action: r.Action, What: actionWords(r.Action), Reason: recordReason(r)})
	}
	return nil
}

// actorNames maps actors to the names people read (clearance.ActorNames),
// so that pages say "alice" rather than "key:key_0191... (alice)". Audit
// records keep the actor. A failure leaves the actors shown as they are.
func (s *Server) actorNames(ctx context.Context) map[string]string {
	names, err := clearance.ActorNames(ctx, s.store)
	if err != nil {
		s.log.Warn("actor names", "err", err)
	}
	if names == nil {
		names = map[string]string{}
	}
	return names
}

// storeErr answers a case-work error: a self-review is forbidden, the
// rest as storeError says.
func (s *Server) storeErr(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, clearance.ErrSelfReview) {
		writeError(w, http.StatusForbidden, "four_eyes", err.Error())
		return
	}
	s.storeError(w, r, err)
}

// checkText refuses blank or overlong free text, naming the field.
func checkText(field, v string, required bool) error {
	if strings.TrimFunc(v, isBlank) == "" {
		if required {
			return fmt.Errorf("%s: required and not blank", field)
		}
		return nil
	}
	if n := utf8.RuneCountInString(v); n > maxReasonLen {
		return fmt.Errorf("%s: %d characters; at most %d", field, n, maxReasonLen)
	}
	return nil
}

// listCases serves GET /v1/alerts: by ID, or with sort=queue by risk and
// age; filtered by status (pending_review included), assignee and subject.
func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	f, err := caseFilter(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	cases, err := rs.ListCases(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]caseOut, 0, len(cases))
	for _, c := range cases {
		out = append(out, s.caseOut(c))
	}
	p := page[caseOut]{Items: out}
	if len(out) == limitOr100(f.Limit) {
		if f.Queue {
			p.Next = strconv.Itoa(f.Offset + len(out))
		} else {
			p.Next = out[len(out)-1].ID
		}
	}
	writeJSON(w, http.StatusOK, p)
}

func limitOr100(n int) int {
	if n == 0 {
		return 100
	}
	return n
}

// caseFilter reads the listing's query parameters.
func caseFilter(r *http.Request) (clearance.CaseFilter, error) {
	o, err := listOptions(r)
	if err != nil {
		return clearance.CaseFilter{}, err
	}
	q := r.URL.Query()
	f := clearance.CaseFilter{Status: clearance.AlertStatus(q.Get("status")), Assignee: q.Get("assignee"), SubjectID: q.Get("subject_id"), ListOptions: o}
	switch f.Status {
	case "", clearance.AlertOpen, clearance.AlertPendingReview, clearance.AlertTrueMatch, clearance.AlertFalsePositive:
	default:
		return f, fmt.Errorf("status %q: want open, pending_review, true_match or false_positive", f.Status)
	}
	if f.Kind = q.Get("kind"); f.Kind != "" && f.Kind != "screening" && f.Kind != clearance.AlertKindHire {
		return f, fmt.Errorf("kind %q: want screening or hire", f.Kind)
	}
	switch q.Get("sort") {
	case "", "id":
	case "queue":
		f.Queue = true
		if o.After != "" {
			n, err := strconv.Atoi(o.After)
			if err != nil || n < 0 {
				return f, fmt.Errorf("after %q: with sort=queue, the next value of the previous page (a number)", o.After)
			}
			f.Offset, f.After = n, ""
		}
	default:
		return f, fmt.Errorf("sort %q: want id or queue", q.Get("sort"))
	}
	return f, nil
}

type verdictInput struct {
	Approve *bool  `json:"approve"`
	Reason  string `json:"reason"`
}

func (s *Server) reviewAlert(w http.ResponseWriter, r *http.Request) {
	var in verdictInput
	if !s.decodeBody(w, r, &in) {
		return
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Approve == nil {
		writeError(w, http.StatusBadRequest, "bad_review", "approve: required, true or false")
		return
	}
	if err := checkText("reason", in.Reason, !*in.Approve); err != nil {
		writeError(w, http.StatusBadRequest, "bad_review", err.Error()+" (a rejection says why)")
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	c, err := rs.ReviewCase(r.Context(), r.PathValue("id"), clearance.Verdict{Approve: *in.Approve, Reason: in.Reason, By: actor(r.Context())})
	if err != nil {
		s.storeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.caseOut(c))
}

// textInput is the body of the case-work posts that carry one text.
type textInput struct {
	Assignee string `json:"assignee"`
	Text     string `json:"text"`
	Reason   string `json:"reason"`
}

func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, field string, do func(rs clearance.ReviewStore, id, v, by string) (clearance.Case, error)) {
	var in textInput
	if !s.decodeBody(w, r, &in) {
		return
	}
	v := map[string]string{"assignee": in.Assignee, "text": in.Text, "reason": in.Reason}[field]
	v = strings.TrimSpace(v)
	if err := checkText(field, v, field != "assignee"); err != nil {
		writeError(w, http.StatusBadRequest, "bad_"+field, err.Error())
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	c, err := do(rs, r.PathValue("id"), v, actor(r.Context()))
	if err != nil {
		s.storeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.caseOut(c))
}

func (s *Server) assignAlert(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "assignee", func(rs clearance.ReviewStore, id, v, by string) (clearance.Case, error) {
		return rs.AssignCase(r.Context(), id, v, by)
	})
}

func (s *Server) escalateAlert(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "reason", func(rs clearance.ReviewStore, id, v, by string) (clearance.Case, error) {
		return rs.EscalateCase(r.Context(), id, v, by)
	})
}

func (s *Server) reopenAlert(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "reason", func(rs clearance.ReviewStore, id, v, by string) (clearance.Case, error) {
		return rs.ReopenCase(r.Context(), id, v, by)
	})
}

func (s *Server) commentAlert(w http.ResponseWriter, r *http.Request) {
	var in textInput
	if !s.decodeBody(w, r, &in) {
		return
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := checkText("text", in.Text, true); err != nil {
		writeError(w, http.StatusBadRequest, "bad_text", err.Error())
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	c := clearance.Comment{AlertID: r.PathValue("id"), By: actor(r.Context()), Text: in.Text}
	if err := rs.CommentCase(r.Context(), &c); err != nil {
		s.storeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// maxBulk bounds a bulk close: a page of the queue.
const maxBulk = 1000

type bulkInput struct {
	IDs    []string              `json:"ids"`
	Status clearance.AlertStatus `json:"status"`
	Reason string                `json:"reason"`
}

func (s *Server) bulkDecide(w http.ResponseWriter, r *http.Request) {
	var in bulkInput
	if !s.decodeBody(w, r, &in) {
		return
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := (decisionInput{Status: in.Status, Reason: in.Reason}).check(); err != nil {
		writeError(w, http.StatusBadRequest, "bad_decision", err.Error())
		return
	}
	if len(in.IDs) == 0 || len(in.IDs) > maxBulk {
		writeError(w, http.StatusBadRequest, "bad_decision", fmt.Sprintf("ids: %d alerts; give 1 to %d", len(in.IDs), maxBulk))
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	cases, err := rs.DecideCases(r.Context(), in.IDs, clearance.Decision{Status: in.Status, Reason: in.Reason, By: actor(r.Context())}, s.reviewPolicy())
	if err != nil {
		s.storeErr(w, r, err)
		return
	}
	out := make([]caseOut, 0, len(cases))
	for _, c := range cases {
		out = append(out, s.caseOut(c))
	}
	writeJSON(w, http.StatusOK, page[caseOut]{Items: out})
}

// auditFilter reads the audit search's query parameters: actor, action,
// object, from and to (dates, 2006-01-02, or RFC 3339 times; to is
// exclusive, a date meaning the end of that day), before (a seq) and limit.
func auditFilter(r *http.Request) (clearance.AuditFilter, error) {
	q := r.URL.Query()
	f := clearance.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")), Object: strings.TrimSpace(q.Get("object"))}
	var err error
	if f.From, err = parseWhen("from", q.Get("from"), false); err != nil {
		return f, err
	}
	if f.To, err = parseWhen("to", q.Get("to"), true); err != nil {
		return f, err
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return f, fmt.Errorf("before %q: want a record sequence number", v)
		}
		f.BeforeSeq = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return f, fmt.Errorf("limit %q: want 1 to 1000", v)
		}
		f.Limit = n
	}
	return f, nil
}

func parseWhen(name, v string, end bool) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, fmt.Errorf("%s %q: want a date (2006-01-02) or an RFC 3339 time", name, v)
	}
	return t, nil
}

func (s *Server) searchAudit(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	recs, err := rs.SearchAudit(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(recs, f.Limit, func(r clearance.AuditRecord) string { return strconv.FormatInt(r.Seq, 10) }))
}

// actionWords says an audit action in plain words.
func actionWords(action string) string {
	if w, ok := map[string]string{
		clearance.ActionScreeningCreated: "screened",
		clearance.ActionAlertOpened:      "opened the alert",
		clearance.ActionAlertDecided:     "decided the alert",
		clearance.ActionAlertProposed:    "decided, pending review",
		clearance.ActionAlertApproved:    "approved the decision",
		clearance.ActionAlertRejected:    "rejected the decision",
		clearance.ActionAlertAssigned:    "assigned the alert",
		clearance.ActionAlertCommented:   "commented",
		clearance.ActionAlertEscalated:   "escalated the alert",
		clearance.ActionAlertReopened:    "reopened the alert",
		clearance.ActionSubjectCreated:   "added a subject",
		clearance.ActionSubjectUpdated:   "changed a subject",
		clearance.ActionSubjectDeleted:   "removed a subject",
		clearance.ActionListsUpdated:     "loaded new lists",
		clearance.ActionKeyCreated:       "created an API key",
		clearance.ActionKeyRevoked:       "revoked an API key",
		clearance.ActionAuditKeyed:       "sealed the trail with its key",
		clearance.ActionUserCreated:      "created a user",
		clearance.ActionUserDisabled:     "disabled a user",
		clearance.ActionUserEnabled:      "enabled a user",
		clearance.ActionUserUpdated:      "changed a user's sign-in",
		clearance.ActionUserSignedIn:     "signed in",
		clearance.ActionUserSigninFailed: "failed to sign in",
	}[action]; ok {
		return w
	}
	return action
}

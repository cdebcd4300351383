package server

// The web page's case work: the alert queue with filters and bulk close,
// the forms on an alert (review, assign, comment, escalate, reopen), a
// printable view of an alert and its case, and the audit trail as
// readable rows with filters and pages.

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

func (s *Server) registerReviewWeb() {
	s.handle("GET", "/ui/alerts/{id}/print", "", false, s.web(clearance.RoleAnalyst, s.printPage))
	s.handle("POST", "/ui/alerts/{id}/review", "", false, s.web(clearance.RoleReviewer, s.reviewPage))
	s.handle("POST", "/ui/alerts/{id}/case", "", false, s.web(clearance.RoleAnalyst, s.casePage))
	s.handle("POST", "/ui/alerts/bulk", "", false, s.web(clearance.RoleAnalyst, s.bulkPage))
}

// reviewFuncs are the template functions of the case-work pages.
func reviewFuncs() template.FuncMap {
	return template.FuncMap{
		"actionWords": actionWords,
		"plainHow":    plainHow,
		"ageOf":       func(sec int64) string { return humanAge(time.Duration(sec) * time.Second) },
		"statusWords": statusWords,
		"now":         time.Now,
		"allows":      func(k clearance.APIKey, role string) bool { return k.Role.Allows(clearance.Role(role)) },
	}
}

// statusWords says an alert status in plain words.
func statusWords(v any) string {
	st := clearance.AlertStatus(fmt.Sprint(v))
	switch st {
	case clearance.AlertOpen:
		return "open"
	case clearance.AlertPendingReview:
		return "pending review"
	case clearance.AlertTrueMatch:
		return "true match"
	case clearance.AlertFalsePositive:
		return "false positive"
	}
	return string(st)
}

// decidedFlash says what became of a decision.
func decidedFlash(c clearance.Case) string {
	if c.Pending != nil {
		return "Decision recorded: it waits for a reviewer (another person) to approve it."
	}
	return "Decision recorded."
}

type queueRow struct {
	Case            caseOut
	Subject, Entity string
	Assignee        string // the assignee's name, where known
}

// alertsPage is the alert queue: by risk and age (or by date), filtered by
// status and assignee, with a bulk close of the selected alerts.
func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !q.Has("status") {
		q.Set("status", string(clearance.AlertOpen))
	}
	if q.Get("status") == "all" {
		q.Del("status")
	}
	if !q.Has("sort") {
		q.Set("sort", "queue")
	}
	r.URL.RawQuery = q.Encode()
	f, err := caseFilter(r)
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "message", pageData{Data: err.Error()})
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.webError(w, r, err)
		return
	}
	f.Limit = 100
	cases, err := rs.ListCases(r.Context(), f)
	if err != nil {
		s.webError(w, r, err)
		return
	}
	names := s.actorNames(r.Context())
	rows := make([]queueRow, 0, len(cases))
	snap := s.Snapshot()
	for _, c := range cases {
		row := queueRow{Case: s.caseOut(c), Subject: c.SubjectID, Entity: c.EntityID, Assignee: nameOr(names, c.Assignee)}
		if sub, err := s.store.GetSubject(r.Context(), c.SubjectID); err == nil {
			row.Subject = sub.Query.Name + " (" + sub.Ref + ")"
		}
		if snap != nil {
			if e, ok := snap.Index.Entity(c.EntityID); ok {
				row.Entity = e.PrimaryName()
			}
		}
		rows = append(rows, row)
	}
	next := ""
	if len(cases) == f.Limit {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		if f.Status == "" {
			nq.Set("status", "all")
		}
		if f.Queue {
			nq.Set("after", strconv.Itoa(f.Offset+len(cases)))
		} else {
			nq.Set("after", cases[len(cases)-1].ID)
		}
		next = "/ui/alerts?" + nq.Encode()
	}
	status := string(f.Status)
	if status == "" {
		status = "all"
	}
	s.render(w, r, http.StatusOK, "alerts", pageData{Data: map[string]any{
		"Alerts": rows, "Status": status, "Next": next, "Queue": f.Queue, "Assignee": f.Assignee,
		"Statuses": []string{"open", "pending_review", "true_match", "false_positive", "all"},
		"Policy":   s.reviewPolicy(),
	}})
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// alertPageData is an alert view with what the page's forms need.
type alertPageData struct {
	alertView
	Names map[string]string
	// CanReview: the visitor is a reviewer and not the maker of the
	// pending decision.
	CanReview bool
	// SelfPending: the visitor made the pending decision.
	SelfPending bool
	Policy      clearance.ReviewPolicy
	Print       bool
}

func (s *Server) alertPageData(r *http.Request, v alertView) alertPageData {
	d := alertPageData{alertView: v, Names: s.actorNames(r.Context()), Policy: s.reviewPolicy()}
	if v.Case != nil && v.Case.Pending != nil {
		me := actor(r.Context())
		d.SelfPending = clearance.SamePerson(v.Case.Pending.By, me)
		d.CanReview = !d.SelfPending && caller(r.Context()).Role.Allows(clearance.RoleReviewer)
	}
	return d
}

func (s *Server) alertPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.alertView(r, r.PathValue("id"))
	if err != nil {
		s.webError(w, r, err)
		return
	}
	d := s.alertPageData(r, v)
	if r.URL.Query().Get("print") == "1" {
		d.Print = true
		s.render(w, r, http.StatusOK, "print", pageData{Data: d})
		return
	}
	s.render(w, r, http.StatusOK, "alert", pageData{Data: d})
}

// printPage is the alert and its case on paper: no forms, every decision
// with names and times.
func (s *Server) printPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.alertView(r, r.PathValue("id"))
	if err != nil {
		s.webError(w, r, err)
		return
	}
	d := s.alertPageData(r, v)
	d.Print = true
	s.render(w, r, http.StatusOK, "print", pageData{Data: d})
}

// alertAgain re-renders the alert page with an error.
func (s *Server) alertAgain(w http.ResponseWriter, r *http.Request, status int, msg string) {
	v, err := s.alertView(r, r.PathValue("id"))
	if err != nil {
		s.webError(w, r, err)
		return
	}
	s.render(w, r, status, "alert", pageData{Error: msg, Data: s.alertPageData(r, v)})
}

func (s *Server) backToAlert(w http.ResponseWriter, r *http.Request, flash string) {
	http.Redirect(w, r, "/ui/alerts/"+url.PathEscape(r.PathValue("id"))+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
}

// caseWebError answers a store error on an alert's form.
func (s *Server) caseWebError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case err == nil:
	case errors.Is(err, clearance.ErrSelfReview):
		s.alertAgain(w, r, http.StatusForbidden, "Four eyes: you proposed this decision, so another person must review it.")
	case errors.Is(err, clearance.ErrInvalid):
		s.alertAgain(w, r, http.StatusBadRequest, err.Error())
	case errors.Is(err, clearance.ErrConflict):
		s.alertAgain(w, r, http.StatusConflict, err.Error())
	default:
		s.webError(w, r, err)
	}
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	approve := r.PostFormValue("verdict") == "approve"
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := checkText("reason", reason, !approve); err != nil {
		s.alertAgain(w, r, http.StatusBadRequest, err.Error()+" (a rejection says why)")
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.webError(w, r, err)
		return
	}
	_, err = rs.ReviewCase(r.Context(), r.PathValue("id"), clearance.Verdict{Approve: approve, Reason: reason, By: actor(r.Context())})
	if err != nil {
		s.caseWebError(w, r, err)
		return
	}
	if approve {
		s.backToAlert(w, r, "Approved: the alert is closed.")
	} else {
		s.backToAlert(w, r, "Rejected: the alert is open again.")
	}
}

// casePage handles the case forms of an alert: op is assign, comment,
// escalate or reopen.
func (s *Server) casePage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	op, text := r.PostFormValue("op"), strings.TrimSpace(r.PostFormValue("text"))
	if err := checkText("text", text, op != "assign"); err != nil {
		s.alertAgain(w, r, http.StatusBadRequest, err.Error())
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.webError(w, r, err)
		return
	}
	id, by, ctx := r.PathValue("id"), actor(r.Context()), r.Context()
	var flash string
	switch op {
	case "assign":
		flash = "Assigned."
		if text == "me" {
			text = by
		}
		_, err = rs.AssignCase(ctx, id, text, by)
	case "comment":
		err, flash = rs.CommentCase(ctx, &clearance.Comment{AlertID: id, By: by, Text: text}), "Comment added."
	case "escalate":
		_, err = rs.EscalateCase(ctx, id, text, by)
		flash = "Escalated."
	case "reopen":
		_, err = rs.ReopenCase(ctx, id, text, by)
		flash = "Reopened."
	default:
		s.alertAgain(w, r, http.StatusBadRequest, fmt.Sprintf("op %q: want assign, comment, escalate or reopen", op))
		return
	}
	if err != nil {
		s.caseWebError(w, r, err)
		return
	}
	s.backToAlert(w, r, flash)
}

// bulkPage closes the selected alerts with one decision and reason.
func (s *Server) bulkPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		s.render(w, r, http.StatusBadRequest, "message", pageData{Data: "Unreadable form: " + err.Error()})
		return
	}
	ids := r.PostForm["id"]
	in := decisionInput{Status: clearance.AlertStatus(r.PostFormValue("status")), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	err := in.check()
	if err == nil && (len(ids) == 0 || len(ids) > maxBulk) {
		err = fmt.Errorf("select 1 to %d alerts (%d selected)", maxBulk, len(ids))
	}
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "message", pageData{Data: "Nothing was closed: " + err.Error()})
		return
	}
	rs, err := s.reviewStore()
	if err != nil {
		s.webError(w, r, err)
		return
	}
	cases, err := rs.DecideCases(r.Context(), ids, clearance.Decision{Status: in.Status, Reason: in.Reason, By: actor(r.Context())}, s.reviewPolicy())
	if err != nil {
		if errors.Is(err, clearance.ErrConflict) || errors.Is(err, clearance.ErrInvalid) || errors.Is(err, clearance.ErrNotFound) {
			s.render(w, r, http.StatusConflict, "message", pageData{Data: "Nothing was closed: " + err.Error()})
			return
		}
		s.webError(w, r, err)
		return
	}
	closed, pending := 0, 0
	for _, c := range cases {
		if c.Pending != nil {
			pending++
		} else {
			closed++
		}
	}
	http.Redirect(w, r, "/ui/alerts?flash="+url.QueryEscape(fmt.Sprintf("%d closed, %d waiting for review.", closed, pending)), http.StatusSeeOther)
}

// auditRow is one audit record for people.
type auditRow struct {
	clearance.AuditRecord
	Name    string // the actor's name, where known
	What    string // the action in plain words
	Reason  string // the decision's or action's reason or text, if any
	AlertID string // set when the object is an alert
	JSON    string // the record's data, indented
}

// auditPage shows the trail newest first as readable rows, the data of
// each behind a disclosure, filtered by person, action and date, 100 to a
// page, and whether the chain holds.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	names := s.actorNames(r.Context())
	person := strings.TrimSpace(q.Get("actor"))
	if person != "" && !strings.Contains(person, ":") && names["user:"+person] == "" {
		// Not a user: a key's name stands for the key, when one ownerless
		// key bears it. A user's name is passed on as it is: the store
		// matches user:NAME and the keys NAME owns, key:ID (NAME).
		var ids []string
		for id, n := range names {
			if n == person && strings.HasSuffix(id, " (no owner)") {
				ids = append(ids, id)
			}
		}
		if len(ids) == 1 {
			q.Set("actor", ids[0])
			r.URL.RawQuery = q.Encode()
		}
	}
	f, err := auditFilter(r)
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "message", pageData{Data: err.Error()})
		return
	}
	f.Limit = 100
	rs, err := s.reviewStore()
	if err != nil {
		s.webError(w, r, err)
		return
	}
	recs, err := rs.SearchAudit(r.Context(), f)
	if err != nil {
		s.webError(w, r, err)
		return
	}
	v, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		s.webError(w, r, err)
		return
	}
	rows := make([]auditRow, 0, len(recs))
	for _, rec := range recs {
		row := auditRow{AuditRecord: rec, Name: names[rec.Actor], What: actionWords(rec.Action), Reason: recordReason(rec)}
		if id, ok := strings.CutPrefix(rec.Object, "alert:"); ok {
			row.AlertID = id
		}
		if len(rec.Data) > 0 {
			var v any
			if json.Unmarshal(rec.Data, &v) == nil {
				b, _ := json.MarshalIndent(v, "", "  ")
				row.JSON = string(b)
			} else {
				row.JSON = string(rec.Data)
			}
		}
		rows = append(rows, row)
	}
	var older string
	if len(recs) == f.Limit {
		nq := url.Values{}
		for k, v := range r.URL.Query() {
			nq[k] = v
		}
		nq.Set("actor", person)
		nq.Set("before", strconv.FormatInt(recs[len(recs)-1].Seq, 10))
		older = "/ui/audit?" + nq.Encode()
	}
	people := map[string]bool{}
	for _, n := range names {
		people[n] = true
	}
	var peopleList []string
	for n := range people {
		peopleList = append(peopleList, n)
	}
	slices.Sort(peopleList)
	s.render(w, r, http.StatusOK, "audit", pageData{Data: map[string]any{
		"Verification": v, "Rows": rows, "Older": older, "Filtered": f.BeforeSeq > 0 || f.Actor != "" || f.Action != "" || !f.From.IsZero() || !f.To.IsZero(),
		"Actor": person, "Action": f.Action, "From": q.Get("from"), "To": q.Get("to"), "People": peopleList, "Actions": auditActions,
	}})
}

// auditActions are the actions the audit page's filter offers.
var auditActions = []string{
	clearance.ActionAlertOpened, clearance.ActionAlertDecided, clearance.ActionAlertProposed, clearance.ActionAlertApproved,
	clearance.ActionAlertRejected, clearance.ActionAlertAssigned, clearance.ActionAlertCommented, clearance.ActionAlertEscalated,
	clearance.ActionAlertReopened, clearance.ActionScreeningCreated, clearance.ActionSubjectCreated, clearance.ActionSubjectUpdated,
	clearance.ActionSubjectDeleted, clearance.ActionListsUpdated, clearance.ActionKeyCreated, clearance.ActionKeyRevoked, clearance.ActionAuditKeyed,
}

// recordReason picks what a person wants from a record's data: the
// decision and its reason, the reviewer's reason, the assignee, the
// comment.
func recordReason(r clearance.AuditRecord) string {
	var d struct {
		Status     string `json:"status"`
		Reason     string `json:"reason"`
		Review     string `json:"review"`
		ProposedBy string `json:"proposed_by"`
		Assignee   *string
		Text       string `json:"text"`
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(r.Data, &d) != nil || json.Unmarshal(r.Data, &raw) != nil {
		return ""
	}
	switch r.Action {
	case clearance.ActionAlertDecided, clearance.ActionAlertProposed:
		return statusWords(clearance.AlertStatus(d.Status)) + ": " + d.Reason
	case clearance.ActionAlertApproved:
		if d.Review != "" {
			return statusWords(clearance.AlertStatus(d.Status)) + " — " + d.Review
		}
		return statusWords(clearance.AlertStatus(d.Status))
	case clearance.ActionAlertRejected:
		return "rejected " + statusWords(clearance.AlertStatus(d.Status)) + ": " + d.Review
	case clearance.ActionAlertAssigned:
		var a string
		json.Unmarshal(raw["assignee"], &a)
		if a == "" {
			return "unassigned"
		}
		return "to " + a
	case clearance.ActionAlertCommented:
		return d.Text
	case clearance.ActionAlertEscalated:
		return d.Reason
	case clearance.ActionAlertReopened:
		var because string
		json.Unmarshal(raw["reopened_because"], &because)
		return because
	}
	return ""
}

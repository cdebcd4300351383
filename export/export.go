// Package export writes what the service decided in forms an examiner
// accepts: CSV of alerts, of decisions and of the audit trail, and a PDF
// report with a page per case (the subject and the query, the match with
// its reasons and the name it matched, every audit record of the alert
// with who acted and when, and the list versions screened against).
//
// A case's history is read from the audit trail, not from the alert row:
// every record whose object is the alert is part of it, whatever its
// action, so actions added later (reviews, comments, assignments) appear
// without a change here.
package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

// Kind is what is exported.
type Kind string

// Kinds.
const (
	Alerts    Kind = "alerts"    // one row per alert, with its match and last decision
	Decisions Kind = "decisions" // one row per audit record on an alert after it was opened
	Audit     Kind = "audit"     // one row per audit record
)

// ParseKind reads alerts, decisions or audit.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case Alerts, Decisions, Audit:
		return k, nil
	}
	return "", fmt.Errorf("unknown export %q: want alerts, decisions or audit", s)
}

// Format is an export's file format.
type Format string

// Formats.
const (
	CSV Format = "csv"
	PDF Format = "pdf"
)

// ParseFormat reads csv or pdf.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, PDF:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q: want csv or pdf", s)
}

// ContentType is the format's media type.
func (f Format) ContentType() string {
	if f == PDF {
		return "application/pdf"
	}
	return "text/csv; charset=utf-8"
}

// Filter selects what is exported. Zero fields do not filter.
type Filter struct {
	// Since and Until bound the time: an alert's opening, a record's time.
	// Since is inclusive, Until exclusive.
	Since, Until time.Time
	// Status keeps the cases whose alert stands at this status now
	// (alerts and decisions; the audit trail has no status).
	Status clearance.AlertStatus
	// Alert keeps one case, by alert ID.
	Alert string
}

// ParseFilter reads the filter as the CLI's flags and the API's
// parameters give it: since and until as RFC 3339 times or YYYY-MM-DD
// dates (until a date means before that day ends), status as an alert
// status.
func ParseFilter(since, until, status, alert string) (Filter, error) {
	var f Filter
	var err error
	if f.Since, err = parseTime("since", since, false); err != nil {
		return f, err
	}
	if f.Until, err = parseTime("until", until, true); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return f, fmt.Errorf("until %s is not after since %s", until, since)
	}
	f.Status = clearance.AlertStatus(strings.TrimSpace(status))
	if f.Status != "" && !validStatus(f.Status) {
		return f, fmt.Errorf("status %q: want open, true_match or false_positive (or another status the store uses)", status)
	}
	f.Alert = strings.TrimSpace(alert)
	return f, nil
}

// validStatus accepts the statuses this version knows and any other of
// the same shape (review adds "pending_review"): a store lists none of an
// unknown status, so a typo yields an empty export, not a wrong one; the
// shape check catches what cannot be a status.
func validStatus(s clearance.AlertStatus) bool {
	if len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

func parseTime(name, s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want a date (2026-12-05) or an RFC 3339 time (2026-12-05T14:00:00Z)", name, s)
	}
	if endOfDay {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

func (f Filter) inTime(t time.Time) bool {
	return (f.Since.IsZero() || !t.Before(f.Since)) && (f.Until.IsZero() || t.Before(f.Until))
}

// Case is an alert with what the examiner needs to judge it.
type Case struct {
	Alert clearance.Alert
	// Subject is nil when the subject was deleted since (its screening
	// keeps the query as screened).
	Subject   *clearance.Subject
	Screening *clearance.Screening
	// Match is the screening's match on the alert's entity; nil when the
	// screening could not be read.
	Match *clearance.Match
	// Records are the audit records whose object is the alert, in order.
	Records []clearance.AuditRecord
}

// Query is what was screened: the screening's query, else the subject's.
func (c *Case) Query() clearance.Query {
	switch {
	case c.Screening != nil:
		return c.Screening.Query
	case c.Subject != nil:
		return c.Subject.Query
	}
	return clearance.Query{}
}

// Actors names who acted (see clearance.ActorNames). An actor it does
// not know ("cli", "monitor") is written as it is.
type Actors map[string]string

// LoadActors reads the names of the store's API keys and users.
func LoadActors(ctx context.Context, st clearance.Store) (Actors, error) {
	a, err := clearance.ActorNames(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	for actor := range a {
		if strings.HasPrefix(actor, "user:") {
			delete(a, actor) // user:NAME already says who; written as it is
		}
	}
	return a, nil
}

// Name is how an actor is written: "Alice (key_123)" for a named key,
// the actor itself otherwise.
func (a Actors) Name(actor string) string {
	if n, ok := a[actor]; ok && n != actor {
		return n + " (" + actor + ")"
	}
	return actor
}

// pageSize is how many rows a listing reads at a time.
const pageSize = 1000

// LoadCases reads the alerts the filter selects, oldest first, with
// their subjects, screenings and audit records.
func LoadCases(ctx context.Context, st clearance.Store, f Filter) ([]Case, error) {
	var cases []Case
	if f.Alert != "" {
		a, err := st.GetAlert(ctx, f.Alert)
		if err != nil {
			return nil, fmt.Errorf("export: alert %s: %w", f.Alert, err)
		}
		if (f.Status == "" || a.Status == f.Status) && f.inTime(a.CreatedAt) {
			cases = append(cases, Case{Alert: a})
		}
	} else {
		after := ""
		for {
			as, err := st.ListAlerts(ctx, clearance.AlertFilter{Status: f.Status, ListOptions: clearance.ListOptions{After: after, Limit: pageSize}})
			if err != nil {
				return nil, fmt.Errorf("export: listing alerts: %w", err)
			}
			for _, a := range as {
				if f.inTime(a.CreatedAt) {
					cases = append(cases, Case{Alert: a})
				}
			}
			if len(as) < pageSize {
				break
			}
			after = as[len(as)-1].ID
		}
	}
	byObject := make(map[string]int, len(cases))
	subjects := map[string]*clearance.Subject{}
	screenings := map[string]*clearance.Screening{}
	for i := range cases {
		c := &cases[i]
		byObject["alert:"+c.Alert.ID] = i
		if s, ok := subjects[c.Alert.SubjectID]; ok {
			c.Subject = s
		} else {
			s, err := st.GetSubject(ctx, c.Alert.SubjectID)
			switch {
			case err == nil:
				c.Subject = &s
			case !errors.Is(err, clearance.ErrNotFound):
				return nil, fmt.Errorf("export: subject %s of alert %s: %w", c.Alert.SubjectID, c.Alert.ID, err)
			}
			subjects[c.Alert.SubjectID] = c.Subject
		}
		sc, ok := screenings[c.Alert.ScreeningID]
		if !ok {
			s, err := st.GetScreening(ctx, c.Alert.ScreeningID)
			switch {
			case err == nil:
				sc = &s
			case !errors.Is(err, clearance.ErrNotFound):
				return nil, fmt.Errorf("export: screening %s of alert %s: %w", c.Alert.ScreeningID, c.Alert.ID, err)
			}
			screenings[c.Alert.ScreeningID] = sc
		}
		c.Screening = sc
		if sc != nil {
			for j := range sc.Matches {
				m := &sc.Matches[j]
				if m.EntityID == c.Alert.EntityID || slices.ContainsFunc(m.Listings, func(l clearance.Listing) bool { return l.EntityID == c.Alert.EntityID }) {
					c.Match = m
					break
				}
			}
		}
	}
	if len(cases) == 0 {
		return cases, nil
	}
	// No record of an alert comes before it opened: the scan starts at
	// the first record written within clockSlack of the earliest opening.
	first := cases[0].Alert.CreatedAt
	for _, c := range cases {
		if c.Alert.CreatedAt.Before(first) {
			first = c.Alert.CreatedAt
		}
	}
	after, err := seqBefore(ctx, st, first.Add(-clockSlack))
	if err != nil {
		return nil, err
	}
	err = eachAuditAfter(ctx, st, after, func(r clearance.AuditRecord) error {
		if i, ok := byObject[r.Object]; ok {
			cases[i].Records = append(cases[i].Records, r)
		}
		return nil
	})
	return cases, err
}

// clockSlack is how far before an alert's opening its case's records are
// looked for: records are in sequence order, and their times follow it
// but for the clocks of several instances disagreeing.
var clockSlack = time.Hour

// seqBefore returns the sequence number of the last record written
// before t (0 if none), by an exponential then binary search over
// sequence numbers, which have no gaps: a few dozen one-record reads
// however long the trail, so one case's report does not read the trail.
func seqBefore(ctx context.Context, st clearance.Store, t time.Time) (int64, error) {
	// timeOf reads record seq; ok is false past the end.
	timeOf := func(seq int64) (time.Time, bool, error) {
		rs, err := st.ListAudit(ctx, seq-1, 1)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("export: reading audit record %d: %w", seq, err)
		}
		if len(rs) == 0 {
			return time.Time{}, false, nil
		}
		return rs[0].Time, true, nil
	}
	lo, hi := int64(0), int64(1) // record lo (0: none) is before t; hi is not, or is past the end
	for {
		tm, ok, err := timeOf(hi)
		if err != nil {
			return 0, err
		}
		if !ok || !tm.Before(t) {
			break
		}
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		tm, ok, err := timeOf(mid)
		if err != nil {
			return 0, err
		}
		if ok && tm.Before(t) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// EachAudit calls fn with every audit record, in order.
func EachAudit(ctx context.Context, st clearance.Store, fn func(clearance.AuditRecord) error) error {
	return eachAuditAfter(ctx, st, 0, fn)
}

func eachAuditAfter(ctx context.Context, st clearance.Store, after int64, fn func(clearance.AuditRecord) error) error {
	for {
		rs, err := st.ListAudit(ctx, after, pageSize)
		if err != nil {
			return fmt.Errorf("export: reading the audit trail after record %d: %w", after, err)
		}
		for _, r := range rs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rs) < pageSize {
			return nil
		}
		after = rs[len(rs)-1].Seq
	}
}

// detailKeys are the fields of a record's data shown, in this order, as
// its details: what decisions, reviews, comments and assignments carry.
var detailKeys = []string{"status", "decision", "reason", "comment", "note", "text", "approved", "assignee", "assigned_to", "reviewer", "score"}

// Details summarises an audit record's data for people: the fields in
// detailKeys that it has, as "key: value", joined by "; ". Data of
// another shape is given as compact JSON, cut at 300 bytes.
func Details(r clearance.AuditRecord) string {
	if len(r.Data) == 0 {
		return ""
	}
	var m map[string]any
	if err := json.Unmarshal(r.Data, &m); err != nil {
		return cut(string(r.Data), 300)
	}
	var parts []string
	for _, k := range detailKeys {
		v, ok := m[k]
		if !ok || v == nil || v == "" {
			continue
		}
		if k == "status" && r.Action == clearance.ActionAlertOpened {
			continue // "open", said by the action
		}
		switch x := v.(type) {
		case string:
			parts = append(parts, k+": "+x)
		case float64:
			if k == "score" {
				parts = append(parts, k+": "+strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", clearance.RoundScore(x)), "0"), "."))
			} else {
				parts = append(parts, fmt.Sprintf("%s: %v", k, x))
			}
		default:
			j, _ := json.Marshal(x)
			parts = append(parts, k+": "+string(j))
		}
	}
	if len(parts) == 0 {
		return cut(string(r.Data), 300)
	}
	return strings.Join(parts, "; ")
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func sortBySeq[T any](s []T, seq func(T) int64) {
	slices.SortStableFunc(s, func(a, b T) int {
		switch x, y := seq(a), seq(b); {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
}

// Write writes one export, as the CLI's export command and the API's
// /v1/export endpoints give it. For decisions the filter's time bounds
// pick the records (and in PDF the cases with a record in them), not the
// alerts' opening.
func Write(ctx context.Context, w io.Writer, st clearance.Store, kind Kind, f Format, filter Filter) error {
	actors, err := LoadActors(ctx, st)
	if err != nil {
		return err
	}
	if kind == Audit {
		if f == PDF {
			return WriteAuditPDF(ctx, w, st, actors, NewPDFOptions(filter))
		}
		return WriteAuditCSV(ctx, w, st, actors, filter)
	}
	caseFilter := filter
	if kind == Decisions {
		caseFilter.Since, caseFilter.Until = time.Time{}, time.Time{}
	}
	cases, err := LoadCases(ctx, st, caseFilter)
	if err != nil {
		return err
	}
	if kind == Decisions && f == PDF {
		kept := cases[:0]
		for _, c := range cases {
			if slices.ContainsFunc(c.Records, func(r clearance.AuditRecord) bool {
				return r.Action != clearance.ActionAlertOpened && filter.inTime(r.Time)
			}) {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	switch {
	case f == PDF:
		return WriteCasesPDF(w, cases, actors, NewPDFOptions(filter))
	case kind == Decisions:
		return WriteDecisionsCSV(w, cases, actors, filter)
	}
	return WriteAlertsCSV(w, cases, actors)
}

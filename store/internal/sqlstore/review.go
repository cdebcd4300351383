package sqlstore

// Case work and four-eyes review (clearance.ReviewStore), kept in
// alert_cases and alert_comments beside the alerts table (migration 007).
// An alert whose decision awaits review stays 'open' in alerts, with the
// decision in alert_cases.pending_*; Case shows it as pending_review.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

var _ clearance.ReviewStore = (*Store)(nil)

// caseSelect reads an alert with its case row. alert_cases shares no
// column name with alerts, so alertCols needs no table prefix.
const caseSelect = "SELECT " + alertCols + `, COALESCE(c.assignee, ''), COALESCE(c.escalated, 0), COALESCE(c.escalation, ''),
	COALESCE(c.pending_status, ''), COALESCE(c.pending_reason, ''), COALESCE(c.pending_by, ''), c.pending_at,
	COALESCE(c.reviewed_by, ''), c.reviewed_at
	FROM alerts LEFT JOIN alert_cases c ON c.alert_id = alerts.id`

// extraScanner scans the columns scanAlert knows, then the extra ones.
type extraScanner struct {
	r     scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.r.Scan(append(dest, e.extra...)...) }

func scanCase(r scanner) (clearance.Case, error) {
	var c clearance.Case
	var escalated int64
	var pStatus, pReason, pBy string
	var pAt, rAt sql.NullInt64
	a, err := scanAlert(extraScanner{r, []any{&c.Assignee, &escalated, &c.Escalation, &pStatus, &pReason, &pBy, &pAt, &c.ReviewedBy, &rAt}})
	if err != nil {
		return c, err
	}
	c.Alert = a
	c.Escalated = escalated != 0
	c.ReviewedAt = fromMicros(rAt)
	if pStatus != "" {
		c.Pending = &clearance.PendingDecision{Status: clearance.AlertStatus(pStatus), Reason: pReason, By: pBy, At: fromMicros(pAt)}
		if c.Status == clearance.AlertOpen {
			c.Status = clearance.AlertPendingReview
		}
	}
	return c, nil
}

// GetCase implements clearance.ReviewStore.
func (s *Store) GetCase(ctx context.Context, id string) (clearance.Case, error) {
	c, err := scanCase(s.db.QueryRowContext(ctx, s.q(caseSelect+" WHERE id = ?"), id))
	return c, s.wrap("alert "+id, notFound(err))
}

// ListCases implements clearance.ReviewStore.
func (s *Store) ListCases(ctx context.Context, f clearance.CaseFilter) ([]clearance.Case, error) {
	var where []string
	var args []any
	switch f.Status {
	case "":
	case clearance.AlertOpen:
		where = append(where, "status = 'open' AND COALESCE(c.pending_status, '') = ''")
	case clearance.AlertPendingReview:
		where = append(where, "status = 'open' AND c.pending_status <> ''")
	default:
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Assignee != "" {
		where, args = append(where, "c.assignee = ?"), append(args, f.Assignee)
	}
	if f.SubjectID != "" {
		where, args = append(where, "subject_id = ?"), append(args, f.SubjectID)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, strings.TrimPrefix(f.Kind, "screening"))
	}
	order := " ORDER BY id LIMIT ?"
	if f.Queue {
		order = " ORDER BY COALESCE(c.escalated, 0) DESC, score DESC, created_at, id LIMIT ? OFFSET ?"
	} else {
		where, args = append(where, "id > ?"), append(args, f.After)
	}
	args = append(args, limit(f.Limit))
	if f.Queue {
		args = append(args, max(0, f.Offset))
	}
	query := caseSelect
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+order), args...)
	if err != nil {
		return nil, s.wrap("list cases", err)
	}
	defer rows.Close()
	var out []clearance.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, s.wrap("list cases", err)
		}
		out = append(out, c)
	}
	return out, s.wrap("list cases", rows.Err())
}

// loadCase reads the case inside the write transaction.
func (t *tx) loadCase(id string) (clearance.Case, error) {
	c, err := scanCase(t.queryRow(caseSelect+" WHERE id = ?", id))
	if err != nil {
		return c, fmt.Errorf("alert %s: %w", id, notFound(err))
	}
	return c, nil
}

// ensureCase makes sure the alert has a case row to update.
func (t *tx) ensureCase(id string) error {
	_, err := t.exec("INSERT INTO alert_cases (alert_id, case_updated_at) VALUES (?, ?) ON CONFLICT (alert_id) DO NOTHING", id, micros(t.now))
	return err
}

// refusePending keeps DecideAlert from closing an alert whose decision
// awaits review: only the reviewer's approval closes it.
func (t *tx) refusePending(id string) error {
	var n int
	if err := t.queryRow("SELECT COUNT(*) FROM alert_cases WHERE alert_id = ? AND pending_status <> ''", id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: a decision on alert %s is pending review", clearance.ErrConflict, id)
	}
	return nil
}

func checkDecision(d clearance.Decision) error {
	if d.Status != clearance.AlertTrueMatch && d.Status != clearance.AlertFalsePositive {
		return fmt.Errorf("%w: status %q (want true_match or false_positive)", clearance.ErrInvalid, d.Status)
	}
	if strings.TrimSpace(d.Reason) == "" {
		return fmt.Errorf("%w: a decision needs a reason", clearance.ErrInvalid)
	}
	return nil
}

// proposalAudit is what the trail keeps of a decision proposed or reviewed.
type proposalAudit struct {
	Alert      string                `json:"alert"`
	Status     clearance.AlertStatus `json:"status"`
	Reason     string                `json:"reason"`
	Score      float64               `json:"score"`
	ProposedBy string                `json:"proposed_by,omitempty"`
	Review     string                `json:"review,omitempty"` // the reviewer's reason
}

// decideCase is DecideCase inside a transaction.
func (t *tx) decideCase(id string, d clearance.Decision, p clearance.ReviewPolicy) (clearance.Case, error) {
	c, err := t.loadCase(id)
	if err != nil {
		return c, err
	}
	if c.Pending != nil {
		return c, fmt.Errorf("%w: alert %s: %s by %s is pending review", clearance.ErrConflict, id, c.Pending.Status, c.Pending.By)
	}
	if c.Status != clearance.AlertOpen {
		return c, fmt.Errorf("%w: alert %s: already decided %s by %s", clearance.ErrConflict, id, c.Status, c.DecidedBy)
	}
	if !p.Requires(c.Alert, d.Status) {
		c.Status, c.Reason, c.DecidedBy, c.DecidedAt = d.Status, d.Reason, d.By, t.now
		if _, err := t.exec("UPDATE alerts SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
			string(c.Status), c.Reason, c.DecidedBy, micros(c.DecidedAt), c.ID); err != nil {
			return c, err
		}
		return c, t.auditData(d.By, clearance.ActionAlertDecided, "alert:"+c.ID, c.Alert)
	}
	if err := t.ensureCase(id); err != nil {
		return c, err
	}
	if _, err := t.exec("UPDATE alert_cases SET pending_status = ?, pending_reason = ?, pending_by = ?, pending_at = ?, case_updated_at = ? WHERE alert_id = ?",
		string(d.Status), d.Reason, d.By, micros(t.now), micros(t.now), id); err != nil {
		return c, err
	}
	c.Pending = &clearance.PendingDecision{Status: d.Status, Reason: d.Reason, By: d.By, At: t.now}
	c.Status = clearance.AlertPendingReview
	return c, t.auditData(d.By, clearance.ActionAlertProposed, "alert:"+id, proposalAudit{Alert: id, Status: d.Status, Reason: d.Reason, Score: c.Score})
}

// DecideCase implements clearance.ReviewStore.
func (s *Store) DecideCase(ctx context.Context, id string, d clearance.Decision, p clearance.ReviewPolicy) (clearance.Case, error) {
	if err := checkDecision(d); err != nil {
		return clearance.Case{}, s.wrap("decide alert "+id, err)
	}
	var out clearance.Case
	err := s.write(ctx, func(t *tx) error {
		c, err := t.decideCase(id, d, p)
		out = c
		return err
	})
	return out, s.wrap("decide alert "+id, err)
}

// DecideCases implements clearance.ReviewStore.
func (s *Store) DecideCases(ctx context.Context, ids []string, d clearance.Decision, p clearance.ReviewPolicy) ([]clearance.Case, error) {
	if err := checkDecision(d); err != nil {
		return nil, s.wrap("decide alerts", err)
	}
	if len(ids) == 0 {
		return nil, s.wrap("decide alerts", fmt.Errorf("%w: no alerts named", clearance.ErrInvalid))
	}
	var out []clearance.Case
	err := s.write(ctx, func(t *tx) error {
		out = out[:0]
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				return fmt.Errorf("%w: alert %s named twice", clearance.ErrInvalid, id)
			}
			seen[id] = true
			c, err := t.decideCase(id, d, p)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, s.wrap("decide alerts", err)
	}
	return out, nil
}

// ReviewCase implements clearance.ReviewStore.
func (s *Store) ReviewCase(ctx context.Context, id string, v clearance.Verdict) (clearance.Case, error) {
	v.Reason = strings.TrimSpace(v.Reason)
	if !v.Approve && v.Reason == "" {
		return clearance.Case{}, s.wrap("review alert "+id, fmt.Errorf("%w: a rejection needs a reason", clearance.ErrInvalid))
	}
	var out clearance.Case
	err := s.write(ctx, func(t *tx) error {
		c, err := t.loadCase(id)
		if err != nil {
			return err
		}
		if c.Pending == nil {
			return fmt.Errorf("%w: alert %s has no decision pending review (it is %s)", clearance.ErrConflict, id, c.Status)
		}
		p := *c.Pending
		if clearance.SamePerson(v.By, p.By) {
			return fmt.Errorf("%w: %w: %s proposed %s on alert %s", clearance.ErrConflict, clearance.ErrSelfReview, p.By, p.Status, id)
		}
		rec := proposalAudit{Alert: id, Status: p.Status, Reason: p.Reason, Score: c.Score, ProposedBy: p.By, Review: v.Reason}
		if _, err := t.exec("UPDATE alert_cases SET pending_status = '', pending_reason = '', pending_by = '', pending_at = NULL, reviewed_by = ?, reviewed_at = ?, case_updated_at = ? WHERE alert_id = ?",
			v.By, micros(t.now), micros(t.now), id); err != nil {
			return err
		}
		c.Pending = nil
		action := clearance.ActionAlertRejected
		if v.Approve {
			action = clearance.ActionAlertApproved
			c.Status, c.Reason, c.DecidedBy, c.DecidedAt = p.Status, p.Reason, p.By, p.At
			c.ReviewedBy, c.ReviewedAt = v.By, t.now
			if _, err := t.exec("UPDATE alerts SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
				string(c.Status), c.Reason, c.DecidedBy, micros(c.DecidedAt), id); err != nil {
				return err
			}
		} else {
			// A rejected proposal approved nothing: the alert is open as before.
			if _, err := t.exec("UPDATE alert_cases SET reviewed_by = '', reviewed_at = NULL WHERE alert_id = ?", id); err != nil {
				return err
			}
			c.Status = clearance.AlertOpen
		}
		out = c
		if v.Approve {
			// The record holds the alert row as it now stands, as
			// alert.decided does, so VerifyAudit compares the row with it.
			return t.auditData(v.By, action, "alert:"+id, approvedAudit{Alert: c.Alert, ProposedBy: p.By, ProposedAt: p.At, Review: v.Reason})
		}
		return t.auditData(v.By, action, "alert:"+id, rec)
	})
	return out, s.wrap("review alert "+id, err)
}

// AssignCase implements clearance.ReviewStore.
func (s *Store) AssignCase(ctx context.Context, id, assignee, by string) (clearance.Case, error) {
	assignee = strings.TrimSpace(assignee)
	var out clearance.Case
	err := s.write(ctx, func(t *tx) error {
		c, err := t.loadCase(id)
		if err != nil {
			return err
		}
		if err := t.ensureCase(id); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE alert_cases SET assignee = ?, case_updated_at = ? WHERE alert_id = ?", assignee, micros(t.now), id); err != nil {
			return err
		}
		rec := struct {
			Assignee string `json:"assignee"`
			Previous string `json:"previous,omitempty"`
		}{assignee, c.Assignee}
		c.Assignee = assignee
		out = c
		return t.auditData(by, clearance.ActionAlertAssigned, "alert:"+id, rec)
	})
	return out, s.wrap("assign alert "+id, err)
}

// CommentCase implements clearance.ReviewStore.
func (s *Store) CommentCase(ctx context.Context, c *clearance.Comment) error {
	if strings.TrimSpace(c.Text) == "" {
		return s.wrap("comment on alert "+c.AlertID, fmt.Errorf("%w: an empty comment", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		if _, err := t.loadCase(c.AlertID); err != nil {
			return err
		}
		saved := *c
		saved.ID, saved.At = newID("cmt", t.now), t.now
		if _, err := t.exec("INSERT INTO alert_comments (id, alert_id, author, body, created_at) VALUES (?, ?, ?, ?, ?)",
			saved.ID, saved.AlertID, saved.By, saved.Text, micros(saved.At)); err != nil {
			return err
		}
		rec := struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}{saved.ID, saved.Text}
		if err := t.auditData(saved.By, clearance.ActionAlertCommented, "alert:"+saved.AlertID, rec); err != nil {
			return err
		}
		*c = saved
		return nil
	})
	return s.wrap("comment on alert "+c.AlertID, err)
}

// CaseComments implements clearance.ReviewStore.
func (s *Store) CaseComments(ctx context.Context, id string) ([]clearance.Comment, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT id, alert_id, author, body, created_at FROM alert_comments WHERE alert_id = ? ORDER BY id"), id)
	if err != nil {
		return nil, s.wrap("comments of alert "+id, err)
	}
	defer rows.Close()
	var out []clearance.Comment
	for rows.Next() {
		var c clearance.Comment
		var at sql.NullInt64
		if err := rows.Scan(&c.ID, &c.AlertID, &c.By, &c.Text, &at); err != nil {
			return nil, s.wrap("comments of alert "+id, err)
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	return out, s.wrap("comments of alert "+id, rows.Err())
}

// approvedAudit is an alert.approved record: the alert row as closed (the
// maker's decision in decided_by, reason and decided_at), who proposed it
// and the reviewer's note.
type approvedAudit struct {
	clearance.Alert
	ProposedBy string    `json:"proposed_by"`
	ProposedAt time.Time `json:"proposed_at"`
	Review     string    `json:"review,omitempty"`
}

// reopenedAudit is an alert.reopened record: the alert row as reopened,
// with the reason and the decision it undoes. Its keys differ from the
// alert's, which the verifier reads from the same object.
type reopenedAudit struct {
	clearance.Alert
	Because      string                `json:"reopened_because"`
	Was          clearance.AlertStatus `json:"was"`
	WasDecidedBy string                `json:"was_decided_by,omitempty"`
}

type reasonAudit struct {
	Reason string `json:"reason"`
}

// EscalateCase implements clearance.ReviewStore.
func (s *Store) EscalateCase(ctx context.Context, id, reason, by string) (clearance.Case, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return clearance.Case{}, s.wrap("escalate alert "+id, fmt.Errorf("%w: an escalation needs a reason", clearance.ErrInvalid))
	}
	var out clearance.Case
	err := s.write(ctx, func(t *tx) error {
		c, err := t.loadCase(id)
		if err != nil {
			return err
		}
		if c.Status != clearance.AlertOpen && c.Status != clearance.AlertPendingReview {
			return fmt.Errorf("%w: alert %s is closed (%s); reopen it first", clearance.ErrConflict, id, c.Status)
		}
		if err := t.ensureCase(id); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE alert_cases SET escalated = 1, escalation = ?, case_updated_at = ? WHERE alert_id = ?", reason, micros(t.now), id); err != nil {
			return err
		}
		c.Escalated, c.Escalation = true, reason
		out = c
		return t.auditData(by, clearance.ActionAlertEscalated, "alert:"+id, reasonAudit{Reason: reason})
	})
	return out, s.wrap("escalate alert "+id, err)
}

// ReopenCase implements clearance.ReviewStore.
func (s *Store) ReopenCase(ctx context.Context, id, reason, by string) (clearance.Case, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return clearance.Case{}, s.wrap("reopen alert "+id, fmt.Errorf("%w: reopening needs a reason", clearance.ErrInvalid))
	}
	var out clearance.Case
	err := s.write(ctx, func(t *tx) error {
		c, err := t.loadCase(id)
		if err != nil {
			return err
		}
		if c.Status != clearance.AlertTrueMatch && c.Status != clearance.AlertFalsePositive {
			return fmt.Errorf("%w: alert %s is not closed (it is %s)", clearance.ErrConflict, id, c.Status)
		}
		var n int
		if err := t.queryRow("SELECT COUNT(*) FROM alerts WHERE kind = ? AND subject_id = ? AND entity_id = ? AND person_id = ? AND status = 'open'", c.Kind, c.SubjectID, c.EntityID, c.PersonID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: alert %s: another alert is open on the same subject and entity; work that one", clearance.ErrConflict, id)
		}
		was, wasBy := c.Status, c.DecidedBy
		if _, err := t.exec("UPDATE alerts SET status = 'open', reason = '', decided_by = '', decided_at = NULL WHERE id = ?", id); err != nil {
			return err
		}
		if err := t.ensureCase(id); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE alert_cases SET reviewed_by = '', reviewed_at = NULL, case_updated_at = ? WHERE alert_id = ?", micros(t.now), id); err != nil {
			return err
		}
		c.Status, c.Reason, c.DecidedBy, c.DecidedAt = clearance.AlertOpen, "", "", time.Time{}
		c.ReviewedBy, c.ReviewedAt = "", time.Time{}
		out = c
		return t.auditData(by, clearance.ActionAlertReopened, "alert:"+id, reopenedAudit{Alert: c.Alert, Because: reason, Was: was, WasDecidedBy: wasBy})
	})
	return out, s.wrap("reopen alert "+id, err)
}

// likeEscaper makes a string match itself in a LIKE pattern with ESCAPE
// '\': a username may hold "_", which LIKE reads as any one character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// SearchAudit implements clearance.ReviewStore.
func (s *Store) SearchAudit(ctx context.Context, f clearance.AuditFilter) ([]clearance.AuditRecord, error) {
	var where []string
	var args []any
	if f.BeforeSeq > 0 {
		where, args = append(where, "seq < ?"), append(args, f.BeforeSeq)
	}
	if f.Actor != "" {
		// A person is every credential of theirs: "alice" matches
		// user:alice and the keys alice owns, as well as an actor
		// written exactly so.
		where = append(where, `(actor = ? OR actor = ? OR (actor LIKE 'key:%' AND actor LIKE ? ESCAPE '\'))`)
		args = append(args, f.Actor, "user:"+f.Actor, "% ("+likeEscaper.Replace(f.Actor)+")")
	}
	for _, c := range []struct{ col, v string }{{"action", f.Action}, {"object", f.Object}} {
		if c.v != "" {
			where, args = append(where, c.col+" = ?"), append(args, c.v)
		}
	}
	if !f.From.IsZero() {
		where, args = append(where, "time >= ?"), append(args, f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		where, args = append(where, "time < ?"), append(args, f.To.UnixMicro())
	}
	query := "SELECT " + auditCols + " FROM audit"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+" ORDER BY seq DESC LIMIT ?"), append(args, limit(f.Limit))...)
	if err != nil {
		return nil, s.wrap("search audit", err)
	}
	defer rows.Close()
	var out []clearance.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, s.wrap("search audit", err)
		}
		out = append(out, r)
	}
	return out, s.wrap("search audit", rows.Err())
}

package clearance

// This file holds the analysts' case work on alerts: four-eyes review of
// closing decisions (maker-checker), assignment, comments, escalation and
// reopening, and the audit trail read by person, action and object. The
// methods are on ReviewStore, which store/sqlite and store/postgres
// implement beside Store.

import (
	"context"
	"errors"
	"time"
)

// AlertPendingReview is how an alert whose closing decision waits for a
// reviewer is shown. The store keeps such an alert open (no second alert
// is opened on its target meanwhile) with the decision proposed beside it.
const AlertPendingReview AlertStatus = "pending_review"

// Case-work audit actions. A decision that closes an alert at once is
// still ActionAlertDecided.
const (
	ActionAlertProposed  = "alert.proposed"  // a decision awaiting review
	ActionAlertApproved  = "alert.approved"  // a reviewer approved it: the alert is closed
	ActionAlertRejected  = "alert.rejected"  // a reviewer rejected it: the alert is open again
	ActionAlertAssigned  = "alert.assigned"  // assigned to a person ("" unassigns)
	ActionAlertCommented = "alert.commented" // a note on the case
	ActionAlertEscalated = "alert.escalated" // flagged for senior attention
	ActionAlertReopened  = "alert.reopened"  // a closed alert opened again, with a reason
)

// ErrSelfReview is returned (wrapped) when the person who proposed a
// decision tries to approve or reject it: four eyes means two people.
var ErrSelfReview = errors.New("the person who proposed a decision cannot review it")

// ReviewPolicy says which closing decisions need a second person with the
// reviewer role. The zero value requires none; DefaultReviewPolicy is what
// `clearance serve` starts with.
type ReviewPolicy struct {
	// TrueMatches: every true match is reviewed.
	TrueMatches bool `json:"true_matches"`
	// FalsePositiveMinScore: a false positive on an alert scoring at or
	// above it is reviewed; 0 means none is, 1 only perfect scores.
	FalsePositiveMinScore float64 `json:"false_positive_min_score"`
}

// DefaultReviewPolicy reviews every true match and every false positive
// scoring 0.9 or more.
func DefaultReviewPolicy() ReviewPolicy {
	return ReviewPolicy{TrueMatches: true, FalsePositiveMinScore: 0.9}
}

// Requires reports whether closing a with status needs a reviewer.
func (p ReviewPolicy) Requires(a Alert, status AlertStatus) bool {
	switch status {
	case AlertTrueMatch:
		return p.TrueMatches
	case AlertFalsePositive:
		return p.FalsePositiveMinScore > 0 && a.Score >= p.FalsePositiveMinScore
	}
	return false
}

// PendingDecision is a closing decision waiting for a reviewer.
type PendingDecision struct {
	Status AlertStatus `json:"status"` // AlertTrueMatch or AlertFalsePositive
	Reason string      `json:"reason"`
	By     string      `json:"by"`
	At     time.Time   `json:"at"`
}

// Case is an alert with its case work.
type Case struct {
	Alert
	// Assignee is the person working the alert ("" for nobody).
	Assignee string `json:"assignee,omitempty"`
	// Escalated alerts come first in the queue; Escalation says why.
	Escalated  bool   `json:"escalated,omitempty"`
	Escalation string `json:"escalation,omitempty"`
	// Pending is the decision awaiting review (Status is then
	// AlertPendingReview).
	Pending *PendingDecision `json:"pending,omitempty"`
	// ReviewedBy approved the decision that closed the alert, at ReviewedAt;
	// empty when it closed without review.
	ReviewedBy string    `json:"reviewed_by,omitempty"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
}

// Comment is a note on a case.
type Comment struct {
	ID      string    `json:"id"` // "cmt_..."
	AlertID string    `json:"alert_id"`
	By      string    `json:"by"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
}

// Verdict is a reviewer's answer to a pending decision.
type Verdict struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason"` // required to reject; optional to approve
	By      string `json:"by"`
}

// CaseFilter selects cases. Empty fields do not filter.
type CaseFilter struct {
	// Status is open (without a pending decision), pending_review,
	// true_match or false_positive.
	Status    AlertStatus
	Assignee  string
	SubjectID string
	// Kind is "screening" or AlertKindHire; "" for both.
	Kind string
	// Queue orders by risk and age: escalated first, then by score
	// (highest first), then oldest first; pages go by Offset, not After.
	Queue  bool
	Offset int
	ListOptions
}

// AuditFilter selects audit records, newest first. Empty fields do not
// filter.
type AuditFilter struct {
	Actor, Action, Object string
	From, To              time.Time // To is exclusive
	BeforeSeq             int64     // 0: from the newest
	Limit                 int       // 0 means 100; at most 1000
}

// ReviewStore keeps case work. Every change is audited in the same
// transaction, as Store's are. Methods taking an alert ID return
// ErrNotFound for an unknown one.
type ReviewStore interface {
	// GetCase returns the alert with its case work.
	GetCase(ctx context.Context, id string) (Case, error)
	// ListCases lists cases in ID order, or in queue order.
	ListCases(ctx context.Context, f CaseFilter) ([]Case, error)
	// DecideCase closes an open alert as d says, or, when p requires
	// review, records d as pending (ActionAlertProposed). ErrConflict if
	// the alert is closed or already has a decision pending; ErrInvalid as
	// DecideAlert.
	DecideCase(ctx context.Context, id string, d Decision, p ReviewPolicy) (Case, error)
	// DecideCases decides every alert of ids as DecideCase does, in one
	// transaction: all or none.
	DecideCases(ctx context.Context, ids []string, d Decision, p ReviewPolicy) ([]Case, error)
	// ReviewCase approves (closing the alert as proposed) or rejects
	// (keeping it open, the reason audited) a pending decision.
	// ErrSelfReview if v.By proposed it; ErrConflict if none is pending;
	// ErrInvalid for a rejection without a reason.
	ReviewCase(ctx context.Context, id string, v Verdict) (Case, error)
	// AssignCase assigns the alert to assignee ("" unassigns).
	AssignCase(ctx context.Context, id, assignee, by string) (Case, error)
	// CommentCase adds c (AlertID, By and Text set), setting ID and At.
	CommentCase(ctx context.Context, c *Comment) error
	// CaseComments returns the alert's comments, oldest first.
	CaseComments(ctx context.Context, id string) ([]Comment, error)
	// EscalateCase flags an open alert for senior attention. ErrConflict
	// if it is closed.
	EscalateCase(ctx context.Context, id, reason, by string) (Case, error)
	// ReopenCase opens a closed alert again. ErrConflict if it is not
	// closed, or if another alert is open on the same subject and entity.
	ReopenCase(ctx context.Context, id, reason, by string) (Case, error)
	// SearchAudit returns the records f selects, newest first.
	SearchAudit(ctx context.Context, f AuditFilter) ([]AuditRecord, error)
}

// SamePerson reports whether two actors are one person: the same actor,
// or a user and a key they own (user:alice and key:key_x (alice)), or two
// keys of one owner. Four-eyes review refuses a verdict by the person who
// proposed the decision, whichever credential either used.
func SamePerson(a, b string) bool {
	if a == b {
		return true
	}
	u := ActorUser(a)
	return u != "" && u == ActorUser(b)
}

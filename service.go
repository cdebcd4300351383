package clearance

// This file holds what the screening service (`clearance serve`) keeps:
// subjects under monitoring, screenings, the alerts they open and the
// decisions on them, a hash-chained audit trail, API keys and a webhook
// outbox. The Store interface is implemented by store/sqlite and
// store/postgres; server/ is written against the interface only.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"
)

// Sentinel errors a Store returns (wrapped, test with errors.Is) where
// callers must branch: a server maps them to 404, 409 and 400.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

// Subject is a customer, applicant or counterparty registered for ongoing
// monitoring: it is screened again whenever the lists change.
type Subject struct {
	ID        string    `json:"id"`  // assigned by the store ("sub_...")
	Ref       string    `json:"ref"` // the caller's own reference; unique
	Query     Query     `json:"query"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Screening is one query screened, kept as screened: the query, every match
// with its reasons, and the threshold and list version in force.
type Screening struct {
	ID        string  `json:"id"`                   // assigned by the store ("scr_...")
	SubjectID string  `json:"subject_id,omitempty"` // set when a stored subject was screened
	Query     Query   `json:"query"`
	Matches   []Match `json:"matches"`
	Threshold float64 `json:"threshold"`
	// ListVersion names the loaded lists, e.g. "us_ofac_sdn@2025-06-01,un_sc_sanctions@...".
	ListVersion string `json:"list_version"`
	// EntityVersions maps a matched entity ID to EntityVersion of the entity
	// as screened. SaveScreening fills it from Match.Entity where missing;
	// an entity with no version is treated as version "".
	EntityVersions map[string]string `json:"entity_versions,omitempty"`
	CreatedAt      time.Time         `json:"created_at"`
	By             string            `json:"by"` // the API key ID (or "cli", "monitor")
}

// MonitorActor is the actor of what the service does by itself: the
// re-screen of stored subjects when the lists change, the lists' updates.
const MonitorActor = "monitor"

// EntityVersion identifies the content of a listed entity: the hex SHA-256
// of its JSON. A false positive is remembered per entity version, so a
// listing that changes is raised again.
func EntityVersion(e *Entity) string {
	if e == nil {
		return ""
	}
	b, err := json.Marshal(e)
	if err != nil { // cannot happen for Entity's plain fields
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AlertStatus is where an alert stands.
type AlertStatus string

// Alert statuses. An alert is opened Open and decided once.
const (
	AlertOpen          AlertStatus = "open"
	AlertTrueMatch     AlertStatus = "true_match"
	AlertFalsePositive AlertStatus = "false_positive"
)

// Alert is a match of a stored subject at or above the threshold, waiting
// for (or carrying) an analyst's decision.
type Alert struct {
	ID            string      `json:"id"` // "alt_..."
	SubjectID     string      `json:"subject_id"`
	ScreeningID   string      `json:"screening_id"`
	EntityID      string      `json:"entity_id"`
	EntityVersion string      `json:"entity_version"`
	Score         float64     `json:"score"`
	Status        AlertStatus `json:"status"`
	CreatedAt     time.Time   `json:"created_at"`
	DecidedAt     time.Time   `json:"decided_at,omitzero"`
	DecidedBy     string      `json:"decided_by,omitempty"`
	Reason        string      `json:"reason,omitempty"`
	// Kind is "" for a screening alert, AlertKindHire for a person the
	// remote-hire assessment newly flagged (PersonID; SubjectID,
	// ScreeningID and EntityID are then empty, Score is the risk).
	Kind     string `json:"kind,omitempty"`
	PersonID string `json:"person_id,omitempty"`
}

// Decision is an analyst's verdict on an open alert.
type Decision struct {
	Status AlertStatus `json:"status"` // AlertTrueMatch or AlertFalsePositive
	Reason string      `json:"reason"` // required: the regulator will ask why
	By     string      `json:"by"`     // the API key ID
}

// Audit actions.
const (
	ActionScreeningCreated = "screening.created"
	ActionAlertOpened      = "alert.opened"
	ActionAlertDecided     = "alert.decided"
	ActionSubjectCreated   = "subject.created"
	ActionSubjectUpdated   = "subject.updated"
	ActionSubjectDeleted   = "subject.deleted"
	ActionListsUpdated     = "lists.updated"
	ActionKeyCreated       = "key.created"
	ActionKeyRevoked       = "key.revoked"
	// ActionAuditKeyed is the first record a store with an audit key
	// appends to a trail of unkeyed records: keyed itself, it seals them.
	ActionAuditKeyed = "audit.keyed"
)

// AuditRecord is one entry of the append-only audit trail. Each record's
// Hash covers its content and the previous record's hash, so changing or
// removing a past record breaks every hash after it.
type AuditRecord struct {
	Seq      int64           `json:"seq"` // 1, 2, 3, ... without gaps
	Time     time.Time       `json:"time"`
	Actor    string          `json:"actor"`  // API key ID, "cli", "monitor"
	Action   string          `json:"action"` // one of the Action constants
	Object   string          `json:"object"` // "alert:alt_...", "subject:sub_...", "lists"
	Data     json.RawMessage `json:"data,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// ComputeHash returns the unkeyed hash of the record: hex SHA-256 of
// PrevHash, a newline, and the JSON of the other fields in a fixed order
// with Time in UTC truncated to the microsecond (what PostgreSQL keeps).
// Records written before the trail had a key carry it; later ones carry
// ComputeMAC. It is defined here, not in a store, so an exported JSONL
// trail can be checked without the database.
func (r *AuditRecord) ComputeHash() string {
	sum := sha256.Sum256(r.AppendCanonical(nil))
	return hex.EncodeToString(sum[:])
}

// AppendCanonical appends what the record's hash covers to b: PrevHash, a
// newline, and the JSON of the other fields in a fixed order.
func (r *AuditRecord) AppendCanonical(b []byte) []byte {
	canonical := struct {
		Seq    string          `json:"seq"`
		Time   string          `json:"time"`
		Actor  string          `json:"actor"`
		Action string          `json:"action"`
		Object string          `json:"object"`
		Data   json.RawMessage `json:"data"`
	}{strconv.FormatInt(r.Seq, 10), r.Time.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), r.Actor, r.Action, r.Object, r.Data}
	if len(canonical.Data) == 0 {
		canonical.Data = json.RawMessage("null")
	}
	j, err := json.Marshal(canonical)
	if err != nil { // only invalid Data JSON; hash it as given so Verify reports it
		j = append([]byte(canonical.Time+canonical.Actor+canonical.Action+canonical.Object), r.Data...)
	}
	b = append(b, r.PrevHash...)
	b = append(b, '\n')
	return append(b, j...)
}

// AuditVerification is the outcome of checking the audit chain.
type AuditVerification struct {
	Records int64 `json:"records"` // records checked
	// FirstBroken is the Seq of the first record whose hash, link or
	// sequence number is wrong, that is missing, or whose stored screening
	// row no longer has the content it was audited with; 0 when the chain
	// is intact.
	FirstBroken int64  `json:"first_broken,omitempty"`
	Problem     string `json:"problem,omitempty"` // what is wrong with it
	// Keyed says the hashes were checked with the audit key.
	Keyed bool `json:"keyed"`
	// KeyedFrom is the Seq of the first record whose hash is keyed (an
	// HMAC); 0 when none is.
	KeyedFrom int64 `json:"keyed_from,omitempty"`
	// Unkeyed counts the records before KeyedFrom (all of them when none
	// is keyed): written before the trail had a key, hashed with plain
	// SHA-256, which anyone able to write the database can recompute.
	Unkeyed int64 `json:"unkeyed,omitempty"`
	// Checkpoints counts the signed checkpoints compared with the trail,
	// and LatestCheckpoint is the highest Seq among them.
	Checkpoints      int   `json:"checkpoints,omitempty"`
	LatestCheckpoint int64 `json:"latest_checkpoint,omitempty"`
	// Unproven says what could not be proven although nothing was found
	// broken (no key to check keyed records with, or unkeyed records that
	// no keyed record seals); "" when the whole trail was proven.
	Unproven string `json:"unproven,omitempty"`
	// Notes say what the proof rests on, for people.
	Notes []string `json:"notes,omitempty"`
}

// Role is what an API key may do. Each role may do everything the ones
// before it may.
type Role string

// Roles.
const (
	RoleScreen   Role = "screen"   // screen queries
	RoleAnalyst  Role = "analyst"  // also read and decide alerts, manage subjects
	RoleReviewer Role = "reviewer" // also approve or reject another person's decision (four-eyes review)
	RoleAdmin    Role = "admin"    // also manage keys and users, refresh lists, read the audit trail
)

// Allows reports whether a key with role r may act as role need.
func (r Role) Allows(need Role) bool {
	rank := map[Role]int{RoleScreen: 1, RoleAnalyst: 2, RoleReviewer: 3, RoleAdmin: 4}
	return rank[r] > 0 && rank[r] >= rank[need]
}

// APIKey is a stored API key. The secret itself is never stored: only its
// hash, so a copy of the database does not give access.
type APIKey struct {
	ID        string    `json:"id"` // "key_..."; shown in audit records
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Hash      string    `json:"-"` // HashAPIKey(secret)
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	// OwnerID is the User the key belongs to, and Owner their username
	// (filled in by the store); both "" for a key made before keys had
	// owners. A disabled owner's keys are refused.
	OwnerID string `json:"owner_id,omitempty"`
	Owner   string `json:"owner,omitempty"`
}

// HashAPIKey is the hash under which a key's secret is stored and looked up.
// Secrets are long and random, so a plain SHA-256 suffices (no password
// stretching).
func HashAPIKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// WebhookDelivery is one message in the outbox: kept in the database until
// delivered so a restart loses none.
type WebhookDelivery struct {
	ID          string          `json:"id"` // "whk_..."
	URL         string          `json:"url"`
	Payload     json.RawMessage `json:"payload"`
	Attempts    int             `json:"attempts"`
	NextAttempt time.Time       `json:"next_attempt"`
	DeliveredAt time.Time       `json:"delivered_at,omitzero"`
	LastError   string          `json:"last_error,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
}

// WebhookEvent is the payload SaveScreening enqueues for each alert it opens.
type WebhookEvent struct {
	Event string `json:"event"` // "alert.opened"
	Alert Alert  `json:"alert"`
}

// ListOptions pages through a listing ordered by ID (IDs sort by creation
// time): pass the last ID of one page as After to get the next. Limit 0
// means 100; at most 1000.
type ListOptions struct {
	After string
	Limit int
}

// AlertFilter selects alerts to list. Empty fields do not filter.
type AlertFilter struct {
	Status    AlertStatus
	SubjectID string
	Kind      string // "screening" for screening alerts, AlertKindHire
	ListOptions
}

// ListState is what the service last screened its stored subjects
// against: the lists' version and the version of every listed entity. It
// is kept in the Store so that a service starting up can tell what changed
// in the lists while it was down, and re-screen the subjects against that.
type ListState struct {
	// Version names the lists, as a server's snapshot does.
	Version string `json:"version"`
	// Entities maps every listed entity ID to its EntityVersion.
	Entities map[string]string `json:"entities"`
	SavedAt  time.Time         `json:"saved_at"`
}

// StoreStats counts what a server exports as metrics.
type StoreStats struct {
	Subjects      int64                 `json:"subjects"`
	Screenings    int64                 `json:"screenings"`
	Alerts        map[AlertStatus]int64 `json:"alerts"`
	OutboxPending int64                 `json:"outbox_pending"`
	AuditRecords  int64                 `json:"audit_records"`
	// Writes counts the writes this Store value has committed since it was
	// opened, and Commits the transactions they took: a store may commit
	// concurrent writes together, and Writes/Commits says how well it does.
	Writes  int64 `json:"writes"`
	Commits int64 `json:"commits"`
}

// Store keeps the service's state. Every change is recorded in the audit
// trail in the same transaction as the change itself. Methods that take an
// actor record it as the audit record's Actor. IDs and times are assigned
// by the store; times are kept to the microsecond.
type Store interface {
	// CreateSubject stores s, setting its ID and times. ErrConflict if
	// another subject has the same Ref; ErrInvalid if Ref is empty.
	CreateSubject(ctx context.Context, actor string, s *Subject) error
	// GetSubject returns the subject with the ID, or ErrNotFound.
	GetSubject(ctx context.Context, id string) (Subject, error)
	// SubjectByRef returns the subject with the caller's reference, or ErrNotFound.
	SubjectByRef(ctx context.Context, ref string) (Subject, error)
	// UpdateSubject replaces the Ref and Query of the subject s.ID and sets
	// s.UpdatedAt. ErrNotFound, or ErrConflict if the new Ref is taken.
	UpdateSubject(ctx context.Context, actor string, s *Subject) error
	// DeleteSubject removes the subject; its screenings and alerts stay for
	// the record. ErrNotFound if there is none.
	DeleteSubject(ctx context.Context, actor string, id string) error
	// ListSubjects returns subjects in ID order.
	ListSubjects(ctx context.Context, opts ListOptions) ([]Subject, error)

	// SaveScreening stores sc (setting ID and CreatedAt) and, in the same
	// transaction, opens an alert for each match scoring at or above
	// sc.Threshold when sc.SubjectID is set, unless the subject already has
	// an open alert for that entity or decided a false positive on the same
	// entity version; it appends the audit records and enqueues a
	// WebhookEvent for each opened alert to each of the notify URLs. It
	// returns the alerts it opened. A re-screen (sc.By MonitorActor) of a
	// subject already re-screened against sc.ListVersion is refused with
	// ErrConflict, so a list change re-screens each subject once however
	// many instances (a killed leader, its successor) work on it.
	SaveScreening(ctx context.Context, sc *Screening, notify []string) ([]Alert, error)
	// GetScreening returns the screening with the ID, or ErrNotFound.
	GetScreening(ctx context.Context, id string) (Screening, error)
	// ListScreenings returns the screenings of a subject ("" for all) in ID order.
	ListScreenings(ctx context.Context, subjectID string, opts ListOptions) ([]Screening, error)

	// ListAlerts returns alerts in ID order.
	ListAlerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	// GetAlert returns the alert with the ID, or ErrNotFound.
	GetAlert(ctx context.Context, id string) (Alert, error)
	// DecideAlert records the decision on an open alert and audits it.
	// ErrNotFound; ErrConflict if the alert is already decided or a
	// decision on it awaits review (see ReviewStore); ErrInvalid
	// for a status other than true_match/false_positive or an empty reason.
	DecideAlert(ctx context.Context, id string, d Decision) (Alert, error)

	// AppendAudit appends a record for events the store does not audit
	// itself (lists.updated), setting r's Seq, Time, PrevHash and Hash.
	AppendAudit(ctx context.Context, r *AuditRecord) error
	// ListAudit returns up to limit records with Seq > afterSeq, in order.
	ListAudit(ctx context.Context, afterSeq int64, limit int) ([]AuditRecord, error)
	// ExportAudit writes the whole trail to w as JSON lines, in order.
	ExportAudit(ctx context.Context, w io.Writer) error
	// VerifyAudit recomputes the chain and names the first broken record.
	// A broken chain is a result, not an error.
	VerifyAudit(ctx context.Context) (AuditVerification, error)

	// SaveListState replaces the stored list state with st, setting its
	// SavedAt, and in the same transaction appends r (the lists.updated
	// record; nil for none) to the audit trail as AppendAudit does, so the
	// trail and the state the monitor compares with agree.
	SaveListState(ctx context.Context, st *ListState, r *AuditRecord) error
	// LoadListState returns the state last saved, or ErrNotFound if none was.
	LoadListState(ctx context.Context) (ListState, error)

	// CreateAPIKey stores k (Name, Role, Hash and OwnerID set by the
	// caller), setting its ID, CreatedAt and Owner. ErrInvalid for an
	// unknown role, an empty hash or an OwnerID naming no user.
	CreateAPIKey(ctx context.Context, actor string, k *APIKey) error
	// APIKeyByHash returns the unrevoked key with the hash, or ErrNotFound;
	// ErrNotFound too when the key's owner is disabled.
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
	// ListAPIKeys returns all keys, revoked included, in ID order.
	ListAPIKeys(ctx context.Context) ([]APIKey, error)
	// RevokeAPIKey revokes the key. ErrNotFound if there is no unrevoked key with the ID.
	RevokeAPIKey(ctx context.Context, actor string, id string) error
	// APIKeyRevocations counts the revoked keys plus the times a user was
	// disabled. A key is never unrevoked and users are never deleted, so
	// the count only grows: a cache of keys is stale once it changes,
	// whichever process revoked the key and whatever its clock says.
	APIKeyRevocations(ctx context.Context) (int64, error)

	// EnqueueWebhook adds d to the outbox (ID and CreatedAt set; NextAttempt
	// zero means now).
	EnqueueWebhook(ctx context.Context, d *WebhookDelivery) error
	// ClaimWebhooks takes up to limit undelivered messages due at now,
	// counts the attempt and hides them from other claimers until now+lease,
	// so each is sent by one worker at a time, across processes.
	ClaimWebhooks(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]WebhookDelivery, error)
	// MarkWebhookDelivered removes the message from the queue.
	MarkWebhookDelivered(ctx context.Context, id string, at time.Time) error
	// MarkWebhookFailed records the error and when to try again.
	MarkWebhookFailed(ctx context.Context, id string, errText string, next time.Time) error

	// Stats counts subjects, alerts by status, pending webhooks and audit records.
	Stats(ctx context.Context) (StoreStats, error)

	Close() error
}

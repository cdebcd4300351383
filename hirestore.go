package clearance

// This file holds what the service keeps for remote-hire risk (package
// hire): the people posted to it, the running aggregate of each person's
// events (never the events themselves), the last assessment of each, the
// clusters, and an index of the normalised identifiers people hold, so
// that who shares what is found without reading any history again. A
// person newly flagged opens an alert of kind AlertKindHire through the
// same alert, decision, audit and webhook flow as screening alerts.
//
// Person records, aggregates and results are JSON (package hire's Person,
// Aggregate and PersonResult): this package cannot import hire, which
// imports it.

import (
	"context"
	"encoding/json"
	"time"
)

// AlertKindHire is the Kind of an alert opened because a person was
// newly flagged by the remote-hire assessment. Screening alerts have an
// empty Kind.
const AlertKindHire = "hire"

// HirePerson is one stored person.
type HirePerson struct {
	ID string `json:"id"`
	// Record is the person record as posted (hire.Person).
	Record json.RawMessage `json:"record"`
	// Aggregate is the running aggregate of the person's events
	// (hire.Aggregate); empty when none has been posted.
	Aggregate json.RawMessage `json:"aggregate,omitempty"`
	// Result is the person's last assessment (hire.PersonResult); empty
	// until assessed.
	Result  json.RawMessage `json:"result,omitempty"`
	Risk    float64         `json:"risk"`
	Flagged bool            `json:"flagged"`
	Cluster string          `json:"cluster,omitempty"`
	// UpdatedAt is set by the store on every save.
	UpdatedAt time.Time `json:"updated_at"`
}

// HireIdentifier is one normalised identifier a person holds: kind
// ("email", "phone", "account", "wallet", "device", "address",
// "network", "photo", "payee", "referral") and value.
type HireIdentifier struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Person string `json:"person"`
}

// HireCluster is one stored cluster of people tied by shared identifiers.
type HireCluster struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
	// Body is the cluster as assessed (hire.Cluster with its links).
	Body json.RawMessage `json:"body"`
}

// HireWrite is one batch of changes, saved in one transaction.
type HireWrite struct {
	// Actor is recorded in the audit records of the alerts opened.
	Actor string
	// People are upserted whole.
	People []HirePerson
	// Identifiers replaces the identifiers of each person it names (an
	// empty list removes them all).
	Identifiers map[string][]HireIdentifier
	// Clusters are upserted; DeleteClusters are removed.
	Clusters       []HireCluster
	DeleteClusters []string
	// Flagged are the people newly flagged: each gets an alert of kind
	// AlertKindHire (Score is their risk) unless they have one open.
	Flagged []HireFlag
	// Notify are the webhook URLs each opened alert is sent to.
	Notify []string
	// Version is the population version the writer read (HireVersion):
	// the write is refused with ErrConflict if another has been made
	// since, and on success Version is set to the new version. A writer
	// holding the population in memory reloads it on ErrConflict.
	Version int64
}

// HireFlag asks for an alert on a newly flagged person.
type HireFlag struct {
	Person string  `json:"person"`
	Risk   float64 `json:"risk"`
}

// HireStore keeps the remote-hire state. It is implemented by the same
// stores as Store (store/sqlite, store/postgres).
type HireStore interface {
	// SaveHire applies w in one transaction and returns the alerts it
	// opened. ErrInvalid for a person without an ID or record;
	// ErrConflict if the population's version is no longer w.Version.
	SaveHire(ctx context.Context, w *HireWrite) ([]Alert, error)
	// HireVersion returns the population's version: 0 for none, one more
	// for each SaveHire.
	HireVersion(ctx context.Context) (int64, error)
	// GetHirePerson returns the stored person, or ErrNotFound.
	GetHirePerson(ctx context.Context, id string) (HirePerson, error)
	// EachHirePerson calls fn for every stored person, in ID order (a
	// service loading its population at start).
	EachHirePerson(ctx context.Context, fn func(HirePerson) error) error
	// HireIdentifiersOf returns the identifiers of a person, by kind and value.
	HireIdentifiersOf(ctx context.Context, person string) ([]HireIdentifier, error)
	// HireHolders returns the people holding an identifier, in ID order.
	HireHolders(ctx context.Context, kind, value string) ([]string, error)
	// GetHireCluster returns the stored cluster, or ErrNotFound.
	GetHireCluster(ctx context.Context, id string) (HireCluster, error)
}

package clearance

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Query is one subject to screen: a person, organisation, vessel or wallet
// with what is known of it. Only Name or Wallet is required.
type Query struct {
	ID          string       `json:"id,omitempty"` // the caller's reference, echoed back
	Name        string       `json:"name,omitempty"`
	Type        EntityType   `json:"type,omitempty"`
	DOB         string       `json:"dob,omitempty"`     // YYYY, YYYY-MM or YYYY-MM-DD
	Country     string       `json:"country,omitempty"` // a country name or ISO code: nationality, residence or registration
	Gender      string       `json:"gender,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Wallet      string       `json:"wallet,omitempty"` // a crypto address
}

// Limits on a query, checked wherever one enters (Query.Check) and by
// the engine itself (CheckLimits). The longest name on the official lists
// is under 300 characters; a name of thousands is a mistake or an attack,
// and screening it would cost time in proportion to its length.
const (
	MaxNameLen     = 1000 // characters (runes) of Name
	MaxFieldLen    = 256  // characters of ID, DOB, Country, Gender, Wallet and an identifier's type and number
	MaxIdentifiers = 100
)

// CheckLimits refuses a query over the limits, naming the field.
func (q *Query) CheckLimits() error {
	if n := runeLen(q.Name, MaxNameLen); n > MaxNameLen {
		return fmt.Errorf("name: %d characters; at most %d", n, MaxNameLen)
	}
	for _, f := range [...]struct{ field, v string }{{"id", q.ID}, {"dob", q.DOB}, {"country", q.Country}, {"gender", q.Gender}, {"wallet", q.Wallet}} {
		if n := runeLen(f.v, MaxFieldLen); n > MaxFieldLen {
			return fmt.Errorf("%s: %d characters; at most %d", f.field, n, MaxFieldLen)
		}
	}
	if len(q.Identifiers) > MaxIdentifiers {
		return fmt.Errorf("identifiers: %d; at most %d", len(q.Identifiers), MaxIdentifiers)
	}
	for i, id := range q.Identifiers {
		if n := max(runeLen(id.Type, MaxFieldLen), runeLen(id.Number, MaxFieldLen)); n > MaxFieldLen {
			return fmt.Errorf("identifiers[%d]: %d characters; at most %d", i, n, MaxFieldLen)
		}
	}
	return nil
}

// runeLen counts the runes of s, without counting when its bytes are
// within limit (a rune is at least a byte).
func runeLen(s string, limit int) int {
	if len(s) <= limit {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// ErrNothingToScreen is returned by Check for a query with no name,
// wallet or identifier.
var ErrNothingToScreen = errors.New("no name, wallet or identifier")

// Check validates a query as it enters (the API, batch, screen): within
// the limits, something to screen, and a date of birth that reads (a
// placeholder such as "unknown" is allowed and means none). The three
// entrances call it so that they accept and refuse alike.
func (q *Query) Check() error {
	if err := q.CheckLimits(); err != nil {
		return err
	}
	if strings.TrimSpace(q.Name) == "" && strings.TrimSpace(q.Wallet) == "" && len(q.Identifiers) == 0 {
		return ErrNothingToScreen
	}
	if q.DOB != "" {
		if _, err := ParseDOB(q.DOB); err != nil {
			return fmt.Errorf("dob: %w", err)
		}
	}
	return nil
}

// Match is one listed entity a query looks like, with why.
type Match struct {
	EntityID string     `json:"entity_id"`
	Source   string     `json:"source"`
	Name     string     `json:"name"` // the entity's primary name
	Type     EntityType `json:"type,omitempty"`
	Programs []string   `json:"programs,omitempty"`
	// Score is in 0..1; at or above the alert threshold the match is an alert.
	Score float64 `json:"score"`
	// MatchedName is the listed name (primary or alias) the query matched best.
	MatchedName string   `json:"matched_name,omitempty"`
	Reasons     []Reason `json:"reasons"`
	Entity      *Entity  `json:"-"`
	// Target identifies the real-world target the entity is one listing
	// of (the ID of its first listing, the UN's where the UN lists it);
	// Listings are the target's other listings, in other lists, found by
	// the same match.
	Target   string    `json:"target,omitempty"`
	Listings []Listing `json:"listings,omitempty"`
}

// Listing is one more listing of a match's target: the same person,
// organisation or vessel as another list designates it, and why the two
// are taken to be one (a passport number, a cited UN reference).
type Listing struct {
	EntityID string   `json:"entity_id"`
	Source   string   `json:"source"`
	Name     string   `json:"name"`
	Programs []string `json:"programs,omitempty"`
	ListedOn string   `json:"listed_on,omitempty"`
	Why      []string `json:"why,omitempty"`
	Entity   *Entity  `json:"-"`
}

// Reason explains one part of a score: which query part met which listed
// part, how, and what it added or took away.
type Reason struct {
	Field  string  `json:"field"` // "name", "name_token", "dob", "country", "identifier", "wallet", "type", "gender"
	Query  string  `json:"query,omitempty"`
	Listed string  `json:"listed,omitempty"`
	How    string  `json:"how"`   // "exact", "romanisation", "phonetic", "edit_distance", "conflict", ...
	Score  float64 `json:"score"` // the part's similarity, or for adjustments the amount added (+) or taken (-)
}

// Screener answers the one question everything in clearance asks: which
// listed entities does this subject look like, and why?
type Screener interface {
	Screen(q Query, opts ScreenOptions) ([]Match, error)
}

// ScreenOptions bound what Screen returns.
type ScreenOptions struct {
	// MinScore drops matches scoring below it; nil means the screener's
	// alert threshold. Zero means zero: every match scored is returned (a
	// sweep of thresholds needs them). Set it with new(0.5), or from
	// user input through ParseMinScore.
	MinScore *float64
	// Limit caps the matches returned (best first); zero means 10.
	Limit int
}

// Result is the answer to one query: a line of batch output, and the body
// of the API's screen response.
type Result struct {
	ID      string  `json:"id"`
	Alert   bool    `json:"alert"` // some match scores at or above the threshold
	Matches []Match `json:"matches"`
	Error   string  `json:"error,omitempty"`
	// Warnings say what of the query was not used, e.g. an unknown field
	// ("date_of_birth" for "dob"); the answer stands without it.
	Warnings []string `json:"warnings,omitempty"`
}

// ParseMinScore reads a minimum score as users give it (a flag, a query
// parameter): a finite number from 0 to 1. The CLI, batch and the API all
// read it here, so that they agree on what is accepted and that 0 means 0.
func ParseMinScore(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("min score %q: want a number from 0 to 1", s)
	}
	if err := CheckMinScore(f); err != nil {
		return 0, err
	}
	return f, nil
}

// CheckMinScore refuses a minimum score that is not a finite number from
// 0 to 1: NaN would drop every match (no comparison with it is true) and
// a negative or infinite one means nothing on a 0..1 scale.
func CheckMinScore(f float64) error {
	if math.IsNaN(f) || f < 0 || f > 1 {
		return fmt.Errorf("min score %v: want a number from 0 to 1", f)
	}
	return nil
}

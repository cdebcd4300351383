package clearance

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
	// MinScore drops matches scoring below it. Zero means the screener's
	// default alert threshold; a negative value returns everything scored.
	MinScore float64
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
}

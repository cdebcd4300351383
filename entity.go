// Package clearance is the domain of a sanctions screener: the listed
// entities that official sanctions lists publish, the queries screened against
// them, and the matches (with the reasons for their scores) that come back.
//
// The subpackages implement it: lists/ turns each publisher's files into
// Entities, names/ and wallet/ normalise what is compared, match/ indexes
// entities and screens queries, and cmd/clearance wires them together. They
// meet only in the types of this package, which imports nothing but the
// standard library.
package clearance

import (
	"fmt"
	"strconv"
	"strings"
)

// EntityType is the kind of thing a list designates.
type EntityType string

// The entity types. Unknown is used where a publisher does not say.
const (
	Unknown      EntityType = ""
	Person       EntityType = "person"
	Organization EntityType = "organization"
	Vessel       EntityType = "vessel"
	Aircraft     EntityType = "aircraft"
)

// ParseEntityType reads the spellings users and lists give a type
// ("individual", "entity", "org", "company", ...). An empty string or a
// placeholder ("unknown", "n/a", "-") is Unknown.
func ParseEntityType(s string) (EntityType, error) {
	if IsPlaceholder(s) {
		return Unknown, nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual", "people", "natural person":
		return Person, nil
	case "organization", "organisation", "org", "entity", "company", "legal entity", "business":
		return Organization, nil
	case "vessel", "ship", "boat":
		return Vessel, nil
	case "aircraft", "plane", "airplane":
		return Aircraft, nil
	}
	return Unknown, fmt.Errorf("unknown entity type %q (want person, organization, vessel or aircraft)", s)
}

// Entity is one listed target: a person, organisation, vessel or aircraft
// as one publisher lists it. The same real-world target listed by several
// publishers is several Entities, one per list.
type Entity struct {
	// ID is stable and namespaced by source: "us_ofac_sdn:43377",
	// "un_sc_sanctions:KPi.066", "gb_hmt_sanctions:13562".
	ID     string     `json:"id"`
	Source string     `json:"source"` // dataset key, e.g. "us_ofac_sdn"
	Type   EntityType `json:"type"`
	// Names holds the primary name first, then aliases.
	Names    []Name   `json:"names"`
	Programs []string `json:"programs,omitempty"`
	Title    string   `json:"title,omitempty"`
	Gender   string   `json:"gender,omitempty"` // "male", "female" or ""

	BirthDates    []BirthDate `json:"birth_dates,omitempty"`
	BirthPlaces   []string    `json:"birth_places,omitempty"`
	Nationalities []string    `json:"nationalities,omitempty"` // ISO 3166-1 alpha-2 where known, else the text
	Citizenships  []string    `json:"citizenships,omitempty"`
	Addresses     []Address   `json:"addresses,omitempty"`

	Identifiers []Identifier    `json:"identifiers,omitempty"`
	Wallets     []WalletAddress `json:"wallets,omitempty"`
	Websites    []string        `json:"websites,omitempty"`
	Emails      []string        `json:"emails,omitempty"`
	Phones      []string        `json:"phones,omitempty"`

	Vessel   *VesselInfo   `json:"vessel,omitempty"`
	Aircraft *AircraftInfo `json:"aircraft,omitempty"`

	// SameAs names the same target in other datasets, where the publisher
	// or the built-in set ties them ("us_ofac_sdn:43377").
	SameAs []string `json:"same_as,omitempty"`

	ListedOn string `json:"listed_on,omitempty"` // YYYY-MM-DD where the list says
	Remarks  string `json:"remarks,omitempty"`   // the publisher's free text, as published
}

// PrimaryName is the name the publisher lists the entity under.
func (e *Entity) PrimaryName() string {
	if len(e.Names) == 0 {
		return ""
	}
	return e.Names[0].Full
}

// Countries lists every country the entity is tied to (nationality,
// citizenship, addresses), without repeats, in that order.
func (e *Entity) Countries() []string {
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range e.Nationalities {
		add(c)
	}
	for _, c := range e.Citizenships {
		add(c)
	}
	for _, a := range e.Addresses {
		add(a.Country)
	}
	return out
}

// NameKind tells what a name is to the entity.
type NameKind string

// Name kinds. OFAC's a.k.a./f.k.a./n.k.a. map to AKA/FKA/NKA; UN and UK
// aliases are AKA.
const (
	Primary NameKind = "primary"
	AKA     NameKind = "aka" // also known as
	FKA     NameKind = "fka" // formerly known as
	NKA     NameKind = "nka" // now known as
)

// Name is one name of an entity as published.
type Name struct {
	// Full is the name as the publisher writes it ("KIM, Sang Man").
	Full string   `json:"full"`
	Kind NameKind `json:"kind"`
	// Weak marks a low-quality alias (OFAC's "weak aka", UN "Low" quality):
	// too common or too vague to screen on alone.
	Weak bool `json:"weak,omitempty"`
	// Script is set for names in a non-Latin script as published
	// ("Arabic", "Cyrillic", "Hangul").
	Script string `json:"script,omitempty"`
}

// Date is a calendar date of which any part may be unknown (zero).
type Date struct {
	Year  int `json:"year,omitempty"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
}

// IsZero reports whether nothing of the date is known.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// String writes the known parts as YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	if s == "" || len(parts) > 3 {
		return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || (i == 0 && len(p) != 4) || (i > 0 && len(p) != 2) {
			return Date{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year < 1800 || d.Year > 2200 || d.Month > 12 || d.Day > 31 || (len(parts) > 1 && d.Month == 0) || (len(parts) > 2 && d.Day == 0) {
		return Date{}, fmt.Errorf("date %q: out of range", s)
	}
	return d, nil
}

// BirthDate is a published date of birth: exact, partial, a range
// ("1960 to 1962") or approximate ("circa 1965").
type BirthDate struct {
	Date
	// Until is the end of a range; zero for a single date.
	Until Date `json:"until,omitzero"`
	Circa bool `json:"circa,omitempty"`
}

// String writes the date as a person reads it: "1965-04-25", "1960 to 1962", "circa 1965".
func (b BirthDate) String() string {
	s := b.Date.String()
	if !b.Until.IsZero() {
		s += " to " + b.Until.String()
	}
	if b.Circa {
		s = "circa " + s
	}
	return s
}

// Address is a published address. Country is an ISO 3166-1 alpha-2 code
// where the country is recognised, else the text.
type Address struct {
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
	Full       string `json:"full,omitempty"` // the whole address as one line
}

// Identifier is a document or registry number: a passport, national ID,
// IMO number, tax or company registration number, SWIFT/BIC, and so on.
type Identifier struct {
	Type    string `json:"type"` // lower-case: "passport", "national_id", "imo", "mmsi", "tax_id", "registration", "swift", ...
	Number  string `json:"number"`
	Country string `json:"country,omitempty"` // issuing country, ISO alpha-2 where known
	Note    string `json:"note,omitempty"`    // issue/expiry dates and other text as published
}

// WalletAddress is a digital currency address as listed.
type WalletAddress struct {
	Currency string `json:"currency"` // the publisher's ticker: "XBT", "ETH", "USDT", ...
	Address  string `json:"address"`
}

// VesselInfo holds the fields publishers give for vessels.
type VesselInfo struct {
	CallSign string `json:"call_sign,omitempty"`
	Type     string `json:"type,omitempty"`
	Tonnage  string `json:"tonnage,omitempty"`
	GRT      string `json:"grt,omitempty"`
	Flag     string `json:"flag,omitempty"`
	Owner    string `json:"owner,omitempty"`
}

// AircraftInfo holds the fields publishers give for aircraft.
type AircraftInfo struct {
	Model        string `json:"model,omitempty"`
	Operator     string `json:"operator,omitempty"`
	Serial       string `json:"serial,omitempty"` // manufacturer's serial number
	Registration string `json:"registration,omitempty"`
	Built        string `json:"built,omitempty"`
}

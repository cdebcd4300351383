// Package fcdo parses the UK Sanctions List, which the Foreign,
// Commonwealth and Development Office publishes as XML and CSV. Since 28
// January 2026 it is the UK's only list: it replaced HM Treasury's OFSI
// Consolidated List (package hmt).
//
// One designation is one entity, ID'd by its UK Sanctions List Unique ID
// (gb_fcdo_sanctions:RUS1683). The XML holds one <Designation> per target
// with all its names; the CSV holds one row per name, grouped here by
// Unique ID. Names are built from Name 1..5 (given names) and Name 6
// (family name, or the whole name of an entity or ship) as the HMT parser
// builds them, so a target reads the same in both UK lists. A designation
// that the UN also lists names it in SameAs (un_sc_sanctions:<reference>),
// as does its old OFSI Group ID (gb_hmt_sanctions:<group>).
package fcdo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
)

// Source is the dataset key of the UK Sanctions List.
const Source = "gb_fcdo_sanctions"

// Parse reads the UK Sanctions List in either of its formats, told apart
// by the first byte that is not space: '<' for the XML, anything else for
// the CSV.
func Parse(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, clearance.ParseReport{}, fmt.Errorf("fcdo: read: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		return ParseXML(bytes.NewReader(data))
	}
	return ParseCSV(bytes.NewReader(data))
}

// designation is one target as the formats give it, before it becomes an
// entity: both parsers fill it, and one function turns it into an Entity.
type designation struct {
	uniqueID, groupID, unRef string
	typ                      string
	regimes                  []string
	names                    []name
	nonLatin                 []string
	titles, positions        []string
	dobs                     []string
	nationalities            []string
	birthPlaces              []string
	genders                  []string
	addresses                []clearance.Address
	ids                      []clearance.Identifier
	emails, phones, websites []string
	vessel                   *clearance.VesselInfo
	designated               string
	other                    string
}

type name struct {
	parts    [6]string // Name 1..6
	kind     string    // NameType: "Primary Name", "Alias", ...
	strength string    // AliasStrength: "Good quality", "Low quality"
}

// full writes the name as the HMT parser does: "FAMILY, Given Names" for a
// person, "Given Family" (in practice Name 6 alone) for anything else.
func (n name) full(person bool) string {
	var given []string
	for _, p := range n.parts[:5] {
		if p = tidy.Clean(p); p != "" {
			given = append(given, p)
		}
	}
	family := tidy.Clean(n.parts[5])
	g := strings.Join(given, " ")
	switch {
	case g == "":
		return family
	case family == "":
		return g
	case person:
		return family + ", " + g
	}
	return g + " " + family
}

// entity turns a designation into an entity, or says why it cannot.
func (d *designation) entity(bad *tidy.Notes) (clearance.Entity, string) {
	id := tidy.Clean(d.uniqueID)
	if id == "" {
		return clearance.Entity{}, "no Unique ID"
	}
	typ, err := clearance.ParseEntityType(tidy.Clean(d.typ))
	if err != nil {
		bad.Add(id, "type %q unknown", tidy.Clean(d.typ))
	}
	e := clearance.Entity{ID: Source + ":" + id, Source: Source, Type: typ}
	person := typ == clearance.Person
	primary := -1
	for _, n := range d.names {
		full := n.full(person)
		if full == "" {
			continue // BEL0174 lists an empty Name before its real one
		}
		kind := clearance.AKA
		k := strings.ToLower(tidy.Clean(n.kind))
		if k == "primary name" && primary < 0 {
			kind = clearance.Primary
		}
		weak := strings.Contains(strings.ToLower(n.strength), "low")
		var at int
		e.Names, at = addNameAt(e.Names, clearance.Name{Full: full, Kind: kind, Weak: weak && kind != clearance.Primary, Script: clearance.ScriptOf(full)})
		if kind == clearance.Primary {
			primary = at
		}
	}
	if len(e.Names) == 0 {
		return clearance.Entity{}, "no name"
	}
	switch {
	case primary > 0:
		p := e.Names[primary]
		copy(e.Names[1:primary+1], e.Names[:primary])
		e.Names[0] = p
	case primary < 0:
		e.Names[0].Kind, e.Names[0].Weak = clearance.Primary, false
	}
	for _, nl := range d.nonLatin {
		if nl = tidy.Clean(nl); nl != "" {
			e.Names = addName(e.Names, clearance.Name{Full: nl, Kind: clearance.AKA, Script: clearance.ScriptOf(nl)})
		}
	}
	for _, r := range d.regimes {
		e.Programs = appendUnique(e.Programs, tidy.Clean(r))
	}
	e.Title = strings.Join(cleanAll(append(append([]string(nil), d.titles...), d.positions...)), "; ")
	for _, g := range d.genders {
		switch strings.ToLower(tidy.Clean(g)) {
		case "male":
			e.Gender = "male"
		case "female":
			e.Gender = "female"
		}
	}
	for _, s := range d.dobs {
		s = tidy.Clean(s)
		if s == "" {
			continue
		}
		dt, err := parseDate(s)
		if err != nil {
			bad.Add(id, "DOB %q unreadable", s)
			continue
		}
		bd := clearance.BirthDate{Date: dt}
		dup := false
		for _, x := range e.BirthDates {
			dup = dup || x == bd
		}
		if !dup {
			e.BirthDates = append(e.BirthDates, bd)
		}
	}
	for _, p := range d.birthPlaces {
		e.BirthPlaces = appendUnique(e.BirthPlaces, tidy.Clean(p))
	}
	for _, n := range d.nationalities {
		if n = tidy.Clean(n); n != "" {
			c := country.Code(n)
			if c == "" {
				c = n
			}
			e.Nationalities = appendUnique(e.Nationalities, c)
		}
	}
	e.Addresses = d.addresses
	for _, x := range d.ids {
		dup := false
		for _, y := range e.Identifiers {
			dup = dup || (x.Type == y.Type && x.Number == y.Number)
		}
		if !dup {
			e.Identifiers = append(e.Identifiers, x)
		}
	}
	for _, s := range d.emails {
		e.Emails = appendUnique(e.Emails, tidy.Clean(s))
	}
	for _, s := range d.phones {
		e.Phones = appendUnique(e.Phones, tidy.Clean(s))
	}
	for _, s := range d.websites {
		e.Websites = appendUnique(e.Websites, tidy.Clean(s))
	}
	if d.vessel != nil && *d.vessel != (clearance.VesselInfo{}) {
		e.Vessel = d.vessel
	}
	if s := tidy.Clean(d.designated); s != "" {
		if dt, err := parseDate(s); err == nil && dt.Day != 0 {
			e.ListedOn = dt.String()
		} else {
			bad.Add(id, "Date Designated %q unreadable", s)
		}
	}
	e.Remarks = strings.TrimSpace(d.other)
	if u := tidy.Clean(d.unRef); u != "" {
		e.SameAs = append(e.SameAs, "un_sc_sanctions:"+u)
	}
	if g := tidy.Clean(d.groupID); g != "" {
		e.SameAs = append(e.SameAs, "gb_hmt_sanctions:"+g)
	}
	return e, ""
}

func addName(names []clearance.Name, n clearance.Name) []clearance.Name {
	names, _ = addNameAt(names, n)
	return names
}

// addNameAt is addName that also says where the name stands. A name
// listed again as the primary name becomes the primary one (a designation
// may list its primary name after the same name as an alias).
func addNameAt(names []clearance.Name, n clearance.Name) ([]clearance.Name, int) {
	for i, x := range names {
		if strings.EqualFold(x.Full, n.Full) {
			if !n.Weak {
				names[i].Weak = false
			}
			if n.Kind == clearance.Primary {
				names[i].Kind, names[i].Weak = clearance.Primary, false
			}
			return names, i
		}
	}
	return append(names, n), len(names)
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func cleanAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = appendUnique(out, tidy.Clean(s))
	}
	return out
}

// address builds an address from its lines, postcode and country.
func address(lines []string, post, ctry string) (clearance.Address, bool) {
	var parts []string
	for _, l := range lines {
		if l = tidy.Clean(l); l != "" {
			parts = append(parts, l)
		}
	}
	post, ctry = tidy.Clean(post), tidy.Clean(ctry)
	full := tidy.JoinNonEmpty(", ", append(parts, post, ctry)...)
	if full == "" {
		return clearance.Address{}, false
	}
	a := clearance.Address{PostalCode: post, Full: full}
	if ctry != "" {
		if a.Country = country.Code(ctry); a.Country == "" {
			a.Country = ctry
		}
	}
	return a, true
}

// identifiers makes documents of numbers and their notes. The list repeats
// a passport as often as it is mentioned (AFG0006 has ten); the entity
// keeps one.
func identifier(typ, number, note string) (clearance.Identifier, bool) {
	number = tidy.Clean(number)
	if number == "" {
		return clearance.Identifier{}, false
	}
	if typ == "imo" {
		number = strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(number), "IMO"))
		if number == "" {
			return clearance.Identifier{}, false // "IMO" and nothing after it
		}
	}
	note = tidy.Clean(note)
	id := clearance.Identifier{Type: typ, Number: number, Note: note}
	if cs := country.Codes(note); len(cs) > 0 {
		id.Country = cs[0]
	}
	return id, true
}

// parseDate reads dd/mm/yyyy, where 00, dd or mm mark an unknown day or
// month ("dd/mm/1945", "00/00/1975").
func parseDate(s string) (clearance.Date, error) {
	parts := strings.Split(strings.TrimSpace(s), "/")
	if len(parts) != 3 {
		return clearance.Date{}, fmt.Errorf("date %q: want dd/mm/yyyy", s)
	}
	var n [3]int
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if i < 2 && (strings.EqualFold(p, "dd") || strings.EqualFold(p, "mm")) {
			continue
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return clearance.Date{}, fmt.Errorf("date %q: want dd/mm/yyyy", s)
		}
		n[i] = v
	}
	d := clearance.Date{Year: n[2], Month: n[1], Day: n[0]}
	if d.Month == 0 {
		d.Day = 0
	}
	if d.Year < 1800 || d.Year > 2200 || d.Month > 12 || d.Day > 31 {
		return clearance.Date{}, fmt.Errorf("date %q: out of range", s)
	}
	return d, nil
}

// publishedDate reads the file's own date: the XML's DateGenerated
// (dd/mm/yyyy) or the CSV's "Report Date: 21-Sep-2026".
func publishedDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10] // a timestamp: its date
	}
	for _, layout := range []string{"02/01/2006", "2-Jan-2006", "02-Jan-2006", "2006-01-02", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", errors.New("unreadable date " + strconv.Quote(s))
}
